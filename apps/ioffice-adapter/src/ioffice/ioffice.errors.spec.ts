import { PermanentFailure, TransientFailure } from '@lienthong/messaging';
import { HttpStatusAnswer, ResponseTooLarge, SoapFaultAnswer, UnexpectedAnswer, readAnswer } from './edoc.soap-client';
import { IofficeUnavailable, countsAgainstIoffice, iofficeErrorOf, iofficeVerdict, outcomeUnknown } from './ioffice.errors';

/** A SOAP Fault as the client reads it from iOffice's answer. */
const fault = (faultcode: string, code: string, text = 'explained'): SoapFaultAnswer => {
  const xml = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>${faultcode}</faultcode><faultstring>${code}: ${text}</faultstring><detail><code>${code}</code></detail></soap:Fault></soap:Body></soap:Envelope>`;
  try {
    readAnswer(xml, 'GetEdoc', 500);
  } catch (error) {
    return error as SoapFaultAnswer;
  }
  throw new Error('no fault read');
};

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
    const noDetail =
      '<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><e:Fault><faultcode>e:Server</faultcode><faultstring>BUSY: later</faultstring></e:Fault></e:Body></e:Envelope>';
    expect(() => readAnswer(noDetail, 'GetEdoc', 500)).toThrow(SoapFaultAnswer);
    expect(
      iofficeErrorOf(
        catching(() => readAnswer(noDetail, 'GetEdoc', 500)),
        'GetEdoc',
        1000,
      ).code,
    ).toBe('IOFFICE.BUSY');
    expect(iofficeErrorOf(fault('soap:Server', 'DISK_FULL'), 'GetEdoc', 1000)).toMatchObject({
      code: 'IOFFICE.SERVER_FAULT',
      maybeProcessed: true,
    });
    expect(iofficeErrorOf(fault('soap:Client', 'NEW_RULE'), 'GetEdoc', 1000)).toMatchObject({ code: 'IOFFICE.CLIENT_FAULT' });
  });

  it('treats HTTP 503 and refused connections as transient and certainly not processed', () => {
    const unavailable = iofficeErrorOf(new HttpStatusAnswer(503), 'SendEdoc', 1000);
    expect(unavailable).toMatchObject({ code: 'IOFFICE.UNAVAILABLE', maybeProcessed: false });
    expect(iofficeErrorOf(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'SendEdoc', 1000)).toMatchObject({
      code: 'IOFFICE.UNREACHABLE',
      maybeProcessed: false,
    });
    expect(countsAgainstIoffice(unavailable)).toBe(true);
    expect(iofficeVerdict(unavailable)).toBe('down');
    expect(iofficeErrorOf(new HttpStatusAnswer(404), 'GetEdoc', 1000)).toMatchObject({ code: 'IOFFICE.HTTP_ERROR' });
    expect(iofficeErrorOf(new HttpStatusAnswer(404), 'GetEdoc', 1000)).toBeInstanceOf(PermanentFailure);
    expect(iofficeErrorOf(new HttpStatusAnswer(500), 'SendEdoc', 1000)).toMatchObject({ code: 'IOFFICE.HTTP_ERROR', maybeProcessed: true });
  });

  it('marks timeouts and lost connections as "may have been processed"', () => {
    const timeout = iofficeErrorOf(Object.assign(new Error('timeout of 500 ms exceeded'), { code: 'ETIMEDOUT' }), 'SendEdoc', 500);
    expect(timeout).toBeInstanceOf(IofficeUnavailable);
    expect(timeout).toMatchObject({ code: 'IOFFICE.TIMEOUT', message: expect.stringContaining('IOFFICE_TIMEOUT_MS') });
    expect(outcomeUnknown(timeout)).toBe(true);
    expect(outcomeUnknown(iofficeErrorOf(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'SendEdoc', 500))).toBe(true);
  });

  it('refuses an answer larger than the package limit for good', () => {
    expect(iofficeErrorOf(new ResponseTooLarge(100), 'GetEdoc', 500)).toMatchObject({ code: 'IOFFICE.RESPONSE_TOO_LARGE' });
    expect(iofficeErrorOf(new ResponseTooLarge(100), 'GetEdoc', 500)).toBeInstanceOf(PermanentFailure);
  });

  it('takes an answer that is not the contract’s envelope as a transient fault that may have been processed', () => {
    expect(iofficeErrorOf(new UnexpectedAnswer('SendEdoc: the answer is not well-formed XML'), 'SendEdoc', 500)).toMatchObject({
      code: 'IOFFICE.BAD_RESPONSE',
      maybeProcessed: true,
    });
  });
});

function catching(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}
