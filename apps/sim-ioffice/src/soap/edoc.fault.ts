/**
 * Fault codes of the contract, plus INVALID_REQUEST (a simulator addition, soap:Client) for requests that break the
 * WSDL's own types (an unknown enumeration value, a malformed dateTime) or are no SOAP 1.1 request of the service.
 */
export type EdocFaultCode = 'AUTH_FAILED' | 'INVALID_EDXML' | 'UNKNOWN_ORGAN' | 'UNKNOWN_DOC' | 'BUSY' | 'INVALID_REQUEST';

/** A failure the service reports as a SOAP Fault; its message is the fault's `faultstring`, "<CODE>: <text>". */
export class EdocFault extends Error {
  constructor(
    readonly code: EdocFaultCode,
    readonly text: string,
  ) {
    super(`${code}: ${text}`);
  }
}

/** The SOAP 1.1 `faultcode`: soap:Server for BUSY (transient: retry later), soap:Client (the caller's fault) otherwise. */
export function faultcodeOf(fault: EdocFault): 'soap:Server' | 'soap:Client' {
  return fault.code === 'BUSY' ? 'soap:Server' : 'soap:Client';
}
