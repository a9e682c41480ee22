import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTRACT_MESSAGE_TYPES, MESSAGES, MESSAGE_TYPES } from '@lienthong/contracts';
import { DEFAULT_DEFINITIONS, type Definitions, loadDefinitions, passwordMatches, passwordVariable, readPasswords } from './rabbitmq.setup';

/**
 * The shipped definitions (deploy/rabbitmq/definitions.json) against the routing map: who may publish and bind what.
 * The package test (test/e2e/deployable-package.e2e-spec.ts) then runs the real services with these users.
 */
describe('deploy/rabbitmq/definitions.json', () => {
  const definitions = loadDefinitions(DEFAULT_DEFINITIONS);
  const BUS = ['orchestrator', 'ioffice-adapter', 'postal-adapter', 'console'];
  const topic = (user: string): { write: RegExp; read: RegExp } => {
    const t = definitions.topic_permissions.find((p) => p.user === user && p.exchange === 'lienthong.events');
    if (!t) throw new Error(`no topic permissions for ${user}`);
    return { write: new RegExp(t.write), read: new RegExp(t.read) };
  };
  const permissions = (user: string): { configure: RegExp; write: RegExp; read: RegExp } => {
    const p = definitions.permissions.find((x) => x.user === user)!;
    return { configure: new RegExp(p.configure), write: new RegExp(p.write), read: new RegExp(p.read) };
  };

  it('has one user per bus service and per outside system on the bus, each with permissions and topic permissions', () => {
    expect(definitions.users.map((u) => u.name).sort()).toEqual([...BUS.map((s) => `lienthong-${s}`), 'onestop'].sort());
    for (const { name } of definitions.users) {
      expect(definitions.permissions.filter((p) => p.user === name)).toHaveLength(1);
      expect(definitions.topic_permissions.filter((p) => p.user === name)).toHaveLength(1);
    }
    expect(definitions.exchanges).toEqual([expect.objectContaining({ name: 'lienthong.events', type: 'topic', durable: true })]);
  });

  it('lets only the one-stop system publish its message types, and no bus service impersonate it', () => {
    const onestop = topic('onestop');
    for (const type of MESSAGE_TYPES) {
      const byOnestop = MESSAGES[type].producer === 'onestop';
      expect([type, onestop.write.test(type)]).toEqual([type, byOnestop]);
      const busWriters = BUS.filter((s) => topic(`lienthong-${s}`).write.test(type));
      expect([type, busWriters.length > 0]).toEqual([type, !byOnestop]);
    }
  });

  it('lets the one-stop system bind exactly the contract types the bus publishes, never the bus-internal ones', () => {
    const onestop = topic('onestop');
    for (const type of MESSAGE_TYPES.filter((t) => MESSAGES[t].producer === 'lienthong')) {
      expect([type, onestop.read.test(type)]).toEqual([type, CONTRACT_MESSAGE_TYPES.includes(type)]);
    }
    // the bindings the contract suggests (onestop-amqp.md), and what it must not bind
    for (const key of ['dossier.#', 'decision.#', 'archive.#', 'postal.shipment-updated', 'lienthong.message-rejected']) expect([key, onestop.read.test(key)]).toEqual([key, true]);
    for (const key of ['#', 'dms.#', 'postal.#', 'postal.order-requested', 'lienthong.heartbeat.#', '*.status-changed']) expect([key, onestop.read.test(key)]).toEqual([key, false]);
  });

  it('lets each bus service publish its own heartbeat only, and the console listen to all of them', () => {
    for (const service of BUS) {
      for (const other of BUS) {
        expect([service, other, topic(`lienthong-${service}`).write.test(`lienthong.heartbeat.${other}`)]).toEqual([service, other, service === other]);
      }
    }
    expect(topic('lienthong-console').read.test('lienthong.heartbeat.#')).toBe(true);
  });

  it('keeps the one-stop system to its own queue: no configure on the exchange, no default exchange, no bus queue', () => {
    const onestop = permissions('onestop');
    expect(onestop.configure.test('onestop.inbox')).toBe(true);
    expect(onestop.configure.test('lienthong.events')).toBe(false);
    for (const resource of ['amq.default', 'lienthong.orchestrator', 'lienthong.orchestrator.retry.1.1s']) {
      expect([resource, onestop.write.test(resource) || onestop.read.test(resource)]).toEqual([resource, false]);
    }
    for (const service of BUS) {
      const p = permissions(`lienthong-${service}`);
      // its queue and retry queues, the exchange, and the default exchange for retries and replays
      for (const resource of [`lienthong.${service}`, `lienthong.${service}.retry.3.30s`, 'lienthong.events']) expect([service, resource, p.configure.test(resource)]).toEqual([service, resource, true]);
      expect(p.write.test('amq.default')).toBe(true);
      for (const other of BUS.filter((o) => o !== service)) expect([service, other, p.read.test(`lienthong.${other}`)]).toEqual([service, other, false]);
      expect(p.read.test('onestop.inbox')).toBe(false);
    }
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
    const defs: Definitions = { vhosts: [{ name: 'v' }], users: [{ name: 'một cửa', tags: [] }, { name: 'mot-cua', tags: [] }], permissions: [], topic_permissions: [] };
    writeFileSync(file, JSON.stringify(defs));
    expect(() => loadDefinitions(file)).toThrow('users "một cửa" and "mot-cua" would share the password variable RABBITMQ_PASSWORD_MOT_CUA');
  });

  it('names the entry of a definitions mistake', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'lienthong-defs-')), 'definitions.json');
    writeFileSync(file, JSON.stringify({ vhosts: [{ name: 'v' }], users: [{ name: 'a', tags: [] }], permissions: [{ user: 'b', vhost: 'v', configure: '', write: '', read: '' }], topic_permissions: [] }));
    expect(() => loadDefinitions(file)).toThrow(`${file}: permissions[0].user "b" is not in "users"`);
    writeFileSync(file, JSON.stringify({ vhosts: [{ name: 'v' }], users: [{ name: 'a', tags: [] }], permissions: [{ user: 'a', vhost: 'v', configure: '^(', write: '.*', read: '.*' }], topic_permissions: [] }));
    expect(() => loadDefinitions(file)).toThrow(`${file}: permissions[0].configure is not a regular expression`);
  });

  it('takes a password from the environment before the file, and refuses short ones and unknown users', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lienthong-pw-'));
    const file = join(dir, 'passwords.yaml');
    const defs: Definitions = { vhosts: [{ name: 'v' }], users: [{ name: 'onestop', tags: [] }, { name: 'lienthong-console', tags: [] }], permissions: [], topic_permissions: [] };
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
    expect(readPasswords(defs, {}, open).warnings).toEqual([`the passwords file ${open} can be read by other users (mode 644); chmod 600 it`]);
  });

  it('recognises a password in RabbitMQ\'s salted SHA-256 and SHA-512 hashes', () => {
    const salt = randomBytes(4);
    const hash = (digest: string, password: string): string => Buffer.concat([salt, createHash(digest).update(salt).update(password).digest()]).toString('base64');
    expect(passwordMatches('mật-khẩu-đủ-dài', hash('sha256', 'mật-khẩu-đủ-dài'), 'rabbit_password_hashing_sha256')).toBe(true);
    expect(passwordMatches('mật-khẩu-đủ-dài', hash('sha512', 'mật-khẩu-đủ-dài'), 'rabbit_password_hashing_sha512')).toBe(true);
    expect(passwordMatches('another-password', hash('sha256', 'mật-khẩu-đủ-dài'), 'rabbit_password_hashing_sha256')).toBe(false);
    expect(passwordMatches('x', hash('md5', 'x'), 'rabbit_password_hashing_md5')).toBe(false);
  });
});
