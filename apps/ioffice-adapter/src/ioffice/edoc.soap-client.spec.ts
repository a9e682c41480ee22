import { SoapFaultAnswer, UnexpectedAnswer, escapeText, fieldsOf, readAnswer } from './edoc.soap-client';

const envelope = (body: string, prefix = 'soap'): string =>
  `<${prefix}:Envelope xmlns:${prefix}="http://schemas.xmlsoap.org/soap/envelope/"><${prefix}:Body>${body}</${prefix}:Body></${prefix}:Envelope>`;

describe('readAnswer', () => {
  it('returns the response element of the operation, in whatever prefix the server chose', () => {
    const element = readAnswer(
      envelope(
        '<x:SendEdocResponse xmlns:x="urn:vnpt:ioffice:edoc:v1"><x:docId>01J</x:docId><x:receivedAt>2026-11-28T10:00:00+07:00</x:receivedAt></x:SendEdocResponse>',
        'S',
      ),
      'SendEdoc',
    );
    expect(fieldsOf(element!)).toEqual({ docId: '01J', receivedAt: '2026-11-28T10:00:00+07:00' });
  });

  it('throws the SOAP Fault with its code from detail/code, else from the faultstring', () => {
    const fault = envelope(
      '<soap:Fault><faultcode>soap:Client</faultcode><faultstring>UNKNOWN_DOC: no document with docId X</faultstring><detail><code>UNKNOWN_DOC</code></detail></soap:Fault>',
    );
    expect(() => readAnswer(fault, 'GetEdoc', 500)).toThrow(
      expect.objectContaining({ faultcode: 'soap:Client', code: 'UNKNOWN_DOC' }) as Error,
    );
    const plain = envelope('<soap:Fault><faultcode>soap:Server</faultcode><faultstring>BUSY: later</faultstring></soap:Fault>');
    expect(() => readAnswer(plain, 'GetEdoc', 500)).toThrow(SoapFaultAnswer);
  });

  it('refuses another operation’s response, a non-SOAP document, and XML with a DTD', () => {
    expect(() => readAnswer(envelope('<GetEdocResponse/>'), 'SendEdoc')).toThrow(UnexpectedAnswer);
    expect(() => readAnswer('<html><body>hello</body></html>', 'SendEdoc')).toThrow(UnexpectedAnswer);
    expect(() => readAnswer(`<!DOCTYPE x [<!ENTITY a "b">]>${envelope('<SendEdocResponse/>')}`, 'SendEdoc')).toThrow(/DTD/);
  });

  it('leaves an HTTP error without a Fault (a proxy’s page) to the caller', () => {
    expect(readAnswer('<html>Service Unavailable</html>', 'GetEdoc', 503)).toBeUndefined();
    expect(readAnswer('Service Unavailable', 'GetEdoc', 503)).toBeUndefined();
  });
});

describe('escapeText', () => {
  it('escapes markup and keeps Vietnamese text as it is', () => {
    expect(escapeText('Lãnh đạo <từ chối> & "ký"')).toBe('Lãnh đạo &lt;từ chối&gt; &amp; &quot;ký&quot;');
    expect(escapeText('Sở Tài chính')).toBe('Sở Tài chính');
    expect(escapeText('Sở Tài chính'.normalize('NFD'))).toBe('Sở Tài chính'.normalize('NFD'));
    expect(escapeText('a\u0000b\u0007c\r\nd')).toBe('abc&#13;\nd');
  });
});
