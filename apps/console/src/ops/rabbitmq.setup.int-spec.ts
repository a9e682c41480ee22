import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as amqp from 'amqplib';
import { EXCHANGE, INTERNAL_EXCHANGE, MESSAGES, MESSAGE_TYPES, type MessageType, exchangeOf } from '@lienthong/contracts';
import { declareTopology, messagingOptionsFromEnv, queueNameOf, retryQueueName } from '@lienthong/messaging';
import { HEARTBEAT_BINDING, OPS_EXCHANGE } from '@lienthong/runtime';
import { type ServiceFlow, deployedApps, readBusFlow } from '../../../../scripts/rabbitmq.flow';
import { runCli } from '../cli';
import { DEFAULT_DEFINITIONS, type Definitions, ManagementApi } from './rabbitmq.setup';

/** The broker's management API, as an administrator (the local broker's guest; override with TEST_RABBITMQ_ADMIN_URL). */
const ADMIN_URL = process.env.TEST_RABBITMQ_ADMIN_URL ?? 'http://guest:guest@127.0.0.1:15672';
const AMQP_HOST = process.env.TEST_RABBITMQ_AMQP_HOST ?? '127.0.0.1:5672';

/**
 * `ops -- rabbitmq setup` against the local broker, with the shipped definitions renamed to a vhost and users of this
 * test's own (deleted after): idempotent, passwords never printed, and the permissions hold where the broker
 * enforces them. Each bus service's user can do what the service's code does (the flow the definitions are generated
 * from, scripts/rabbitmq.flow.ts): declare its topology with the real `declareTopology`, consume its queue, publish each
 * of its types on the type's exchange, retry through the default exchange, send its heartbeat; every message reaches
 * every queue bound to it and no other; and each is refused the rest (403 ACCESS_REFUSED, channel closed). The one-stop
 * user publishes onestop.*, is refused dossier.*, another system's queue, and anything on lienthong.internal and
 * lienthong.ops.
 */
