import { Logger } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { BUS_ENV, ConfigError, type EnvSource, OPS_ENV, processEnv } from '@lienthong/config';
import {
  AmqpConnection,
  BusError,
  ConfirmPublisher,
  ContractViolation,
  type DeadLetterStatus,
  DeadLetterStore,
  MESSAGING_MIGRATIONS,
} from '@lienthong/messaging';
import { type Database, createDatabase } from '@lienthong/persistence';
import { ServiceLogger } from '@lienthong/runtime';
import { ensureAuditGuard } from './audit/audit.guard';
import { AuditLog } from './audit/audit.log';
import { hashPassword, passwordProblem } from './auth/password';
import { CONSOLE_MIGRATIONS } from './console.migrations';
import { DeadLetterOperations } from './dead-letters/dead-letter.operations';
import { type CommandSpec, CliUsageError, type ParsedCommand, oneOf, parseCommand, wholeNumber } from './ops/cli.options';
import { DEFAULT_MANIFEST, formatMigrationsStatus, migrationsStatus, readManifest } from './ops/migrations.status';
import { DEFAULT_DEFINITIONS, ManagementApi, applyDefinitions, loadDefinitions, readPasswords } from './ops/rabbitmq.setup';
import { DossierTracer } from './trace/dossier.trace';

/** Where the CLI writes (the terminal, or a test's buffer). */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Standard input, whole (for hash-password). */
  stdin(): Promise<string>;
}

const USAGE = `Liên thông operations CLI (same database and broker as the bus: DATABASE_URL, AMQP_URL)

  dead-letters list [--status open|replaying|replayed|discarded] [--queue Q] [--type T] [--error CODE] [--dossier CODE] [--limit N] [--offset N] [--json]
  dead-letters show <id> [--json]
  dead-letters replay <id> [--body <file with the corrected JSON body>]
  dead-letters discard <id> [--reason "<why>"]
  trace <dossierCode> [--json]
  hash-password            reads a password on standard input, prints its bcrypt hash (for CONSOLE_USERS)
  audit-guard              protects the audit trail's table against DROP/ALTER (PostgreSQL: run once as a superuser)
  migrations status [--json] [--manifest <file>]
                           applied and pending migrations per service (this build's dist/migrations.json), read only
  rabbitmq setup [--definitions <file>] [--passwords <file>] [--admin-url <url>]
                           applies vhost, users, permissions and topic permissions through the management API
                           (RABBITMQ_ADMIN_URL; passwords from RABBITMQ_PASSWORD_<USER> or RABBITMQ_PASSWORDS_FILE)

Replays and discards are recorded in the audit trail as cli:<your OS user>.
Exit codes: 0 done, 1 refused or failed, 2 usage.`;

const STATUSES = ['open', 'replaying', 'replayed', 'discarded'];

/** Every command: its words, and what it accepts after them (parsed strictly: an unknown option is an error). */
const COMMANDS: Readonly<Record<string, CommandSpec>> = {
  'dead-letters list': {
    options: {
      status: oneOf(...STATUSES),
      queue: null,
      type: null,
      error: null,
      dossier: null,
      limit: wholeNumber(1),
      offset: wholeNumber(0),
    },
    flags: ['json'],
  },
  'dead-letters show': { positionals: ['id'], flags: ['json'] },
  'dead-letters replay': { positionals: ['id'], options: { body: null } },
  'dead-letters discard': { positionals: ['id'], options: { reason: null } },
  trace: { positionals: ['dossierCode'], flags: ['json'] },
  'hash-password': {},
  'audit-guard': {},
  'migrations status': { flags: ['json'], options: { manifest: null } },
  'rabbitmq setup': { options: { definitions: null, passwords: null, 'admin-url': null } },
};

