import type { LogLevel } from '@nestjs/common';

/** One log line as data: what `LOG_FORMAT=json` prints, one object per line. */
export interface LogRecord {
  /** ISO 8601 time, UTC. */
  readonly time: string;
  /** `fatal`, `error`, `warn`, `info` (Nest's `log`), `debug`, `verbose`. */
  readonly level: string;
  readonly service: string;
  readonly pid: number;
  /** The Nest logger's context (a class name), or the stream a child process wrote to. */
  readonly context?: string;
  readonly message: string;
  /** A stable error code (`IOFFICE.WRONG_SENDER`), from the error given or the first one the message names. */
  readonly code?: string;
  readonly messageId?: string;
  readonly dossierCode?: string;
  readonly traceparent?: string;
  readonly stack?: string;
  /** Any other field a call site gave as a plain object (`logger.log('…', { batchId })`). */
  readonly [field: string]: unknown;
}

/** The fields a call site may give in a plain object, and that the logger looks for in the message otherwise. */
export interface LogFields {
  readonly code?: string;
  readonly messageId?: string;
  readonly dossierCode?: string;
  readonly traceparent?: string;
  readonly [field: string]: unknown;
}

const LEVEL_NAMES: Readonly<Record<LogLevel, string>> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'verbose',
};

/** `IOFFICE.WRONG_SENDER`, `CONTRACT.INVALID_FIELD`: upper-case words joined by dots, as every error code of the bus. */
const ERROR_CODE = /\b([A-Z][A-Z0-9_]*(?:\.[A-Z][A-Z0-9_]*)+)\b/;
/** Message ids are UUIDs (outbox) or whatever an outside producer sent; only UUIDs are recognised in free text. */
const MESSAGE_ID = /\b([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/i;
/** The one-stop system's dossier code: `<agency code>-<yyMMdd>-<sequence>`, e.g. `000.00.12.H36-260415-0001`. */
const DOSSIER_CODE = /(?<![\w.-])(\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4,})(?![\w.-])/;
/** W3C trace context. */
const TRACEPARENT = /\b(00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2})\b/;

/**
 * Secrets that must never reach a log: passwords in URLs, Authorization headers and bearer tokens,
 * `secret=…`/`token: …` pairs, private keys. Applied to every message, stack and string field.
 */
const SECRETS: ReadonlyArray<(text: string) => string> = [
  (t) => t.replace(/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, '[private key redacted]'),
  (t) => t.replace(/\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/@]*):[^\s@/]*@/gi, '$1$2:***@'),
  (t) =>
    t.replace(
      /\b((?:proxy-)?authorization["']?\s*[:=]\s*["']?)(?:(bearer|basic|digest|token)\s+)?[^\s"',;]+/gi,
      (_, key: string, scheme?: string) => `${key}${scheme ? `${scheme} ` : ''}***`,
    ),
  (t) => t.replace(/\b(bearer)\s+[a-z0-9._~+/-]+=*/gi, '$1 ***'),
  // `SECRET=value` (environment, query strings) and `"secret": "value"` (JSON); not `SECRET: text`, which is how a
  // message names a variable ("no CONSOLE_SESSION_SECRET: a random one is used").
  (t) => t.replace(/\b([a-z_]*(?:password|passwd|secret|token|api[-_]?key|cookie)=["']?)[^\s"',;&]+/gi, '$1***'),
  (t) => t.replace(/(["'][a-z_]*(?:password|passwd|secret|token|api[-_]?key|cookie)["']\s*:\s*["']?)[^\s"',;&}]+/gi, '$1***'),
];

/** Field names whose values are always hidden, whatever they hold. */
const SECRET_FIELD = /pass(word|wd)?$|secret|token|authorization|cookie|api[-_]?key|credential/i;

/** The text with every secret the patterns know replaced by `***`. */
export function redactSecrets(text: string): string {
  return SECRETS.reduce((out, redact) => redact(out), text);
}

/**
 * The record of one call to a Nest `LoggerService` method. Nest passes `(message, ...params)` where the last
 * string is the logger's context when it has one, an error's stack comes before it, and any plain object is
 * taken as fields. Fields named in the message (an error code, a message id, a dossier code, a traceparent)
 * are filled in when the call site did not give them, so existing `logger.warn(\`…\`)` lines get them too.
 */
export function toRecord(level: LogLevel, service: string, message: unknown, params: readonly unknown[], now = new Date()): LogRecord {
  const rest = [...params];
  let context: string | undefined;
  const last = rest.at(-1);
  if (typeof last === 'string' && !looksLikeStack(last) && (rest.length > 1 || level !== 'error' || !last.includes('\n'))) {
    context = last;
    rest.pop();
  }
  const fields: Record<string, unknown> = {};
  let stack: string | undefined;
  let errorCode: string | undefined;
  const texts: string[] = [];
  const take = (value: unknown): void => {
    if (value === undefined || value === null) return;
    if (value instanceof Error) {
      stack ??= value.stack;
      errorCode ??= codeOf(value);
      texts.push(value.message);
    } else if (typeof value === 'string') {
      if (looksLikeStack(value)) stack ??= value;
      else texts.push(value);
    } else if (typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, v] of Object.entries(value)) fields[key] = v;
    } else texts.push(String(value));
  };
  let text: string;
  if (typeof message === 'string') text = message;
  else if (message instanceof Error) {
    text = `${message.name}: ${message.message}`;
    stack = message.stack;
    errorCode = codeOf(message);
  } else if (message !== null && typeof message === 'object') {
    const { message: inner, ...others } = message as Record<string, unknown>;
    text = typeof inner === 'string' ? inner : JSON.stringify(message);
    if (typeof inner === 'string') Object.assign(fields, others);
  } else text = String(message);
  for (const p of rest) take(p);
  if (texts.length) text = [text, ...texts].join(' ');
  const redacted = redactSecrets(text);
  const found = (pattern: RegExp): string | undefined => pattern.exec(redacted)?.[1];
  const record: Record<string, unknown> = {
    time: now.toISOString(),
    level: LEVEL_NAMES[level] ?? level,
    service,
    pid: process.pid,
    ...(context ? { context } : {}),
    message: redacted,
  };
  const code = stringField(fields.code) ?? errorCode ?? found(ERROR_CODE);
  const messageId = stringField(fields.messageId) ?? found(MESSAGE_ID);
  const dossierCode = stringField(fields.dossierCode) ?? found(DOSSIER_CODE);
  const traceparent = stringField(fields.traceparent) ?? found(TRACEPARENT);
  if (code) record.code = code;
  if (messageId) record.messageId = messageId;
  if (dossierCode) record.dossierCode = dossierCode;
  if (traceparent) record.traceparent = traceparent;
  for (const [key, value] of Object.entries(fields)) {
    if (key in record || key === 'code' || key === 'messageId' || key === 'dossierCode' || key === 'traceparent') continue;
    record[key] = redactValue(key, value);
  }
  if (stack) record.stack = redactSecrets(stack);
  return record as LogRecord;
}

function looksLikeStack(text: string): boolean {
  return /\n\s+at /.test(text);
}

function codeOf(error: Error): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && ERROR_CODE.test(code) ? code : undefined;
}

function stringField(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? redactSecrets(value) : undefined;
}

function redactValue(key: string, value: unknown, depth = 0): unknown {
  if (SECRET_FIELD.test(key)) return '***';
  if (typeof value === 'string') return redactSecrets(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return redactSecrets(value.message);
  if (Array.isArray(value)) return value.map((v) => redactValue('', v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(k, v, depth + 1)]));
}
