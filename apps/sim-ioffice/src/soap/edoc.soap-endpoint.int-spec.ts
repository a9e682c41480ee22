import { ONE_DEPARTMENT, TEST_AUTH, simulatorForSuite } from '../testing/simulator.fixture';
import { bodyElement, children, envelope, fields, parseXml, post, RawResponse, SOAP_ENV } from '../testing/raw-soap.client';

const directory = ONE_DEPARTMENT;
const auth = TEST_AUTH;

/** What the hand-written endpoint answers to requests that are not the contract's: faults a SOAP client can read. */
describe('iOffice simulator SOAP endpoint: requests outside the contract', () => {
  const sim = simulatorForSuite(directory, 'endpoint');

  function faultOf(res: RawResponse): { faultcode: string; faultstring: string; code: string } {
    expect(res.status).toBe(500);
    expect(res.contentType).toBe('text/xml; charset=utf-8');
    const fault = bodyElement(parseXml(res.text));
    expect(fault.namespaceURI).toBe(SOAP_ENV);
    expect(fault.localName).toBe('Fault');
    const text = (name: string, parent: Element = fault) => children(parent, null, name)[0]?.textContent ?? '';
    return { faultcode: text('faultcode'), faultstring: text('faultstring'), code: text('code', children(fault, null, 'detail')[0]) };
  }

  it.each([
    ['not well-formed XML', `<soapenv:Envelope xmlns:soapenv="${SOAP_ENV}"><soapenv:Body><e:GetEdoc`, /not well-formed XML/],
    [
      'another envelope namespace (SOAP 1.2)',
      envelope('GetEdoc', fields({ docId: 'x' }), auth).replace(SOAP_ENV, 'http://www.w3.org/2003/05/soap-envelope'),
      /not a SOAP 1.1 envelope/,
    ],
    ['an empty Body', `<soapenv:Envelope xmlns:soapenv="${SOAP_ENV}"><soapenv:Body/></soapenv:Envelope>`, /holds no request element/],
    [
      'an unknown operation',
      envelope('GetEdoc', fields({ docId: 'x' }), auth).replace(/GetEdoc/g, 'Frobnicate'),
      /unknown operation Frobnicate/,
    ],
  ])('answers %s with an INVALID_REQUEST soap:Client fault', async (_what, xml, reason) => {
    const fault = faultOf(await post(sim().url, 'GetEdoc', xml));
    expect(fault).toMatchObject({ faultcode: 'soap:Client', code: 'INVALID_REQUEST' });
    expect(fault.faultstring).toMatch(reason);
  });

  it('reads a field given twice, with attributes or with child elements as missing', async () => {
    for (const body of ['<e:docId>a</e:docId><e:docId>b</e:docId>', '<e:docId a="1">x</e:docId>', '<e:docId><e:x>y</e:x></e:docId>']) {
      const fault = faultOf(await post(sim().url, 'GetEdoc', envelope('GetEdoc', body, auth)));
      expect(fault).toMatchObject({ code: 'INVALID_REQUEST', faultstring: 'INVALID_REQUEST: docId is required' });
    }
  });

  it('dispatches on the Body element: soapAction may be absent or name another operation', async () => {
    const xml = envelope('GetEdoc', fields({ docId: 'no-such-doc' }), auth);
    expect(faultOf(await post(sim().url, 'UpdateStatus', xml)).code).toBe('UNKNOWN_DOC');
    const res = await fetch(sim().url, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8' }, body: xml });
    expect(faultOf({ status: res.status, text: await res.text(), contentType: res.headers.get('content-type') }).code).toBe('UNKNOWN_DOC');
  });

  it('serves the WSDL on GET ?wsdl only: another GET is 400, another method 405', async () => {
    const wsdl = await fetch(`${sim().url}?WSDL`);
    expect(wsdl.status).toBe(200);
    expect(Number(wsdl.headers.get('content-length'))).toBe(Buffer.byteLength(await wsdl.text()));
    expect((await fetch(sim().url)).status).toBe(400);
    const put = await fetch(sim().url, { method: 'PUT', body: '<x/>' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST');
  });
});
