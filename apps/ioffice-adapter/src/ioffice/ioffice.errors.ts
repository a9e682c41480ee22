import { type BusError, PermanentFailure, TransientFailure } from '@lienthong/messaging';
import type { CallVerdict } from '@lienthong/runtime';
import { HttpStatusAnswer, type IofficeOperation, ResponseTooLarge, SoapFaultAnswer, UnexpectedAnswer } from './edoc.soap-client';

export type { IofficeOperation } from './edoc.soap-client';

/**
 * iOffice was unavailable or did not answer. `maybeProcessed` is true when the request may have been
 * carried out anyway (a timeout, a connection lost after sending): such a SendEdoc must not be repeated
 * before `GetSentEdocList` shows it was not.
 */
export class IofficeUnavailable extends TransientFailure {
  constructor(
    code: string,
    message: string,
    readonly maybeProcessed: boolean,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** Whether the outcome of a failed call is unknown (it may have been processed). */
export const outcomeUnknown = (error: unknown): boolean => error instanceof IofficeUnavailable && error.maybeProcessed;

/** Maps a SOAP Fault (its code: `detail/code`, else the `CODE:` prefix of `faultstring`) to an error with a stable code. */
function fromFault(fault: SoapFaultAnswer, operation: IofficeOperation): BusError {
  const { faultstring, code } = fault;
  const said = `${operation}: iOffice answered ${faultstring || code}`;
  switch (code) {
    case 'BUSY':
      return new IofficeUnavailable('IOFFICE.BUSY', `${said} (transient; retried later)`, false);
    case 'AUTH_FAILED':
      return new PermanentFailure('IOFFICE.AUTH_FAILED', `${said}; check IOFFICE_SYSTEM_ID and IOFFICE_SECRET`);
    case 'INVALID_EDXML':
      return new PermanentFailure('IOFFICE.INVALID_EDXML', `${said}; the package the bus built was refused`);
    case 'UNKNOWN_ORGAN':
      return new PermanentFailure('IOFFICE.UNKNOWN_ORGAN', `${said}; check the organ ids in DEPARTMENTS_FILE and CENTER_ORGAN_ID`);
    case 'UNKNOWN_DOC':
      return new PermanentFailure('IOFFICE.UNKNOWN_DOC', said);
    default:
      // An unknown server-side fault may pass; an unknown client-side fault is our request's problem.
      return /Server$/.test(fault.faultcode)
        ? new IofficeUnavailable('IOFFICE.SERVER_FAULT', said, true)
        : new PermanentFailure('IOFFICE.CLIENT_FAULT', said);
  }
}

const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const TIMED_OUT = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

/**
 * Turns what the SOAP client threw (a SOAP Fault, an HTTP status, a socket error with its `code`) into an error with a
 * stable code, classified for the bus: transient (BUSY, HTTP 503, timeouts, network) → `IofficeUnavailable`; the
 * caller's fault → `PermanentFailure`.
 */
export function iofficeErrorOf(error: unknown, operation: IofficeOperation, timeoutMs: number): BusError {
  if (error instanceof TransientFailure || error instanceof PermanentFailure) return error;
  if (error instanceof SoapFaultAnswer) return fromFault(error, operation);
  if (error instanceof ResponseTooLarge) {
    return new PermanentFailure(
      'IOFFICE.RESPONSE_TOO_LARGE',
      `${operation}: iOffice's answer is larger than IOFFICE_MAX_EDXML_BYTES allows (${error.limit} bytes with the envelope)`,
      { cause: error },
    );
  }
  if (error instanceof UnexpectedAnswer)
    return new IofficeUnavailable('IOFFICE.BAD_RESPONSE', `${error.message}; check that IOFFICE_URL is the edoc service`, true, {
      cause: error,
    });
  const code = String((error as { code?: unknown } | undefined)?.code ?? '');
  const message = (error as { message?: unknown } | undefined)?.message;
  if (TIMED_OUT.has(code)) {
    return new IofficeUnavailable(
      'IOFFICE.TIMEOUT',
      `${operation}: no answer from iOffice within ${timeoutMs} ms (IOFFICE_TIMEOUT_MS); it may have been processed`,
      true,
      { cause: error },
    );
  }
  if (NOT_SENT.has(code))
    return new IofficeUnavailable('IOFFICE.UNREACHABLE', `${operation}: cannot reach iOffice (${code}); check IOFFICE_URL`, false, {
      cause: error,
    });
  const status = error instanceof HttpStatusAnswer ? error.status : NaN;
  if (status === 503 || status === 502 || status === 429) {
    return new IofficeUnavailable(
      'IOFFICE.UNAVAILABLE',
      `${operation}: iOffice answered HTTP ${status} (unavailable; retried later)`,
      false,
      { cause: error },
    );
  }
  if (status >= 400 && status < 500)
    return new PermanentFailure('IOFFICE.HTTP_ERROR', `${operation}: iOffice answered HTTP ${status}; check IOFFICE_URL`, { cause: error });
  if (status >= 500)
    return new IofficeUnavailable('IOFFICE.HTTP_ERROR', `${operation}: iOffice answered HTTP ${status} without a SOAP Fault`, true, {
      cause: error,
    });
  const detail = typeof message === 'string' && message ? message : code || 'unknown error';
  return new IofficeUnavailable(
    'IOFFICE.CONNECTION_LOST',
    `${operation}: the call to iOffice failed (${detail}); it may have been processed`,
    true,
    { cause: error },
  );
}

/** Failures that count against iOffice's availability in the circuit breaker. */
export const countsAgainstIoffice = (error: unknown): boolean => error instanceof IofficeUnavailable;

/** What a failed call says about iOffice, for the circuit breaker: any error but unavailability is an answer. */
export const iofficeVerdict = (error: unknown): CallVerdict => (countsAgainstIoffice(error) ? 'down' : 'up');
