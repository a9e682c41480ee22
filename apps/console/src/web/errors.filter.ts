import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { BusError, ContractViolation, logValue } from '@lienthong/messaging';
import type { ConsoleResponse } from './http';

/**
 * Every error code the console answers with, and its HTTP status: those its own code raises, and those the
 * libraries raise under its operations (dead-letter store, contract checks, publishing a replay). The UI has a
 * Vietnamese and an English text for each (`error.<code>` in public/i18n; errors.catalog.spec.ts checks both).
 * A BusError whose code is not here is a 500.
 */
export const CONSOLE_ERRORS: Readonly<Record<string, number>> = {
  'AUTH.BAD_REQUEST': 400,
  'AUTH.BAD_CREDENTIALS': 401,
  'AUTH.REQUIRED': 401,
  'AUTH.FORBIDDEN': 403,
  'AUTH.CSRF': 403,
  'AUTH.ORIGIN': 403,
  'AUTH.RATE_LIMITED': 429,
  'CONSOLE.BAD_JSON': 400,
  'CONSOLE.BAD_REQUEST': 400,
  'CONSOLE.GROUP_TOO_LARGE': 400,
  'CONSOLE.NOT_FOUND': 404,
  'CONSOLE.TOO_LARGE': 413,
  'CONSOLE.UNSUPPORTED_MEDIA_TYPE': 415,
  'CONSOLE.FAILED': 500,
  'CONSOLE.INTERNAL': 500,
  'CONSOLE.POSTAL_ADAPTER_FAILED': 502,
  'CONSOLE.POSTAL_ADAPTER_UNREACHABLE': 503,
  'USER.INVALID': 400,
  'USER.NOT_FOUND': 404,
  'USER.EXISTS': 409,
  'USER.CONFIGURED': 409,
  'DEAD_LETTER.NOT_FOUND': 404,
  'DEAD_LETTER.NOT_OPEN': 409,
  'DEAD_LETTER.NOT_REPLAYABLE': 409,
  'DEAD_LETTER.BODY_TRUNCATED': 409,
  'DEAD_LETTER.REPLAY_TIMEOUT': 503,
  'CONTRACT.INVALID_FIELD': 422,
  'CONTRACT.INVALID_ENVELOPE': 422,
  'AMQP.NOT_CONFIRMED': 503,
  'AMQP.UNROUTABLE': 503,
  /** Nest's own answer for an address no controller has. */
  'HTTP.404': 404,
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
      if (typeof response === 'string') body = { code: `HTTP.${status}`, message: response };
      else if ('code' in response || !('statusCode' in response))
        body = response as Record<string, unknown>; // ours, or the health checks' own body
      else body = { code: `HTTP.${status}`, message: String((response as { message?: unknown }).message ?? error.message) }; // Nest's default shape
    } else if (error instanceof ContractViolation) {
      status = 422;
      body = { code: error.code, message: error.message, reasons: error.reasons };
    } else if (error instanceof BusError) {
      status = CONSOLE_ERRORS[error.code] ?? 500;
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
