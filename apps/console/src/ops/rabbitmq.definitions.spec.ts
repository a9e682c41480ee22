import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTRACT_MESSAGE_TYPES, EXCHANGE, INTERNAL_EXCHANGE, MESSAGES, MESSAGE_TYPES, exchangeOf } from '@lienthong/contracts';
import { messagingOptionsFromEnv, queueNameOf, retryQueueName } from '@lienthong/messaging';
import { HEARTBEAT_BINDING, OPS_EXCHANGE } from '@lienthong/runtime';
import { DEFAULT_DEFINITIONS, type Definitions, loadDefinitions, passwordMatches, passwordVariable, readPasswords } from './rabbitmq.setup';

/**
 * The shipped definitions (deploy/rabbitmq/definitions.json, generated from the code by `npm run rabbitmq:definitions`)
 * against the routing map and the broker topology, read independently of the generator: who may publish and bind what,
 * on which of the three exchanges. rabbitmq.setup.int-spec.ts checks that the broker enforces them; the package test
 * (test/e2e/deployable-package.e2e-spec.ts) runs the real services with these users.
 */
describe('deploy/rabbitmq/definitions.json', () => {
  const definitions = loadDefinitions(DEFAULT_DEFINITIONS);
  const BUS = ['orchestrator', 'ioffice-adapter', 'postal-adapter', 'console'];
  const EXCHANGES = [EXCHANGE, INTERNAL_EXCHANGE, OPS_EXCHANGE];
  const USERS = [...BUS.map((s) => `lienthong-${s}`), 'onestop'];
  const topic = (user: string, exchange: string): { write: RegExp; read: RegExp } => {
    const t = definitions.topic_permissions.filter((p) => p.user === user && p.exchange === exchange);
    if (t.length !== 1) throw new Error(`${t.length} topic permissions for ${user} on ${exchange}`);
    return { write: new RegExp(t[0].write), read: new RegExp(t[0].read) };
  };
  const permissions = (user: string): { configure: RegExp; write: RegExp; read: RegExp } => {
    const p = definitions.permissions.find((x) => x.user === user)!;
    return { configure: new RegExp(p.configure), write: new RegExp(p.write), read: new RegExp(p.read) };
  };
  /** Who may publish `key` on `exchange`. */
  const writers = (exchange: string, key: string): string[] =>
    USERS.filter((u) => permissions(u).write.test(exchange) && topic(u, exchange).write.test(key));
  /** Who may bind a queue to `exchange` with `key`. */
  const binders = (exchange: string, key: string): string[] =>
    USERS.filter((u) => permissions(u).read.test(exchange) && topic(u, exchange).read.test(key));
  const retryQueues = (service: string): string[] =>
    messagingOptionsFromEnv(service, {}).retryDelaysMs.map((delay, level) => retryQueueName(queueNameOf(service), level, delay));

  it('declares the three exchanges, and one user per bus service and outside system, each with permissions and a topic permission on every exchange', () => {
    expect(definitions.exchanges?.map((x) => [x.name, x.type, x.durable])).toEqual(EXCHANGES.map((name) => [name, 'topic', true]));
    expect(definitions.users.map((u) => u.name).sort()).toEqual([...USERS].sort());
    for (const user of USERS) {
      expect(definitions.permissions.filter((p) => p.user === user)).toHaveLength(1);
      expect(definitions.topic_permissions.filter((p) => p.user === user).map((p) => p.exchange)).toEqual(EXCHANGES);
    }
  });

  it('lets only the one-stop system publish its types, on lienthong.events; every bus type is published by bus services on its own exchange only', () => {
    for (const type of MESSAGE_TYPES) {
      const byOnestop = MESSAGES[type].producer === 'onestop';
      for (const exchange of EXCHANGES) {
        const who = writers(exchange, type);
        expect([type, exchange, who.includes('onestop')]).toEqual([type, exchange, byOnestop && exchange === EXCHANGE]);
        const bus = who.filter((u) => u !== 'onestop');
        expect([type, exchange, bus.length > 0]).toEqual([type, exchange, !byOnestop && exchange === exchangeOf(type)]);
      }
    }
    // the prefix the contract gives the one-stop system, and nothing else
    for (const key of ['onestop.dossier.received', 'onestop.something-new'])
      expect([key, writers(EXCHANGE, key)]).toEqual([key, ['onestop']]);
    for (const key of ['dossier.status-changed', 'lienthong.message-rejected', 'onestop', ''])
      expect([key, writers(EXCHANGE, key).includes('onestop')]).toEqual([key, false]);
  });

  it('lets the bus bind each type only on the exchange it travels on, and every one-stop type reach the bus', () => {
    for (const type of MESSAGE_TYPES) {
      for (const exchange of EXCHANGES.filter((x) => x !== exchangeOf(type)))
        expect([type, exchange, binders(exchange, type)]).toEqual([type, exchange, []]);
    }
    for (const type of MESSAGE_TYPES.filter((t) => MESSAGES[t].producer === 'onestop'))
      expect(binders(EXCHANGE, type)).toContain('lienthong-orchestrator');
    // the commands to the adapters and the orchestrator's own steps
    expect(binders(INTERNAL_EXCHANGE, 'dms.send-requested')).toEqual(['lienthong-ioffice-adapter']);
    expect(binders(INTERNAL_EXCHANGE, 'postal.order-requested')).toEqual(['lienthong-postal-adapter']);
    expect(binders(INTERNAL_EXCHANGE, 'orchestrator.dossier-step-requested')).toEqual(['lienthong-orchestrator']);
    expect(writers(INTERNAL_EXCHANGE, 'orchestrator.batch-step-requested')).toEqual(['lienthong-orchestrator']);
    // no wildcard binding for a bus service: it binds exactly its handlers' types
    for (const user of USERS.filter((u) => u !== 'onestop'))
      for (const key of ['#', 'dms.#', 'onestop.#', '*.*'])
        expect([user, key, EXCHANGES.filter((x) => topic(user, x).read.test(key))]).toEqual([user, key, []]);
  });

  it('lets the one-stop system bind exactly the contract types the bus publishes, never anything on lienthong.internal or lienthong.ops', () => {
    const onestop = topic('onestop', EXCHANGE);
    for (const type of MESSAGE_TYPES)
      expect([type, onestop.read.test(type)]).toEqual([type, exchangeOf(type) === EXCHANGE && MESSAGES[type].producer === 'lienthong']);
    expect(
      CONTRACT_MESSAGE_TYPES.filter((type) => MESSAGES[type].producer === 'lienthong').every((type) =>
        binders(EXCHANGE, type).includes('onestop'),
      ),
    ).toBe(true);
    // the bindings the contract suggests (onestop-amqp.md), and ones that could deliver what is not the bus's announcement
    for (const key of ['dossier.#', 'decision.#', 'decision.*', 'archive.#', 'postal.shipment-updated', 'lienthong.message-rejected'])
      expect([key, onestop.read.test(key)]).toEqual([key, true]);
    for (const key of [
      '#',
      '*',
      '*.*',
      '#.status-changed',
      '*.status-changed',
      'onestop.#',
      'onestop.dossier.received',
      'dms.#',
      'heartbeat.#',
      '',
    ])
      expect([key, onestop.read.test(key)]).toEqual([key, false]);
    for (const exchange of [INTERNAL_EXCHANGE, OPS_EXCHANGE]) {
      expect([exchange, permissions('onestop').read.test(exchange) || permissions('onestop').write.test(exchange)]).toEqual([
        exchange,
        false,
      ]);
      for (const key of ['#', 'dms.send-requested', 'postal.#', 'heartbeat.#'])
        expect([exchange, key, topic('onestop', exchange).read.test(key) || topic('onestop', exchange).write.test(key)]).toEqual([
          exchange,
          key,
          false,
        ]);
    }
  });

  it('lets each bus service publish only its own heartbeat, on lienthong.ops, and the console listen to all of them', () => {
    for (const service of BUS) {
      expect(writers(OPS_EXCHANGE, `heartbeat.${service}`)).toEqual([`lienthong-${service}`]);
      for (const exchange of [EXCHANGE, INTERNAL_EXCHANGE]) expect(writers(exchange, `heartbeat.${service}`)).toEqual([]);
    }
    expect(binders(OPS_EXCHANGE, HEARTBEAT_BINDING)).toEqual(['lienthong-console']);
    expect(writers(OPS_EXCHANGE, 'dossier.status-changed')).toEqual([]);
  });

  it('keeps each user to its own queues: a service its queue and retry queues, the console also its server-named heartbeat queue, the one-stop system its inbox', () => {
    for (const service of BUS) {
      const p = permissions(`lienthong-${service}`);
      for (const queue of [queueNameOf(service), ...retryQueues(service)])
        expect([service, queue, p.configure.test(queue), p.read.test(queue)]).toEqual([service, queue, true, true]);
      for (const exchange of EXCHANGES) expect([service, exchange, p.configure.test(exchange)]).toEqual([service, exchange, true]);
      // retries (and the console's replays) go through the default exchange
      expect(p.write.test('amq.default')).toBe(true);
      for (const other of [...BUS.filter((o) => o !== service).flatMap((o) => [queueNameOf(o), ...retryQueues(o)]), 'onestop.inbox']) {
        expect([service, other, p.configure.test(other) || p.write.test(other) || p.read.test(other)]).toEqual([service, other, false]);
      }
      expect([service, p.configure.test('amq.gen-JzTY20BRgKO-HjmUJj0wLg')]).toEqual([service, service === 'console']);
    }
    const onestop = permissions('onestop');
    expect([onestop.configure.test('onestop.inbox'), onestop.read.test('onestop.inbox')]).toEqual([true, true]);
    for (const resource of [
      ...EXCHANGES,
      'amq.default',
      'amq.gen-JzTY20BRgKO-HjmUJj0wLg',
      'lienthong.orchestrator',
      'lienthong.orchestrator.retry.1.1s',
      'onestop.inbox2',
    ]) {
      expect([
        resource,
        onestop.configure.test(resource) || ((onestop.write.test(resource) || onestop.read.test(resource)) && resource !== EXCHANGE),
      ]).toEqual([resource, false]);
    }
  });

  it('gives the management tag to the console only (queue depths on the dashboard)', () => {
    expect(definitions.users.filter((u) => u.tags.length > 0)).toEqual([{ name: 'lienthong-console', tags: ['management'] }]);
  });
});

