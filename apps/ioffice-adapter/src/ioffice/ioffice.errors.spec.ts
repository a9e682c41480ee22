import { PermanentFailure, TransientFailure } from '@lienthong/messaging';
import { IofficeUnavailable, countsAgainstIoffice, iofficeErrorOf, iofficeVerdict, outcomeUnknown } from './ioffice.errors';

/** What the `soap` client throws for a SOAP Fault (its parsed envelope under `root`). */
const fault = (faultcode: string, code: string, text = 'explained') => Object.assign(new Error(`${faultcode}: ${code}: ${text}`), {
  root: { Envelope: { Body: { Fault: { faultcode, faultstring: `${code}: ${text}`, detail: { code } } } } },
});

describe('iofficeErrorOf', () => {
  it('maps SOAP Faults to stable codes: BUSY is transient, the caller’s faults are permanent', () => {
    const busy = iofficeErrorOf(fault('soap:Server', 'BUSY'), 'SendEdoc', 1000);
    expect(busy).toBeInstanceOf(TransientFailure);
    expect(busy).toMatchObject({ code: 'IOFFICE.BUSY', maybeProcessed: false });
    for (const code of ['AUTH_FAILED', 'INVALID_EDXML', 'UNKNOWN_ORGAN', 'UNKNOWN_DOC']) {
      const error = iofficeErrorOf(fault('soap:Client', code), 'GetEdoc', 1000);
      expect(error).toBeInstanceOf(PermanentFailure);
      expect(error.code).toBe(`IOFFICE.${code}`);
      expect(countsAgainstIoffice(error)).toBe(false);
      expect(iofficeVerdict(error)).toBe('up'); // iOffice answered: the circuit breaker hears it is up
    }
    expect(iofficeErrorOf(fault('soap:Client', 'AUTH_FAILED'), 'GetEdoc', 1000).message).toContain('IOFFICE_SECRET');
  });

  it('reads the code from faultstring when detail has none, and classifies unknown faults by faultcode', () => {
    const noDetail = Object.assign(new Error('x'), { root: { Envelope: { Body: { Fault: { faultcode: 'soap:Server', faultstring: 'BUSY: later' } } } } });
    expect(iofficeErrorOf(noDetail, 'GetEdoc', 1000).code).toBe('IOFFICE.BUSY');
    expect(iofficeErrorOf(fault('soap:Server', 'DISK_FULL'), 'GetEdoc', 1000)).toMatchObject({ code: 'IOFFICE.SERVER_FAULT', maybeProcessed: true });
    expect(iofficeErrorOf(fault('soap:Client', 'NEW_RULE'), 'GetEdoc', 1000)).toMatchObject({ code: 'IOFFICE.CLIENT_FAULT' });
  });

  it('treats HTTP 503 and refused connections as transient and certainly not processed', () => {
    const unavailable = iofficeErrorOf({ response: { status: 503, data: 'Service Unavailable' } }, 'SendEdoc', 1000);
    expect(unavailable).toMatchObject({ code: 'IOFFICE.UNAVAILABLE', maybeProcessed: false });
    expect(iofficeErrorOf(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'SendEdoc', 1000)).toMatchObject({ code: 'IOFFICE.UNREACHABLE', maybeProcessed: false });
    expect(countsAgainstIoffice(unavailable)).toBe(true);
    expect(iofficeVerdict(unavailable)).toBe('down');
    expect(iofficeErrorOf({ response: { status: 404 } }, 'GetEdoc', 1000)).toMatchObject({ code: 'IOFFICE.HTTP_ERROR' });
  });

  it('marks timeouts and lost connections as "may have been processed"', () => {
    const timeout = iofficeErrorOf(Object.assign(new Error('timeout of 500ms exceeded'), { code: 'ECONNABORTED' }), 'SendEdoc', 500);
    expect(timeout).toBeInstanceOf(IofficeUnavailable);
    expect(timeout).toMatchObject({ code: 'IOFFICE.TIMEOUT', message: expect.stringContaining('IOFFICE_TIMEOUT_MS') });
    expect(outcomeUnknown(timeout)).toBe(true);
    expect(outcomeUnknown(iofficeErrorOf(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'SendEdoc', 500))).toBe(true);
  });

  it('refuses an answer larger than the package limit for good', () => {
    expect(iofficeErrorOf(new Error('maxContentLength size of 100 exceeded'), 'GetEdoc', 500)).toMatchObject({ code: 'IOFFICE.RESPONSE_TOO_LARGE' });
  });
});
