import { Logger, type LoggerService, type LogLevel } from '@nestjs/common';
import { BUS_ENV, ConfigError, type EnvSource, processEnv } from '@lienthong/config';
import { type LogRecord, toRecord } from './log.record';

export type LogFormat = 'json' | 'pretty';

const LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** `LOG_LEVEL` (error, warn, log, debug, verbose; default log) as the list of levels Nest prints. */
export function logLevels(level = 'log'): LogLevel[] {
  const index = LEVELS.indexOf(level.trim().toLowerCase() as LogLevel);
  return LEVELS.slice(0, index < 0 ? LEVELS.indexOf('log') + 1 : index + 1);
}

/**
 * `LOG_FORMAT`: `json` (one object per line, for the journal and log shippers) or `pretty` (for a person at a
 * terminal). Unset: `pretty` on a terminal, `json` otherwise, so a service under systemd or with its output in a
 * file never writes colour codes or multi-line text there. A wrong value throws `ConfigError` naming the variable.
 */
export function logFormat(env: EnvSource = processEnv(), tty = Boolean(process.stdout.isTTY)): LogFormat {
  return BUS_ENV.LOG_FORMAT.read(env) ?? (tty ? 'pretty' : 'json');
}

/** Colours only for a person: pretty output to a terminal (or `FORCE_COLOR` from a launcher on one), never with `NO_COLOR`. */
export function colorsWanted(env: EnvSource = processEnv(), tty = Boolean(process.stdout.isTTY)): boolean {
  if (BUS_ENV.NO_COLOR.read(env) !== undefined) return false;
  const force = BUS_ENV.FORCE_COLOR.read(env);
  if (force !== undefined && force !== '0') return true;
  return tty;
}

export interface ServiceLoggerOptions {
  readonly service: string;
  readonly format: LogFormat;
  readonly levels: readonly LogLevel[];
  /** ANSI colours in `pretty` (never in `json`). */
  readonly colors?: boolean;
  /** Where a finished line goes; default: stdout, or stderr for errors. */
  readonly write?: (line: string, level: LogLevel) => void;
}

const COLOR: Readonly<Record<LogLevel, string>> = {
  fatal: '\x1b[1;31m',
  error: '\x1b[31m',
  warn: '\x1b[33m',
  log: '\x1b[32m',
  debug: '\x1b[35m',
  verbose: '\x1b[36m',
};
const RESET = '\x1b[0m';
const KNOWN_FIELDS = new Set(['time', 'level', 'service', 'pid', 'context', 'message', 'stack']);

/**
 * The bus's Nest `LoggerService`: every line carries the service, level, context and message, plus the error
 * code, message id, dossier code and traceparent when the call gave them or the message names them; secrets are
 * redacted (libs/runtime/src/logging/log.record.ts). `json`: one object per line; `pretty`: one readable line
 * (stack traces below it), coloured only when asked.
 */
export class ServiceLogger implements LoggerService {
  private enabled: Set<LogLevel>;

  constructor(private readonly options: ServiceLoggerOptions) {
    this.enabled = new Set(options.levels);
  }

  /** The logger for a service as the environment asks (`LOG_FORMAT`, `LOG_LEVEL`, `NO_COLOR`/`FORCE_COLOR`); throws `ConfigError` naming a wrong one. */
  static fromEnv(service: string, env: EnvSource = processEnv()): ServiceLogger {
    const format = logFormat(env);
    return new ServiceLogger({
      service,
      format,
      levels: logLevels(BUS_ENV.LOG_LEVEL.read(env)),
      colors: format === 'pretty' && colorsWanted(env),
    });
  }

  /**
   * The same, where a wrong value of those variables must not stop the logger itself (start-up, which reports it
   * through this logger with every other mistake): each wrong one counts as unset.
   */
  static forStartup(service: string, env: EnvSource = processEnv()): ServiceLogger {
    const checked: Record<string, string | undefined> = { ...env };
    for (const variable of [BUS_ENV.LOG_FORMAT, BUS_ENV.LOG_LEVEL, BUS_ENV.NO_COLOR, BUS_ENV.FORCE_COLOR]) {
      try {
        variable.read(env);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        checked[variable.name] = undefined;
      }
    }
    return ServiceLogger.fromEnv(service, checked);
  }

  get service(): string {
    return this.options.service;
  }

  get format(): LogFormat {
    return this.options.format;
  }

  log(message: unknown, ...params: unknown[]): void {
    this.emit('log', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.emit('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.emit('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.emit('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.emit('verbose', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.emit('fatal', message, params);
  }

  setLogLevels(levels: LogLevel[]): void {
    this.enabled = new Set(levels);
  }

  isLevelEnabled(level: LogLevel): boolean {
    return this.enabled.has(level);
  }

  /** The line this logger prints for a record (no newline). */
  render(record: LogRecord, level: LogLevel): string {
    if (this.options.format === 'json') return JSON.stringify(record);
    const extras = Object.entries(record)
      .filter(([key]) => !KNOWN_FIELDS.has(key))
      .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
    const time = localTime(new Date(record.time));
    const label = record.level.toUpperCase().padEnd(5);
    const head = `[${record.service}] ${time} ${this.options.colors ? `${COLOR[level]}${label}${RESET}` : label}`;
    const line = `${head} ${record.context ? `${record.context}: ` : ''}${record.message}${extras.length ? ` (${extras.join(', ')})` : ''}`;
    return record.stack ? `${line}\n${record.stack}` : line;
  }

  private emit(level: LogLevel, message: unknown, params: unknown[]): void {
    if (!this.enabled.has(level)) return;
    const line = this.render(toRecord(level, this.options.service, message, params), level);
    if (this.options.write) this.options.write(line, level);
    else (level === 'error' || level === 'fatal' ? process.stderr : process.stdout).write(`${line}\n`);
  }
}

/** `2026-04-15 10:30:00.123` in the process's time zone (`TZ`): what a person at the terminal reads. */
function localTime(d: Date): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

let installed: ServiceLogger | undefined;

/**
 * Makes a `ServiceLogger` the logger of every Nest `Logger` in this process (idempotent for one service) and
 * returns it. Called by `bootstrapService`, and first thing by a `main.ts` that may log before it (a configuration
 * error), so that even that line is structured.
 */
export function installServiceLogger(service: string, env: EnvSource = processEnv()): ServiceLogger {
  if (installed?.service !== service) {
    installed = ServiceLogger.fromEnv(service, env);
    Logger.overrideLogger(installed);
  }
  return installed;
}

/**
 * Makes the start-up logger of `service` (`ServiceLogger.forStartup`) the logger of every Nest `Logger`, so that a
 * configuration mistake is a structured line too. Once the configuration is checked, `installServiceLogger` for the
 * same service keeps it: its settings were then valid.
 */
export function installStartupLogger(service: string, env: EnvSource = processEnv()): ServiceLogger {
  installed = ServiceLogger.forStartup(service, env);
  Logger.overrideLogger(installed);
  return installed;
}