/** Runs one CLI command; resolves with the process exit code (0 ok, 1 refused/failed, 2 usage). */
export async function runCli(argv: readonly string[], env: EnvSource = processEnv(), io: CliIo = terminal): Promise<number> {
  if (argv.length === 0 || argv[0] === 'help' || argv.includes('--help')) {
    io.out(USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  const name = [argv.slice(0, 2).join(' '), argv[0]].find((candidate) => candidate in COMMANDS);
  if (!name) {
    io.err(
      `CLI.USAGE: unknown command "${argv
        .filter((a) => !a.startsWith('--'))
        .slice(0, 2)
        .join(' ')}"\n\n${USAGE}`,
    );
    return 2;
  }
  let command: ParsedCommand;
  try {
    command = parseCommand(name, argv.slice(name.split(' ').length), COMMANDS[name]);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    io.err(`${error.code}: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  try {
    if (name === 'hash-password') return await hashPasswordCommand(io);
    if (name === 'audit-guard') return await withDatabase(env, true, (db) => auditGuardCommand(db, io));
    if (name === 'rabbitmq setup') return await rabbitmqSetup(command, env, io);
    if (name === 'migrations status') return await withDatabase(env, false, (db) => migrationsStatusCommand(db, command, env, io));
    return await withDatabase(env, true, (db) => withBus(env, (publisher) => busCommand(name, command, db, publisher, io)));
  } catch (error) {
    if (error instanceof ContractViolation) {
      io.err(`${error.code}: the body was refused by its contract:`);
      for (const r of error.reasons) io.err(`  ${r.field}: ${r.problem}`);
    } else if (error instanceof BusError || error instanceof ConfigError) io.err(`${error.code}: ${error.message}`);
    else io.err(`CLI.FAILED: ${(error as Error).message}`);
    return 1;
  }
}

async function hashPasswordCommand(io: CliIo): Promise<number> {
  const password = (await io.stdin()).replace(/\r?\n$/, '');
  const problem = passwordProblem(password);
  if (problem) {
    io.err(`CLI.BAD_PASSWORD: ${problem} (give it on standard input)`);
    return 1;
  }
  io.out(await hashPassword(password));
  return 0;
}

async function auditGuardCommand(db: Database, io: CliIo): Promise<number> {
  const state = await ensureAuditGuard(db);
  if (state.incomplete) io.err(`AUDIT.UNGUARDED: ${state.detail}`);
  else io.out(state.detail);
  return state.incomplete ? 1 : 0;
}

/** The database of `DATABASE_URL`; migrated to the console's tables only for the commands that write there. */
async function withDatabase(env: EnvSource, migrate: boolean, run: (db: Database) => Promise<number>): Promise<number> {
  const db = createDatabase(BUS_ENV.DATABASE_URL.read(env));
  try {
    if (migrate) await db.migrate([...MESSAGING_MIGRATIONS, ...CONSOLE_MIGRATIONS]);
    return await run(db);
  } finally {
    await db.close();
  }
}

async function withBus(env: EnvSource, run: (publisher: ConfirmPublisher) => Promise<number>): Promise<number> {
  const connection = new AmqpConnection({
    urls: BUS_ENV.AMQP_URL.read(env),
    name: 'lienthong-cli',
    reconnectDelayMs: 500,
    reconnectMaxDelayMs: 2_000,
  });
  const publisher = new ConfirmPublisher(connection);
  try {
    return await run(publisher);
  } finally {
    await publisher.close();
    await connection.close();
  }
}

async function busCommand(name: string, command: ParsedCommand, db: Database, publisher: ConfirmPublisher, io: CliIo): Promise<number> {
  const store = new DeadLetterStore(db, publisher);
  if (name === 'trace') return trace(new DossierTracer(db, store), command.positionals[0], command, io);
  return deadLetters(store, new DeadLetterOperations(db, publisher, new AuditLog(db)), name.split(' ')[1], command, io);
}

async function migrationsStatusCommand(db: Database, command: ParsedCommand, env: EnvSource, io: CliIo): Promise<number> {
  const status = await migrationsStatus(db, readManifest(command.options.manifest ?? DEFAULT_MANIFEST));
  if (command.flags.has('json')) io.out(JSON.stringify(status, null, 2));
  else for (const line of formatMigrationsStatus(status, redactDatabaseUrl(BUS_ENV.DATABASE_URL.read(env)))) io.out(line);
  return 0;
}

async function rabbitmqSetup(command: ParsedCommand, env: EnvSource, io: CliIo): Promise<number> {
  const definitions = loadDefinitions(command.options.definitions ?? DEFAULT_DEFINITIONS);
  const { passwords, warnings } = readPasswords(definitions, env, command.options.passwords ?? OPS_ENV.RABBITMQ_PASSWORDS_FILE.read(env));
  for (const warning of warnings) io.err(`warning: ${warning}`);
  const api = new ManagementApi(command.options['admin-url'] ?? OPS_ENV.RABBITMQ_ADMIN_URL.read(env));
  const changes = await applyDefinitions(api, definitions, passwords, io.out);
  io.out(changes === 0 ? 'nothing to change: the broker already matches the definitions' : `${changes} change(s) applied`);
  return 0;
}

async function deadLetters(
  store: DeadLetterStore,
  operations: DeadLetterOperations,
  command: string,
  parsed: ParsedCommand,
  io: CliIo,
): Promise<number> {
  const { options, flags } = parsed;
  const actor = `cli:${userInfo().username}`;
  if (command === 'list') {
    const { items, total } = await store.list({
      status: options.status as DeadLetterStatus | undefined,
      queue: options.queue,
      routingKey: options.type,
      errorCode: options.error,
      correlationId: options.dossier,
      limit: Number(options.limit ?? 50),
      offset: Number(options.offset ?? 0),
    });
    if (flags.has('json')) io.out(JSON.stringify({ items, total }, null, 2));
    else {
      io.out(
        columns([
          ['id', 'last failure', 'status', 'type', 'queue', 'error', 'dossier'],
          ...items.map((d) => [String(d.id), iso(d.lastFailedAt), d.status, d.routingKey, d.queue, d.errorCode, d.correlationId ?? '']),
        ]),
      );
      io.out(`${items.length} of ${total}`);
    }
    return 0;
  }
  const id = Number(parsed.positionals[0]);
  if (!Number.isInteger(id) || id <= 0) {
    io.err(`CLI.USAGE: dead-letters ${command} needs a dead letter id (a whole number), got "${parsed.positionals[0]}"\n\n${USAGE}`);
    return 2;
  }
  if (command === 'show') {
    const letter = await store.get(id);
    if (!letter) throw new BusError('DEAD_LETTER.NOT_FOUND', `there is no dead letter ${id}`);
    if (flags.has('json')) io.out(JSON.stringify(letter, null, 2));
    else {
      io.out(
        columns([
          ['id', String(letter.id)],
          ['message id', letter.messageId],
          ['type', letter.routingKey],
          ['queue', letter.queue],
          ['dossier', letter.correlationId ?? ''],
          ['status', letter.status],
          ['error', letter.errorCode],
          ['attempts', String(letter.attempts)],
          ['first failure', iso(letter.firstFailedAt)],
          ['last failure', iso(letter.lastFailedAt)],
          ['resolved by', letter.resolvedBy ?? ''],
        ]),
      );
      io.out('reasons:');
      for (const r of letter.reasons) io.out(`  ${r.field}: ${r.problem}`);
      io.out('body:');
      io.out(letter.bodyEncoding === 'utf8' ? pretty(letter.body) : `(base64) ${letter.body}`);
    }
    return 0;
  }
  if (command === 'replay') {
    const file = options.body;
    const body = file === undefined ? undefined : readFileSync(file, 'utf8');
    const letter = await operations.replay(id, actor, body);
    io.out(`replayed dead letter ${id} to ${letter.queue} (now ${letter.status})`);
    return 0;
  }
  if (command === 'discard') {
    const letter = await operations.discard(id, actor, options.reason);
    io.out(`discarded dead letter ${id} (now ${letter.status})`);
    return 0;
  }
  throw new Error(`no dead-letters command ${command}`); // COMMANDS lists only the four above
}

async function trace(tracer: DossierTracer, code: string, parsed: ParsedCommand, io: CliIo): Promise<number> {
  const result = await tracer.trace(code);
  if (parsed.flags.has('json')) {
    io.out(JSON.stringify(result, null, 2));
    return 0;
  }
  if (!result.dossier && result.entries.length === 0) {
    io.err(`TRACE.NOT_FOUND: no dossier ${code} and no events about it`);
    return 1;
  }
  const d = result.dossier;
  if (d) io.out(`${d.dossierCode}  ${d.stage}  department ${d.agencyCode}  procedure ${d.procedureCode}  due ${d.dueAt}`);
  io.out(
    columns([
      ['when', 'source', 'event', 'stage', 'note'],
      ...result.entries.map((e) => [
        iso(e.at),
        e.source,
        e.kind,
        e.toStage ? `${e.fromStage ?? '∅'} → ${e.toStage}` : '',
        [e.deadLetterId ? `dead letter ${e.deadLetterId} (${e.status})` : '', e.note ?? ''].filter(Boolean).join(' · '),
      ]),
    ]),
  );
  const missing = result.sources.filter((s) => !s.available).map((s) => s.name);
  if (missing.length) io.out(`(no data from: ${missing.join(', ')})`);
  return 0;
}

function columns(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.min(60, Math.max(...rows.map((r) => (r[i] ?? '').length))));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')).join('\n');
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + 'Z';
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

const terminal: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  stdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin as AsyncIterable<Buffer>) chunks.push(chunk);
    return Buffer.concat(chunks).toString('utf8');
  },
};

/** A database URL with its password hidden, for what the CLI prints. */
function redactDatabaseUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

if (require.main === module) {
  // The transport logs its connection at LOG level; on a terminal only problems are worth a line.
  Logger.overrideLogger(new ServiceLogger({ service: 'cli', format: 'pretty', levels: ['fatal', 'error', 'warn'] }));
  void runCli(process.argv.slice(2)).then((code) => process.exit(code));
}
