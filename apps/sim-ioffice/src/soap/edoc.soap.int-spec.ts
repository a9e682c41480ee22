import { organDirectoryFrom } from '../config/department.directory';
import { parseEdxml } from '../edxml/edxml.parser';
import { startIofficeSimulator } from '../ioffice.simulator';
import { TEST_AUTH, simulatorForSuite } from '../testing/simulator.fixture';
import { busPackage } from '../testing/bus-package';
import { eventually } from '../testing/eventually';
import { bodyElement, children, envelope, fields, parseXml, post, RawResponse, SOAP_ENV, value } from '../testing/raw-soap.client';
import { EDOC_NAMESPACE, EdocOperation } from './edoc.wsdl';

const CENTER = '000.00.01.H36';
const SXD = '000.00.12.H36';
const directory = organDirectoryFrom(
  {
    center: { organId: CENTER, name: 'Trung tâm', address: { province: 'Lạng Sơn' } },
    departments: [{ organId: SXD, agencyCode: SXD, name: 'Sở Xây dựng', abbreviation: 'SXD', dms: 'ioffice' }],
  },
  'inline',
);
const auth = TEST_AUTH;

describe('iOffice simulator over raw SOAP 1.1', () => {
  const sim = simulatorForSuite(directory, 'raw');
  beforeEach(() => sim().reset());

  const call = (
    op: EdocOperation,
    body: Record<string, string | number | undefined>,
    credentials: typeof auth | null = auth,
  ): Promise<RawResponse> => post(sim().url, op, envelope(op, fields(body), credentials));

  function expectFault(res: RawResponse, faultcode: string, code: string): void {
    expect(res.status).toBe(500);
    const fault = bodyElement(parseXml(res.text));
    expect(fault.namespaceURI).toBe(SOAP_ENV);
    expect(fault.localName).toBe('Fault');
    // SOAP 1.1: faultcode/faultstring/detail are unqualified; the code element in detail is unqualified too.
    const faultcodeEl = children(fault, null, 'faultcode')[0];
    const [prefix, local] = faultcodeEl.textContent!.split(':');
    expect(faultcodeEl.lookupNamespaceURI(prefix)).toBe(SOAP_ENV);
    expect(`soap:${local}`).toBe(faultcode);
    expect(children(fault, null, 'faultstring')[0].textContent).toMatch(new RegExp(`^${code}: .+`));
    const detail = children(fault, null, 'detail')[0];
    expect(children(detail, null, 'code')[0].textContent).toBe(code);
  }

  async function send(
    reference: string,
    purpose: 'sign' | 'archive' = 'archive',
  ): Promise<{ docId: string; documentId: string; xml: string }> {
    const pkg = busPackage({ centerOrganId: CENTER, departmentOrganId: SXD, purpose, reference });
    const res = await call('SendEdoc', {
      fromOrganId: CENTER,
      toOrganId: SXD,
      messageType: 'edoc',
      edxml: Buffer.from(pkg.xml).toString('base64'),
    });
    expect(res.status).toBe(200);
    const response = bodyElement(parseXml(res.text));
    return { docId: value(response, 'docId')!, documentId: pkg.documentId, xml: pkg.xml };
  }

  it('serves the WSDL of the contract at <endpoint>?wsdl', async () => {
    const res = await fetch(sim().wsdlUrl);
    expect(res.status).toBe(200);
    const wsdl = await res.text();
    expect(wsdl).toContain(`targetNamespace="${EDOC_NAMESPACE}"`);
    expect(wsdl).toContain('elementFormDefault="qualified"');
    expect(wsdl).toContain(`<soap:address location="${sim().url}"/>`);
    for (const name of [
      'service name="EdocService"',
      'port name="EdocPort"',
      'binding name="EdocBinding"',
      'portType name="EdocPortType"',
    ]) {
      expect(wsdl).toContain(name);
    }
    expect(wsdl).toContain(`soapAction="${EDOC_NAMESPACE}#UpdateStatus"`);
  });

  it('SendEdoc answers docId and receivedAt (with offset), qualified in the service namespace; twice means two documents', async () => {
    const pkg = busPackage({ centerOrganId: CENTER, departmentOrganId: SXD, purpose: 'archive', reference: 'HS-RAW-1' });
    const body = { fromOrganId: CENTER, toOrganId: SXD, messageType: 'edoc', edxml: Buffer.from(pkg.xml).toString('base64') };
    const first = await call('SendEdoc', body);
    const second = await call('SendEdoc', body);
    expect(first.status).toBe(200);
    const response = bodyElement(parseXml(first.text));
    expect(response.namespaceURI).toBe(EDOC_NAMESPACE);
    expect(response.localName).toBe('SendEdocResponse');
    expect(value(response, 'receivedAt')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+07:00$/);
    const secondId = value(bodyElement(parseXml(second.text)), 'docId');
    expect(value(response, 'docId')).not.toBe(secondId);
    expect(
      sim()
        .documents()
        .filter((d) => d.fromOrganId === CENTER),
    ).toHaveLength(2);
  });

  it('GetSentEdocList lists what an organ sent since a time (no offset = Vietnam time)', async () => {
    const sent = await send('HS-RAW-2');
    const res = await call('GetSentEdocList', { fromOrganId: CENTER, since: '2000-01-01T00:00:00' });
    expect(res.status).toBe(200);
    const items = children(bodyElement(parseXml(res.text)), EDOC_NAMESPACE, 'item');
    expect(items).toHaveLength(1);
    expect(value(items[0], 'docId')).toBe(sent.docId);
    expect(value(items[0], 'documentId')).toBe(sent.documentId);
    expect(value(items[0], 'toOrganId')).toBe(SXD);
    expect(value(items[0], 'sentAt')).toMatch(/\+07:00$/);
    // Without an offset the value is Vietnam time: the sentAt's own local time (to the second) still includes it,
    // one second later does not (read as UTC it would be 7 hours later and exclude it).
    const local = value(items[0], 'sentAt')!.replace(/(\.\d+)?\+07:00$/, '');
    const atLocal = await call('GetSentEdocList', { fromOrganId: CENTER, since: local });
    expect(children(bodyElement(parseXml(atLocal.text)), EDOC_NAMESPACE, 'item')).toHaveLength(1);
    const plusOne = new Date(Date.parse(`${local}+07:00`) + 1000 + 7 * 3600 * 1000).toISOString().slice(0, 19);
    const afterLocal = await call('GetSentEdocList', { fromOrganId: CENTER, since: plusOne });
    expect(children(bodyElement(parseXml(afterLocal.text)), EDOC_NAMESPACE, 'item')).toHaveLength(0);
    const later = await call('GetSentEdocList', { fromOrganId: CENTER, since: '2999-01-01T00:00:00+07:00' });
    expect(children(bodyElement(parseXml(later.text)), EDOC_NAMESPACE, 'item')).toHaveLength(0);
  });

  it('GetReceivedEdocList lists packages oldest first until UpdateStatus(done|fail) removes them; GetEdoc returns the bytes', async () => {
    await send('HS-RAW-3');
    // archive → 01 then 03, both addressed to the Center.
    await eventually(() => (sim().pendingFor(CENTER).length === 2 ? true : undefined), 'two status packages');
    const list = await call('GetReceivedEdocList', { organId: CENTER, maxItems: 10 });
    const items = children(bodyElement(parseXml(list.text)), EDOC_NAMESPACE, 'item');
    expect(items.map((i) => value(i, 'messageType'))).toEqual(['status', 'status']);
    expect(items.map((i) => value(i, 'fromOrganId'))).toEqual([SXD, SXD]);
    const ids = items.map((i) => value(i, 'docId')!);
    const statuses = await Promise.all(
      ids.map(async (docId) => {
        const res = await call('GetEdoc', { docId });
        const edxml = Buffer.from(value(bodyElement(parseXml(res.text)), 'edxml')!, 'base64');
        return parseEdxml(edxml).statusCode;
      }),
    );
    expect(statuses).toEqual(['01', '03']);
    const limited = await call('GetReceivedEdocList', { organId: CENTER, maxItems: 1 });
    expect(children(bodyElement(parseXml(limited.text)), EDOC_NAMESPACE, 'item')).toHaveLength(1);

    const done = await call('UpdateStatus', { docId: ids[0], status: 'done' });
    expect(value(bodyElement(parseXml(done.text)), 'ok')).toBe('true');
    expect(bodyElement(parseXml(done.text)).localName).toBe('UpdateStatusResponse');
    await call('UpdateStatus', { docId: ids[1], status: 'fail', note: 'cannot parse' });
    const after = await call('GetReceivedEdocList', { organId: CENTER });
    expect(children(bodyElement(parseXml(after.text)), EDOC_NAMESPACE, 'item')).toHaveLength(0);
    expect(sim().document(ids[1])?.ack).toMatchObject({ status: 'fail', note: 'cannot parse' });
  });

  it('refuses missing or wrong credentials with AUTH_FAILED (soap:Client)', async () => {
    const missing = await call('GetReceivedEdocList', { organId: CENTER }, null);
    expectFault(missing, 'soap:Client', 'AUTH_FAILED');
    // The raw shape of the contract's fault on the wire.
    expect(missing.text).toMatch(
      /<soap:Body><soap:Fault><faultcode>soap:Client<\/faultcode><faultstring>AUTH_FAILED: [^<]+<\/faultstring><detail><code>AUTH_FAILED<\/code><\/detail><\/soap:Fault><\/soap:Body>/,
    );
    expect(missing.text).toContain('xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"');
    expectFault(
      await call('GetReceivedEdocList', { organId: CENTER }, { username: 'lienthong', password: 'wrong' }),
      'soap:Client',
      'AUTH_FAILED',
    );
  });

  it('answers UNKNOWN_ORGAN, UNKNOWN_DOC and INVALID_EDXML as soap:Client faults', async () => {
    expectFault(await call('GetReceivedEdocList', { organId: '999.99.99.H36' }), 'soap:Client', 'UNKNOWN_ORGAN');
    expectFault(await call('GetEdoc', { docId: 'no-such-doc' }), 'soap:Client', 'UNKNOWN_DOC');
    expectFault(await call('UpdateStatus', { docId: 'no-such-doc', status: 'done' }), 'soap:Client', 'UNKNOWN_DOC');
    const bad = await call('SendEdoc', {
      fromOrganId: CENTER,
      toOrganId: SXD,
      messageType: 'edoc',
      edxml: Buffer.from('<edXML:edXMLEnvelope xmlns:edXML="x"><oops>').toString('base64'),
    });
    expectFault(bad, 'soap:Client', 'INVALID_EDXML');
    expect(bad.text).toContain('edXMLEnvelope');
  });

  it('names the element when a package breaks the layout, and rejects DTDs', async () => {
    const pkg = busPackage({ centerOrganId: CENTER, departmentOrganId: SXD, purpose: 'archive', reference: 'HS-RAW-4' });
    const noDocumentId = pkg.xml.replace(/<edXML:DocumentId>[^<]*<\/edXML:DocumentId>/, '');
    const res = await call('SendEdoc', {
      fromOrganId: CENTER,
      toOrganId: SXD,
      messageType: 'edoc',
      edxml: Buffer.from(noDocumentId).toString('base64'),
    });
    expectFault(res, 'soap:Client', 'INVALID_EDXML');
    expect(res.text).toContain('edXMLHeader/MessageHeader/DocumentId');
    const withDtd = pkg.xml.replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>');
    const dtd = await call('SendEdoc', {
      fromOrganId: CENTER,
      toOrganId: SXD,
      messageType: 'edoc',
      edxml: Buffer.from(withDtd).toString('base64'),
    });
    expectFault(dtd, 'soap:Client', 'INVALID_EDXML');
    expect(dtd.text).toContain('DOCTYPE');
    expect(sim().documents()).toHaveLength(0);
  });

  it('bounds sizes: a package over maxEdxmlBytes is INVALID_EDXML, a SOAP body far over it is HTTP 413', async () => {
    const small = await startIofficeSimulator({
      port: 0,
      directory,
      pkiDir: sim().pkiDir,
      stepDelayMs: 0,
      maxEdxmlBytes: 4000,
      log: () => undefined,
    });
    try {
      const documents = [{ name: 'big.pdf', contentType: 'application/pdf', content: Buffer.alloc(4000, 1) }];
      const pkg = busPackage({ centerOrganId: CENTER, departmentOrganId: SXD, purpose: 'archive', reference: 'HS-BIG', documents });
      const body = (xml: string) =>
        envelope(
          'SendEdoc',
          fields({ fromOrganId: CENTER, toOrganId: SXD, messageType: 'edoc', edxml: Buffer.from(xml).toString('base64') }),
          auth,
        );
      const tooBig = await post(small.url, 'SendEdoc', body(pkg.xml));
      expectFault(tooBig, 'soap:Client', 'INVALID_EDXML');
      expect(tooBig.text).toContain('4000-byte limit');
      const huge = await post(small.url, 'SendEdoc', body(pkg.xml.repeat(400)));
      expect(huge.status).toBe(413);
      expect(small.documents()).toHaveLength(0);
    } finally {
      await small.close();
    }
  });
});