describe('ops -- rabbitmq setup', () => {
  const id = randomBytes(4).toString('hex');
  const vhost = `lienthong-setup-${id}`;
  const user = (name: string): string => `${name}-${id}`;
  const dir = mkdtempSync(join(tmpdir(), 'lienthong-rabbitmq-'));
  const definitionsFile = join(dir, 'definitions.json');
  const passwordsFile = join(dir, 'passwords.yaml');
  const passwords: Record<string, string> = {};
  const api = new ManagementApi(ADMIN_URL);
  let definitions: Definitions;
  const connections: amqp.ChannelModel[] = [];
  const ROOT = join(__dirname, '..', '..', '..', '..');
  const EXCHANGES = [EXCHANGE, INTERNAL_EXCHANGE, OPS_EXCHANGE];
  /** What the deployed services do, as their code says (the same reading the definitions are generated from). */
  let flows: ServiceFlow[];
  /** The bindings the contract suggests to the one-stop system (onestop-amqp.md), as its simulator makes them. */
  const ONESTOP_BINDINGS = ['dossier.#', 'decision.#', 'postal.shipment-updated', 'archive.#', 'lienthong.message-rejected'];

  /** The shipped file with this test's vhost and user names (the regular expressions are about resources, unchanged). */
  beforeAll(() => {
    flows = readBusFlow(ROOT, deployedApps(ROOT));
    const shipped = JSON.parse(readFileSync(DEFAULT_DEFINITIONS, 'utf8')) as Definitions;
    const rename = <T extends { vhost: string; user?: string }>(x: T): T => ({ ...x, vhost, ...(x.user ? { user: user(x.user) } : {}) });
    definitions = {
      vhosts: [{ name: vhost }],
      users: shipped.users.map((u) => ({ ...u, name: user(u.name) })),
      permissions: shipped.permissions.map(rename),
      topic_permissions: shipped.topic_permissions.map(rename),
      exchanges: shipped.exchanges?.map(rename),
    };
    writeFileSync(definitionsFile, JSON.stringify(definitions));
    for (const u of shipped.users) passwords[u.name] = `pw-${u.name}-${randomBytes(6).toString('hex')}`;
    // onestop's password comes from the environment; the others from the file
    writeFileSync(
      passwordsFile,
      Object.entries(passwords)
        .filter(([name]) => name !== 'onestop')
        .map(([name, pw]) => `${user(name)}: ${pw}\n`)
        .join(''),
      { mode: 0o600 },
    );
  });

  afterAll(async () => {
    for (const c of connections) await c.close().catch(() => undefined);
    await api.delete(`/vhosts/${encodeURIComponent(vhost)}`);
    for (const u of definitions.users) await api.delete(`/users/${encodeURIComponent(u.name)}`);
  });

  const onestopEnv = (): NodeJS.ProcessEnv => ({
    RABBITMQ_ADMIN_URL: ADMIN_URL,
    [`RABBITMQ_PASSWORD_ONESTOP_${id.toUpperCase()}`]: passwords.onestop,
  });
  const setup = async (
    env: NodeJS.ProcessEnv,
    options = ['--passwords', passwordsFile],
  ): Promise<{ code: number; out: string; err: string }> => {
    let out = '';
    let err = '';
    const code = await runCli(['rabbitmq', 'setup', '--definitions', definitionsFile, ...options], env, {
      out: (t) => (out += `${t}\n`),
      err: (t) => (err += `${t}\n`),
      stdin: async () => '',
    });
    return { code, out, err };
  };
  const connect = async (name: string, password = passwords[name]): Promise<amqp.ChannelModel> => {
    const model = await amqp.connect(
      `amqp://${encodeURIComponent(user(name))}:${encodeURIComponent(password)}@${AMQP_HOST}/${encodeURIComponent(vhost)}`,
    );
    connections.push(model);
    return model;
  };
  /** Runs `fn` on a fresh confirm channel; resolves with the broker's refusal (the channel-closing error), or undefined. */
  const refusal = async (model: amqp.ChannelModel, fn: (ch: amqp.ConfirmChannel) => Promise<unknown>): Promise<string | undefined> => {
    const channel = await model.createConfirmChannel();
    let closedWith: Error | undefined;
    channel.on('error', (error: Error) => (closedWith = error));
    try {
      await fn(channel);
      await channel.close();
      return undefined;
    } catch (error) {
      return (closedWith ?? (error as Error)).message;
    }
  };

  it('creates the vhost, exchange, users, permissions and topic permissions, without printing a password', async () => {
    const { code, out, err } = await setup(onestopEnv());
    expect([code, err]).toEqual([0, '']);
    expect(out).toContain(`vhost ${vhost}: created`);
    for (const exchange of EXCHANGES) expect(out).toContain(`exchange ${exchange} in ${vhost}: created`);
    for (const u of definitions.users) {
      expect(out).toContain(`user ${u.name}: created`);
      expect(out).toContain(`permissions of ${u.name} on ${vhost}: created`);
      for (const exchange of EXCHANGES) expect(out).toContain(`topic permissions of ${u.name} on ${vhost} for ${exchange}: created`);
    }
    for (const pw of Object.values(passwords)) expect(out).not.toContain(pw);
  });

  it('changes nothing when run again (idempotent)', async () => {
    const { code, out } = await setup(onestopEnv());
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines.at(-1)).toBe('nothing to change: the broker already matches the definitions');
    expect(lines.slice(0, -1).every((l) => l.endsWith(': unchanged'))).toBe(true);
    // without any password, existing users keep theirs
    const withoutPasswords = await setup({ RABBITMQ_ADMIN_URL: ADMIN_URL }, []);
    expect(withoutPasswords.code).toBe(0);
    expect(withoutPasswords.out).toContain(`user ${user('onestop')}: unchanged (no password given: it keeps its own)`);
    expect(withoutPasswords.out).toContain('nothing to change');
  });

  it('lets each bus service do what its code does, and every message reach each queue bound to its type and no other', async () => {
    const models = new Map<string, amqp.ChannelModel>();
    for (const flow of flows) models.set(flow.service, await connect(`lienthong-${flow.service}`));
    const onestop = await connect('onestop');
    // 1. the topology, as each service declares it at start; the console also its heartbeat listener; the one-stop its inbox
    let heartbeatQueue = '';
    for (const flow of flows) {
      const queue = queueNameOf(flow.service);
      const declared = await refusal(models.get(flow.service)!, async (ch) => {
        await declareTopology(ch, {
          queue,
          queueType: 'classic',
          bindings: [...flow.consumes.keys()],
          retryDelaysMs: messagingOptionsFromEnv(flow.service, {}).retryDelaysMs,
        });
        await ch.assertExchange(OPS_EXCHANGE, 'topic', { durable: true });
        await ch.cancel((await ch.consume(queue, () => undefined)).consumerTag);
        if (flow.service === 'console') {
          // server-named, as the listener's; not exclusive here, so that the check below can read it on another channel
          heartbeatQueue = (await ch.assertQueue('', { durable: false })).queue;
          await ch.bindQueue(heartbeatQueue, OPS_EXCHANGE, HEARTBEAT_BINDING);
        }
      });
      expect([flow.service, declared]).toEqual([flow.service, undefined]);
    }
    expect(heartbeatQueue).toMatch(/^amq\.gen-/);
    expect(
      await refusal(onestop, async (ch) => {
        await ch.checkExchange(EXCHANGE);
        await ch.assertQueue('onestop.inbox', { durable: true });
        for (const key of ONESTOP_BINDINGS) await ch.bindQueue('onestop.inbox', EXCHANGE, key);
      }),
    ).toBeUndefined();

    // 2. every producer publishes each of its types on the type's exchange (confirmed), its heartbeat, and a retry
    /** The message ids sent of each type (`lienthong.message-rejected` comes from every service that consumes). */
    const sent = new Map<MessageType, string[]>();
    const publish = (
      producer: string,
      types: readonly MessageType[],
      more: (ch: amqp.ConfirmChannel) => void = () => undefined,
    ): Promise<string | undefined> =>
      refusal(producer === 'onestop' ? onestop : models.get(producer)!, async (ch) => {
        for (const type of types) {
          const messageId = `${id}-${producer}-${type}`;
          sent.set(type, [...(sent.get(type) ?? []), messageId]);
          ch.publish(exchangeOf(type), type, Buffer.from('{}'), { messageId, type });
        }
        more(ch);
        await ch.waitForConfirms();
      });
    for (const flow of flows) {
      const retry = retryQueueName(queueNameOf(flow.service), 0, messagingOptionsFromEnv(flow.service, {}).retryDelaysMs[0]);
      const published = await publish(flow.service, [...flow.produces.keys()], (ch) => {
        ch.publish(OPS_EXCHANGE, `heartbeat.${flow.service}`, Buffer.from('{}'), { messageId: `${id}-heartbeat-${flow.service}` });
        ch.publish('', retry, Buffer.from('{}'), { messageId: `${id}-retry-${flow.service}` });
      });
      expect([flow.service, published]).toEqual([flow.service, undefined]);
    }
    expect(
      await publish(
        'onestop',
        MESSAGE_TYPES.filter((t) => MESSAGES[t].producer === 'onestop'),
      ),
    ).toBeUndefined();
    expect([...sent.keys()].sort()).toEqual([...MESSAGE_TYPES].sort());

    // 3. each queue holds exactly the types bound to it, read by its own user: the flow is whole, and nothing leaks
    const drain = async (model: amqp.ChannelModel, queue: string, expected: readonly string[]): Promise<string[]> => {
      const channel = await model.createChannel();
      const got: string[] = [];
      for (const deadline = Date.now() + 10_000; got.length < expected.length && Date.now() < deadline;) {
        const message = await channel.get(queue, { noAck: true });
        if (message) got.push(String(message.properties.messageId));
      }
      // Every publish was confirmed before, so whatever else was routed here is here by now.
      for (let message = await channel.get(queue, { noAck: true }); message; message = await channel.get(queue, { noAck: true }))
        got.push(String(message.properties.messageId));
      await channel.close();
      return got.sort();
    };
    for (const flow of flows) {
      const expected = [...flow.consumes.keys()].flatMap((type) => sent.get(type)!).sort();
      expect([flow.service, await drain(models.get(flow.service)!, queueNameOf(flow.service), expected)]).toEqual([flow.service, expected]);
    }
    const announced = MESSAGE_TYPES.filter((t) => exchangeOf(t) === EXCHANGE && MESSAGES[t].producer === 'lienthong')
      .flatMap((t) => sent.get(t)!)
      .sort();
    expect(await drain(onestop, 'onestop.inbox', announced)).toEqual(announced);
    const heartbeats = flows.map((f) => `${id}-heartbeat-${f.service}`).sort();
    expect(await drain(models.get('console')!, heartbeatQueue, heartbeats)).toEqual(heartbeats);
    // the console's queue monitor, when the management API does not answer, checks every service's queues passively
    for (const flow of flows) {
      expect([flow.service, await refusal(models.get('console')!, (ch) => ch.checkQueue(queueNameOf(flow.service)))]).toEqual([
        flow.service,
        undefined,
      ]);
    }
  });

  it("refuses each bus service what its code does not do: another type, another's heartbeat or queue, a binding it has no handler for", async () => {
    for (const flow of flows) {
      const model = await connect(`lienthong-${flow.service}`);
      const other = flows.find((f) => f.service !== flow.service)!;
      const notProduced = MESSAGE_TYPES.find((t) => !flow.produces.has(t))!;
      const notConsumed = MESSAGE_TYPES.find((t) => !flow.consumes.has(t))!;
      const refused = async (what: string, fn: (ch: amqp.ConfirmChannel) => Promise<unknown>): Promise<void> =>
        expect([flow.service, what, await refusal(model, fn)]).toEqual([
          flow.service,
          what,
          expect.stringMatching(/^Channel closed by server: 403 \(ACCESS-REFUSED\)/),
        ]);
      await refused(
        `publish ${notProduced}`,
        async (ch) => (ch.publish(exchangeOf(notProduced), notProduced, Buffer.from('{}')), ch.waitForConfirms()),
      );
      await refused(`bind ${notConsumed}`, (ch) => ch.bindQueue(queueNameOf(flow.service), exchangeOf(notConsumed), notConsumed));
      await refused(`bind # on ${EXCHANGE}`, (ch) => ch.bindQueue(queueNameOf(flow.service), EXCHANGE, '#'));
      await refused(
        `the heartbeat of ${other.service}`,
        async (ch) => (ch.publish(OPS_EXCHANGE, `heartbeat.${other.service}`, Buffer.from('{}')), ch.waitForConfirms()),
      );
      await refused(`consume ${queueNameOf(other.service)}`, (ch) => ch.consume(queueNameOf(other.service), () => undefined));
      await refused('consume onestop.inbox', (ch) => ch.consume('onestop.inbox', () => undefined));
      await refused(`declare ${queueNameOf(other.service)}.extra`, (ch) => ch.assertQueue(`${queueNameOf(other.service)}.extra`));
      if (flow.service !== 'console')
        await refused(`bind ${HEARTBEAT_BINDING}`, (ch) => ch.bindQueue(queueNameOf(flow.service), OPS_EXCHANGE, HEARTBEAT_BINDING));
    }
  });

  it("refuses the one-stop user dossier.* (403, channel closed), another system's queue, and anything on lienthong.internal or lienthong.ops", async () => {
    const onestop = await connect('onestop');
    expect(
      await refusal(
        onestop,
        async (ch) => (ch.publish('lienthong.events', 'dossier.status-changed', Buffer.from('{}')), ch.waitForConfirms()),
      ),
    ).toMatch(/403 \(ACCESS-REFUSED\).*ACCESS_REFUSED - access to topic 'dossier\.status-changed' in exchange 'lienthong\.events'/);
    expect(await refusal(onestop, (ch) => ch.consume('lienthong.orchestrator', () => undefined))).toMatch(
      /403 .*access to queue 'lienthong\.orchestrator'/,
    );
    expect(await refusal(onestop, (ch) => ch.purgeQueue('lienthong.orchestrator'))).toMatch(/403/);
    expect(await refusal(onestop, (ch) => (ch.publish('', 'lienthong.orchestrator', Buffer.from('{}')), ch.waitForConfirms()))).toMatch(
      /403 .*amq\.default/,
    );
    expect(
      await refusal(onestop, async (ch) => {
        await ch.assertQueue('onestop.inbox', { durable: true });
        for (const key of ['dossier.#', 'decision.#', 'postal.shipment-updated', 'archive.#', 'lienthong.message-rejected'])
          await ch.bindQueue('onestop.inbox', 'lienthong.events', key);
      }),
    ).toBeUndefined();
    expect(await refusal(onestop, (ch) => ch.bindQueue('onestop.inbox', 'lienthong.events', 'dms.#'))).toMatch(
      /403 .*access to topic 'dms\.#'/,
    );
    expect(await refusal(onestop, (ch) => ch.bindQueue('onestop.inbox', 'lienthong.events', '#'))).toMatch(/403 .*access to topic '#'/);
    // nothing at all on the bus-internal and operational exchanges: no publish, no binding
    for (const exchange of [INTERNAL_EXCHANGE, OPS_EXCHANGE]) {
      const refused = new RegExp(`403 .*access to exchange '${exchange.replace('.', '\\.')}' in vhost '[^']+' refused for user`);
      expect(
        await refusal(onestop, async (ch) => (ch.publish(exchange, 'dms.package-sent', Buffer.from('{}')), ch.waitForConfirms())),
      ).toMatch(refused);
      expect(await refusal(onestop, (ch) => ch.bindQueue('onestop.inbox', exchange, '#'))).toMatch(refused);
    }
  });

  it('changes a password that differs, and the old one stops working', async () => {
    const old = passwords.onestop;
    passwords.onestop = `rotated-${randomBytes(6).toString('hex')}`;
    const { code, out } = await setup(onestopEnv());
    expect(code).toBe(0);
    expect(out).toContain(`user ${user('onestop')}: changed (password)`);
    expect(out).toContain('1 change(s) applied');
    await expect(connect('onestop', old)).rejects.toThrow(/ACCESS_REFUSED|403/);
    await connect('onestop');
  });

  it('says which variable to fix when the administrator is refused, without the password', async () => {
    const { code, err } = await setup({ ...onestopEnv(), RABBITMQ_ADMIN_URL: ADMIN_URL.replace(/:[^:@/]+@/, ':wrong-admin-pw@') });
    expect(code).toBe(1);
    expect(err).toContain('RABBITMQ.ADMIN_REFUSED: the management API at http://');
    expect(err).toContain('refused the credentials of RABBITMQ_ADMIN_URL (401)');
    expect(err).not.toContain('wrong-admin-pw');
  });

  it('refuses to create a user without a password, naming its variable', async () => {
    const file = join(dir, 'one-more.json');
    writeFileSync(file, JSON.stringify({ ...definitions, users: [...definitions.users, { name: user('mot-cua'), tags: [] }] }));
    let err = '';
    const code = await runCli(['rabbitmq', 'setup', '--definitions', file, '--passwords', passwordsFile], onestopEnv(), {
      out: () => undefined,
      err: (t) => (err += t),
      stdin: async () => '',
    });
    expect(code).toBe(1);
    expect(err).toContain(
      `RABBITMQ.PASSWORD_MISSING: user ${user('mot-cua')} does not exist yet and has no password: set RABBITMQ_PASSWORD_MOT_CUA_${id.toUpperCase()}`,
    );
  });
});
