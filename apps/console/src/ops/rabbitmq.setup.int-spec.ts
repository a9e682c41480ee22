import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as amqp from 'amqplib';
import { runCli } from '../cli';
import { DEFAULT_DEFINITIONS, type Definitions, ManagementApi } from './rabbitmq.setup';

/** The broker's management API, as an administrator (the local broker's guest; override with TEST_RABBITMQ_ADMIN_URL). */
const ADMIN_URL = process.env.TEST_RABBITMQ_ADMIN_URL ?? 'http://guest:guest@127.0.0.1:15672';
const AMQP_HOST = process.env.TEST_RABBITMQ_AMQP_HOST ?? '127.0.0.1:5672';

/**
 * `ops -- rabbitmq setup` against the local broker, with the shipped definitions renamed to a vhost and users of this
 * test's own (deleted after): idempotent, passwords never printed, and the permissions hold where the broker
 * enforces them: the one-stop user publishes onestop.*, is refused dossier.* (403 ACCESS_REFUSED, channel closed),
 * and cannot read the orchestrator's queue.
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

  /** The shipped file with this test's vhost and user names (the regular expressions are about resources, unchanged). */
  beforeAll(() => {
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
    writeFileSync(passwordsFile, Object.entries(passwords).filter(([name]) => name !== 'onestop').map(([name, pw]) => `${user(name)}: ${pw}\n`).join(''), { mode: 0o600 });
  });

  afterAll(async () => {
    for (const c of connections) await c.close().catch(() => undefined);
    await api.delete(`/vhosts/${encodeURIComponent(vhost)}`);
    for (const u of definitions.users) await api.delete(`/users/${encodeURIComponent(u.name)}`);
  });

  const onestopEnv = (): NodeJS.ProcessEnv => ({ RABBITMQ_ADMIN_URL: ADMIN_URL, [`RABBITMQ_PASSWORD_ONESTOP_${id.toUpperCase()}`]: passwords.onestop });
  const setup = async (env: NodeJS.ProcessEnv, options = ['--passwords', passwordsFile]): Promise<{ code: number; out: string; err: string }> => {
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
    const model = await amqp.connect(`amqp://${encodeURIComponent(user(name))}:${encodeURIComponent(password)}@${AMQP_HOST}/${encodeURIComponent(vhost)}`);
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
    expect(out).toContain(`exchange lienthong.events in ${vhost}: created`);
    for (const u of definitions.users) {
      expect(out).toContain(`user ${u.name}: created`);
      expect(out).toContain(`permissions of ${u.name} on ${vhost}: created`);
      expect(out).toContain(`topic permissions of ${u.name} on ${vhost} for lienthong.events: created`);
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

  it('lets the bus services declare their topology, and the one-stop user publish onestop.* into it', async () => {
    const orchestrator = await connect('lienthong-orchestrator');
    expect(
      await refusal(orchestrator, async (ch) => {
        await ch.assertExchange('lienthong.events', 'topic', { durable: true });
        await ch.assertQueue('lienthong.orchestrator', { durable: true, arguments: { 'x-queue-type': 'classic' } });
        await ch.bindQueue('lienthong.orchestrator', 'lienthong.events', 'onestop.dossier.received');
        await ch.assertQueue('lienthong.orchestrator.retry.1.1s', {
          durable: true,
          arguments: { 'x-queue-type': 'classic', 'x-message-ttl': 1000, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'lienthong.orchestrator' },
        });
      }),
    ).toBeUndefined();
    const onestop = await connect('onestop');
    expect(await refusal(onestop, async (ch) => (ch.publish('lienthong.events', 'onestop.dossier.received', Buffer.from('{}'), { messageId: id }), ch.waitForConfirms()))).toBeUndefined();
    const channel = await orchestrator.createChannel();
    let got: amqp.GetMessage | false = false;
    for (const deadline = Date.now() + 5000; !got && Date.now() < deadline; ) got = await channel.get('lienthong.orchestrator', { noAck: true });
    expect(got && got.properties.messageId).toBe(id);
  });

  it('refuses the one-stop user dossier.* (403, channel closed), another system\'s queue, and bus-internal bindings', async () => {
    const onestop = await connect('onestop');
    expect(await refusal(onestop, async (ch) => (ch.publish('lienthong.events', 'dossier.status-changed', Buffer.from('{}')), ch.waitForConfirms()))).toMatch(
      /403 \(ACCESS-REFUSED\).*ACCESS_REFUSED - access to topic 'dossier\.status-changed' in exchange 'lienthong\.events'/,
    );
    expect(await refusal(onestop, (ch) => ch.consume('lienthong.orchestrator', () => undefined))).toMatch(/403 .*access to queue 'lienthong\.orchestrator'/);
    expect(await refusal(onestop, (ch) => ch.purgeQueue('lienthong.orchestrator'))).toMatch(/403/);
    expect(await refusal(onestop, (ch) => (ch.publish('', 'lienthong.orchestrator', Buffer.from('{}')), ch.waitForConfirms()))).toMatch(/403 .*amq\.default/);
    expect(
      await refusal(onestop, async (ch) => {
        await ch.assertQueue('onestop.inbox', { durable: true });
        for (const key of ['dossier.#', 'decision.#', 'postal.shipment-updated', 'archive.#', 'lienthong.message-rejected']) await ch.bindQueue('onestop.inbox', 'lienthong.events', key);
      }),
    ).toBeUndefined();
    expect(await refusal(onestop, (ch) => ch.bindQueue('onestop.inbox', 'lienthong.events', 'dms.#'))).toMatch(/403 .*access to topic 'dms\.#'/);
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
    const code = await runCli(['rabbitmq', 'setup', '--definitions', file, '--passwords', passwordsFile], onestopEnv(), { out: () => undefined, err: (t) => (err += t), stdin: async () => '' });
    expect(code).toBe(1);
    expect(err).toContain(`RABBITMQ.PASSWORD_MISSING: user ${user('mot-cua')} does not exist yet and has no password: set RABBITMQ_PASSWORD_MOT_CUA_${id.toUpperCase()}`);
  });
});
