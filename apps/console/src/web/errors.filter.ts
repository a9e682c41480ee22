import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { BusError, ContractViolation, logValue } from '@lienthong/messaging';
import type { ConsoleResponse } from './http';

/** HTTP status of each error code the console's operations raise; unknown codes are 500. */
const STATUS_OF: Readonly<Record<string, number>> = {
  'DEAD_LETTER.NOT_FOUND': 404,
  'DEAD_LETTER.NOT_OPEN': 409,
  'DEAD_LETTER.NOT_REPLAYABLE': 409,
  'DEAD_LETTER.BODY_TRUNCATED': 409,
  'DEAD_LETTER.REPLAY_TIMEOUT': 503,
  'CONSOLE.GROUP_TOO_LARGE': 400,
  'CONSOLE.BAD_REQUEST': 400,
  'USER.INVALID': 400,
  'USER.EXISTS': 409,
  'USER.NOT_FOUND': 404,
  'USER.CONFIGURED': 409,
  'AMQP.NOT_CONFIRMED': 503,
};

/**
 * Every error as JSON `{ code, message }` (plus `reasons` for a body refused by its contract), with a stable
 * code a script can match. HTTP exceptions keep their status and body (the health checks' 503 among them).
 */
@Catch()
export class ErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Console');

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const res = host.switchToHttp().getResponse<ConsoleResponse>();
    if (res.headersSent) return;
    let status: number;
    let body: Record<string, unknown>;
    if (error instanceof HttpException) {
      status = error.getStatus();
      const response = error.getResponse();
      body = typeof response === 'string' ? { code: `HTTP.${status}`, message: response } : (response as Record<string, unknown>);
    } else if (error instanceof ContractViolation) {
      status = 422;
      body = { code: error.code, message: error.message, reasons: error.reasons };
    } else if (error instanceof BusError) {
      status = STATUS_OF[error.code] ?? 500;
      body = { code: error.code, message: error.message };
    } else {
      status = 500;
      body = { code: 'CONSOLE.INTERNAL', message: 'the console failed; see its log' };
    }
    if (status >= 500 && !(error instanceof HttpException)) this.logger.error(forLog(error));
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.end(JSON.stringify(body));
  }
}

/**
 * An unexpected error as one log entry: its message may quote what a user sent (a username, a body), so it is
 * escaped; the stack frames below it are the code's own.
 */
export function forLog(error: unknown): string {
  if (!(error instanceof Error)) return logValue(error);
  const stack = error.stack ?? '';
  const frames = stack.indexOf('\n    at ');
  return `${error.name}: ${logValue(error.message)}${frames >= 0 ? stack.slice(frames) : ''}`;
}
