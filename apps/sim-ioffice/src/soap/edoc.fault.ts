/**
 * Fault codes of the contract, plus INVALID_REQUEST (a simulator addition, soap:Client) for parameters
 * that break the WSDL's own types (an unknown enumeration value, a malformed dateTime).
 */
export type EdocFaultCode = 'AUTH_FAILED' | 'INVALID_EDXML' | 'UNKNOWN_ORGAN' | 'UNKNOWN_DOC' | 'BUSY' | 'INVALID_REQUEST';

/** A failure the service reports as a SOAP Fault. */
export class EdocFault extends Error {
  constructor(
    readonly code: EdocFaultCode,
    readonly text: string,
  ) {
    super(`${code}: ${text}`);
  }
}

/**
 * The object the `soap` package turns into a SOAP 1.1 Fault: `faultcode` soap:Server for BUSY (transient),
 * soap:Client otherwise; `faultstring` "<CODE>: <text>"; `detail` with an unqualified `<code>`; HTTP 500.
 */
export function soapFaultOf(fault: EdocFault): { Fault: Record<string, unknown> } {
  return {
    Fault: {
      faultcode: fault.code === 'BUSY' ? 'soap:Server' : 'soap:Client',
      faultstring: `${fault.code}: ${fault.text}`,
      detail: { code: fault.code },
      statusCode: 500,
    },
  };
}