describe('passwords', () => {
  it('names the variable of a user in ASCII capitals, Vietnamese names folded (NFC and NFD alike)', () => {
    expect(passwordVariable('lienthong-orchestrator')).toBe('RABBITMQ_PASSWORD_LIENTHONG_ORCHESTRATOR');
    expect(passwordVariable('một-cửa Đắk Lắk')).toBe('RABBITMQ_PASSWORD_MOT_CUA_DAK_LAK');
    expect(passwordVariable('một-cửa Đắk Lắk'.normalize('NFD'))).toBe('RABBITMQ_PASSWORD_MOT_CUA_DAK_LAK');
    expect(() => passwordVariable('---')).toThrow('user "---" has no letter or digit to name its password variable');
  });

  it('refuses definitions where two users would share a password variable', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'lienthong-defs-')), 'definitions.json');
    const defs: Definitions = {
      vhosts: [{ name: 'v' }],
      users: [
        { name: 'một cửa', tags: [] },
        { name: 'mot-cua', tags: [] },
      ],
      permissions: [],
      topic_permissions: [],
    };
    writeFileSync(file, JSON.stringify(defs));
    expect(() => loadDefinitions(file)).toThrow(
      'users "một cửa" and "mot-cua" would share the password variable RABBITMQ_PASSWORD_MOT_CUA',
    );
  });

  it('names the entry of a definitions mistake', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'lienthong-defs-')), 'definitions.json');
    writeFileSync(
      file,
      JSON.stringify({
        vhosts: [{ name: 'v' }],
        users: [{ name: 'a', tags: [] }],
        permissions: [{ user: 'b', vhost: 'v', configure: '', write: '', read: '' }],
        topic_permissions: [],
      }),
    );
    expect(() => loadDefinitions(file)).toThrow(`${file}: permissions[0].user "b" is not in "users"`);
    writeFileSync(
      file,
      JSON.stringify({
        vhosts: [{ name: 'v' }],
        users: [{ name: 'a', tags: [] }],
        permissions: [{ user: 'a', vhost: 'v', configure: '^(', write: '.*', read: '.*' }],
        topic_permissions: [],
      }),
    );
    expect(() => loadDefinitions(file)).toThrow(`${file}: permissions[0].configure is not a regular expression`);
    const exchange = { name: 'lienthong.events', vhost: 'v', type: 'topic', durable: true };
    const topicPermission = { user: 'a', vhost: 'v', exchange: 'lienthong.event', write: '^$', read: '^$' };
    writeFileSync(
      file,
      JSON.stringify({
        vhosts: [{ name: 'v' }],
        users: [{ name: 'a', tags: [] }],
        permissions: [],
        topic_permissions: [topicPermission],
        exchanges: [exchange],
      }),
    );
    expect(() => loadDefinitions(file)).toThrow(
      `${file}: topic_permissions[0].exchange "lienthong.event" is not in "exchanges" of vhost v`,
    );
    const twice = { ...topicPermission, exchange: 'lienthong.events' };
    writeFileSync(
      file,
      JSON.stringify({
        vhosts: [{ name: 'v' }],
        users: [{ name: 'a', tags: [] }],
        permissions: [],
        topic_permissions: [twice, twice],
        exchanges: [exchange],
      }),
    );
    expect(() => loadDefinitions(file)).toThrow(
      `${file}: topic_permissions[1] repeats the topic permission of a on lienthong.events; give one per user and exchange`,
    );
  });

  it('takes a password from the environment before the file, and refuses short ones and unknown users', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lienthong-pw-'));
    const file = join(dir, 'passwords.yaml');
    const defs: Definitions = {
      vhosts: [{ name: 'v' }],
      users: [
        { name: 'onestop', tags: [] },
        { name: 'lienthong-console', tags: [] },
      ],
      permissions: [],
      topic_permissions: [],
    };
    writeFileSync(file, 'onestop: from-the-file-123\nlienthong-console: console-file-pw-1\n', { mode: 0o600 });
    const { passwords, warnings } = readPasswords(defs, { RABBITMQ_PASSWORD_ONESTOP: 'from-the-environment-1' }, file);
    expect([...passwords]).toEqual([
      ['onestop', 'from-the-environment-1'],
      ['lienthong-console', 'console-file-pw-1'],
    ]);
    expect(warnings).toEqual([]);
    writeFileSync(file, 'onestop: short\n');
    expect(() => readPasswords(defs, {}, file)).toThrow('the password of "onestop" must be a string of at least 12 characters');
    writeFileSync(file, 'someone: long-enough-password\n');
    expect(() => readPasswords(defs, {}, file)).toThrow('gives a password for "someone", who is not a user of the definitions');
    const open = join(dir, 'open.yaml');
    writeFileSync(open, 'onestop: long-enough-password\n', { mode: 0o644 });
    expect(readPasswords(defs, {}, open).warnings).toEqual([
      `the passwords file ${open} can be read by other users (mode 644); chmod 600 it`,
    ]);
  });

  it("recognises a password in RabbitMQ's salted SHA-256 and SHA-512 hashes", () => {
    const salt = randomBytes(4);
    const hash = (digest: string, password: string): string =>
      Buffer.concat([salt, createHash(digest).update(salt).update(password).digest()]).toString('base64');
    expect(passwordMatches('mật-khẩu-đủ-dài', hash('sha256', 'mật-khẩu-đủ-dài'), 'rabbit_password_hashing_sha256')).toBe(true);
    expect(passwordMatches('mật-khẩu-đủ-dài', hash('sha512', 'mật-khẩu-đủ-dài'), 'rabbit_password_hashing_sha512')).toBe(true);
    expect(passwordMatches('another-password', hash('sha256', 'mật-khẩu-đủ-dài'), 'rabbit_password_hashing_sha256')).toBe(false);
    expect(passwordMatches('x', hash('md5', 'x'), 'rabbit_password_hashing_md5')).toBe(false);
  });
});
