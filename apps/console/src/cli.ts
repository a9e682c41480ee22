import { Logger } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { ConfigError, ConfigProblems, type EnvSource, OPS_SCHEMA, processEnv } from '@lienthong/config';
import { AmqpConnection, BusError, ConfirmPublisher, ContractViolation, type DeadLetterStatus, DeadLetterStore, MESSAGING_MIGRATIONS } from '@lienthong/messaging';
import { createDatabase } from '@lienthong/persistence';
import { ensureAuditGuard } from './audit/audit.guard';
import { AuditLog } from './audit/audit.log';
import { hashPassword, passwordProblem } from './auth/password';
import { CONSOLE_MIGRATIONS } from './console.migrations';
import { DeadLetterOperations } from './dead-letters/dead-letter.operations';
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

Replays and discards are recorded in the audit trail as cli:<your OS user>.`;

/** Runs one CLI command; resolves with the process exit code (0 ok, 1 refused/failed, 2 usage). */
export async function runCli(argv: readonly string[], env: EnvSource = processEnv(), io: CliIo = terminal): Promise<number> {
  const { positional, flags } = parseArgs(argv);
  const [group, command, arg] = positional;
  if (!group || group === 'help' || flags.help) {
    io.out(USAGE);
    return group ? 0 : 2;
  }
  if (group === 'hash-password') {
    const password = (await io.stdin()).replace(/\r?\n$/, '');
    const problem = passwordProblem(password);
    if (problem) {
      io.err(`CLI.BAD_PASSWORD: ${problem} (give it on standard input)`);
      return 1;
    }
    io.out(await hashPassword(password));
    return 0;
  }
  let config: ReturnType<typeof OPS_SCHEMA.load>['values'];
  try {
    config = OPS_SCHEMA.load(env).values;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const p of error instanceof ConfigProblems ? error.problems : [error]) io.err(`${p.code}: ${p.message}`);
    return 1;
  }
  const db = createDatabase(config.DATABASE_URL);
  const connection = new AmqpConnection({ urls: config.AMQP_URL, name: 'lienthong-cli', reconnectDelayMs: 500, reconnectMaxDelayMs: 2_000 });
  const publisher = new ConfirmPublisher(connection);
  try {
    await db.migrate([...MESSAGING_MIGRATIONS, ...CONSOLE_MIGRATIONS]);
    const store = new DeadLetterStore(db, publisher);
    if (group === 'trace' && command) return await trace(new DossierTracer(db, store), command, flags, io);
    if (group === 'audit-guard') {
      const state = await ensureAuditGuard(db);
      if (state.incomplete) io.err(`AUDIT.UNGUARDED: ${state.detail}`);
      else io.out(state.detail);
      return state.incomplete ? 1 : 0;
    }
    if (group === 'dead-letters') return await deadLetters(store, new DeadLetterOperations(db, publisher, new AuditLog(db)), command, arg, flags, io);
    io.err(`CLI.USAGE: unknown command "${positional.join(' ')}"\n\n${USAGE}`);
    return 2;
  } catch (error) {
    if (error instanceof ContractViolation) {
      io.err(`${error.code}: the body was refused by its contract:`);
      for (const r of error.reasons) io.err(`  ${r.field}: ${r.problem}`);
    } else if (error instanceof BusError) io.err(`${error.code}: ${error.message}`);
    else io.err(`CLI.FAILED: ${(error as Error).message}`);
    return 1;
  } finally {
    await publisher.close();
    await connection.close();
    await db.close();
  }
}

async function deadLetters(store: DeadLetterStore, operations: DeadLetterOperations, command: string | undefined, arg: string | undefined, flags: Flags, io: CliIo): Promise<number> {
  const actor = `cli:${userInfo().username}`;
  if (command === 'list') {
    const { items, total } = await store.list({
      status: flag(flags, 'status') as DeadLetterStatus | undefined,
      queue: flag(flags, 'queue'),
      routingKey: flag(flags, 'type'),
      errorCode: flag(flags, 'error'),
      correlationId: flag(flags, 'dossier'),
      limit: Number(flag(flags, 'limit') ?? 50),
      offset: Number(flag(flags, 'offset') ?? 0),
    });
    if (flags.json) io.out(JSON.stringify({ items, total }, null, 2));
    else {
      io.out(columns([['id', 'last failure', 'status', 'type', 'queue', 'error', 'dossier'], ...items.map((d) => [String(d.id), iso(d.lastFailedAt), d.status, d.routingKey, d.queue, d.errorCode, d.correlationId ?? ''])]));
      io.out(`${items.length} of ${total}`);
    }
    return 0;
  }
  const id = Number(arg);
  if (!Number.isInteger(id) || id <= 0) {
    io.err(`CLI.USAGE: dead-letters ${command ?? '<command>'} needs a dead letter id\n\n${USAGE}`);
    return 2;
  }
  if (command === 'show') {
    const letter = await store.get(id);
    if (!letter) throw new BusError('DEAD_LETTER.NOT_FOUND', `there is no dead letter ${id}`);
    if (flags.json) io.out(JSON.stringify(letter, null, 2));
    else {
      io.out(columns([['id', String(letter.id)], ['message id', letter.messageId], ['type', letter.routingKey], ['queue', letter.queue], ['dossier', letter.correlationId ?? ''], ['status', letter.status], ['error', letter.errorCode], ['attempts', String(letter.attempts)], ['first failure', iso(letter.firstFailedAt)], ['last failure', iso(letter.lastFailedAt)], ['resolved by', letter.resolvedBy ?? '']]));
      io.out('reasons:');
      for (const r of letter.reasons) io.out(`  ${r.field}: ${r.problem}`);
      io.out('body:');
      io.out(letter.bodyEncoding === 'utf8' ? pretty(letter.body) : `(base64) ${letter.body}`);
    }
    return 0;
  }
  if (command === 'replay') {
    const file = flag(flags, 'body');
    const body = file === undefined ? undefined : readFileSync(file, 'utf8');
    const letter = await operations.replay(id, actor, body);
    io.out(`replayed dead letter ${id} to ${letter.queue} (now ${letter.status})`);
    return 0;
  }
  if (command === 'discard') {
    const letter = await operations.discard(id, actor, flag(flags, 'reason'));
    io.out(`discarded dead letter ${id} (now ${letter.status})`);
    return 0;
  }
  io.err(`CLI.USAGE: unknown command "dead-letters ${command ?? ''}"\n\n${USAGE}`);
  return 2;
}

async function trace(tracer: DossierTracer, code: string, flags: Flags, io: CliIo): Promise<number> {
  const result = await tracer.trace(code);
  if (flags.json) {
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
      ...result.entries.map((e) => [iso(e.at), e.source, e.kind, e.toStage ? `${e.fromStage ?? '∅'} → ${e.toStage}` : '', [e.deadLetterId ? `dead letter ${e.deadLetterId} (${e.status})` : '', e.note ?? ''].filter(Boolean).join(' · ')]),
    ]),
  );
  const missing = result.sources.filter((s) => !s.available).map((s) => s.name);
  if (missing.length) io.out(`(no data from: ${missing.join(', ')})`);
  return 0;
}

type Flags = Record<string, string | true>;

function parseArgs(argv: readonly string[]): { positional: string[]; flags: Flags } {
  const positional: string[] = [];
  const flags: Flags = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) positional.push(a);
    else if (a === '--json' || a === '--help') flags[a.slice(2)] = true;
    else flags[a.slice(2)] = argv[++i] ?? '';
  }
  return { positional, flags };
}

function flag(flags: Flags, name: string): string | undefined {
  const v = flags[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
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

if (require.main === module) {
  // The transport logs its connection at LOG level; on a terminal only problems are worth a line.
  Logger.overrideLogger(['error', 'warn']);
  void runCli(process.argv.slice(2)).then((code) => process.exit(code));
}
