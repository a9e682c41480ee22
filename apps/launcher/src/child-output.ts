import { type LogFormat, ServiceLogger, logLevels } from '@lienthong/runtime';

/**
 * What the launcher prints for one line a child process wrote. A line that is already a JSON object (a bus
 * service logging with `LOG_FORMAT=json`) is passed on untouched: it names its service itself. Any other line
 * (a simulator's `[sim-postal] …`, a Node warning, a crash's stack) is, in `json`, wrapped into a record of the
 * child's service through the same logger the services use (stderr lines as errors); in `pretty`, tagged with the
 * child's name unless it already is.
 */
export class ChildOutput {
  private readonly loggers = new Map<string, ServiceLogger>();

  constructor(
    private readonly format: LogFormat,
    private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  ) {}

  relay(child: string, stream: 'stdout' | 'stderr', line: string): void {
    if (isJsonObject(line)) return this.write(line);
    const tag = `[${child}]`;
    if (this.format === 'pretty') return this.write(line.startsWith(tag) ? line : `${tag} ${line}`);
    const text = line.startsWith(`${tag} `) ? line.slice(tag.length + 1) : line;
    if (stream === 'stderr') this.loggerOf(child).error(text, stream);
    else this.loggerOf(child).log(text, stream);
  }

  private loggerOf(child: string): ServiceLogger {
    let logger = this.loggers.get(child);
    if (!logger) {
      logger = new ServiceLogger({ service: child, format: 'json', levels: logLevels('verbose'), write: (line) => this.write(line) });
      this.loggers.set(child, logger);
    }
    return logger;
  }
}

function isJsonObject(line: string): boolean {
  if (!line.startsWith('{')) return false;
  try {
    const value: unknown = JSON.parse(line);
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  } catch {
    return false;
  }
}
