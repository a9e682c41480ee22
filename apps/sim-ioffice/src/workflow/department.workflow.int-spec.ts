import { join } from 'path';
import { DOMParser } from '@xmldom/xmldom';
import { organDirectoryFrom } from '../config/department.directory';
import { EDXML_NS, Purpose, XMLDSIG_NS } from '../edxml/edxml.constants';
import { parseEdxml, ParsedEdxml } from '../edxml/edxml.parser';
import { TEST_AUTH, simulatorForSuite } from '../testing/simulator.fixture';
import { busPackage } from '../testing/bus-package';
import { eventually } from '../testing/eventually';
import { bodyElement, envelope, fields, parseXml, post, value } from '../testing/raw-soap.client';
import { xmlsecVerify } from '../testing/xmlsec.verifier';

const CENTER = '000.00.01.H36';
const SXD = '000.00.12.H36';
const STP = '000.00.15.H36';
const directory = organDirectoryFrom(
  {
    center: { organId: CENTER, name: 'Trung tâm', address: { province: 'Lạng Sơn' } },
    departments: [
      { organId: SXD, agencyCode: SXD, name: 'Sở Xây dựng', abbreviation: 'SXD' },
      { organId: STP, agencyCode: STP, name: 'Sở Tư pháp', abbreviation: 'STP' },
    ],
  },
  'inline',
);
const auth = TEST_AUTH;

describe('department workflow (sign, number, archive, handover-manifest)', () => {
  const sim = simulatorForSuite(directory, 'wf');
  beforeEach(() => sim().reset());

  async function send(department: string, purpose: Purpose, reference: string): Promise<{ documentId: string; draft: Buffer }> {
    const pkg = busPackage({ centerOrganId: CENTER, departmentOrganId: department, purpose, reference });
    const body = fields({
      fromOrganId: CENTER,
      toOrganId: department,
      messageType: 'edoc',
      edxml: Buffer.from(pkg.xml).toString('base64'),
    });
    const res = await post(sim().url, 'SendEdoc', envelope('SendEdoc', body, auth));
    expect(res.status).toBe(200);
    return { documentId: pkg.documentId, draft: parseEdxml(Buffer.from(pkg.xml)).attachments[0].content };
  }

  /** What the Center received in answer to one bus package, in order: status codes and decisions. */
  function answersTo(documentId: string): { docId: string; parsed: ParsedEdxml; messageType: string }[] {
    return sim()
      .documents()
      .filter((d) => d.toOrganId === CENTER && d.responseForDocumentId === documentId)
      .map((d) => ({ docId: d.docId, messageType: d.messageType, parsed: parseEdxml(sim().document(d.docId)!.edxml) }));
  }

  const decisionFor = (documentId: string) =>
    eventually(() => answersTo(documentId).find((a) => a.messageType === 'edoc'), `the numbered decision for ${documentId}`);

  it('sign: 01, 03, 04, 05, then a numbered, signed decision that xmlsec1 verifies against ca.pem', async () => {
    const { documentId, draft } = await send(SXD, 'sign', 'HS-SIGN-1');
    const decision = await decisionFor(documentId);
    expect(answersTo(documentId).map((a) => a.parsed.statusCode ?? 'edoc')).toEqual(['01', '03', '04', '05', 'edoc']);
    expect(decision.parsed).toMatchObject({
      from: { organId: SXD },
      responseForDocumentId: documentId,
      code: { number: '1', notation: 'QĐ-SXD' },
      promulgation: { place: 'Lạng Sơn', date: expect.stringMatching(/^\d{4}\/\d{2}\/\d{2}$/) },
      signer: { competence: expect.any(String), position: expect.any(String), fullName: expect.any(String) },
      signed: true,
    });
    expect(decision.parsed.documentId).toMatch(new RegExp(`^${SXD},\\d{4}/\\d{2}/\\d{2},1/QĐ-SXD$`));
    expect(decision.parsed.attachments).toHaveLength(1);
    expect(decision.parsed.attachments[0].content.equals(draft)).toBe(true);

    // Fetched over SOAP, as the bus would, then verified by an independent implementation.
    const res = await post(sim().url, 'GetEdoc', envelope('GetEdoc', fields({ docId: decision.docId }), auth));
    const edxml = Buffer.from(value(bodyElement(parseXml(res.text)), 'edxml')!, 'base64');
    const verified = await xmlsecVerify(edxml, sim().trustAnchorsFile);
    expect(verified).toMatchObject({ ok: true });

    const doc = new DOMParser().parseFromString(edxml.toString('utf8'), 'text/xml');
    const header = doc.getElementsByTagNameNS(EDXML_NS, 'edXMLHeader')[0];
    expect(header.lastChild).toMatchObject({ localName: 'Signature', namespaceURI: XMLDSIG_NS });
    // Organization certificate first, then the intermediate CA.
    expect(doc.getElementsByTagNameNS(XMLDSIG_NS, 'X509Certificate')).toHaveLength(2);
  });

  it('number: 01, 03, then the clerk numbers; numbers continue per department without gaps', async () => {
    const first = await send(SXD, 'sign', 'HS-N-1');
    await decisionFor(first.documentId);
    const second = await send(SXD, 'number', 'HS-N-2');
    const decision = await decisionFor(second.documentId);
    expect(answersTo(second.documentId).map((a) => a.parsed.statusCode ?? 'edoc')).toEqual(['01', '03', 'edoc']);
    expect(decision.parsed.code).toEqual({ number: '2', notation: 'QĐ-SXD' });
    expect((await xmlsecVerify(sim().document(decision.docId)!.edxml, sim().trustAnchorsFile)).ok).toBe(true);
    // Another department has its own number book.
    const other = await send(STP, 'number', 'HS-N-3');
    expect((await decisionFor(other.documentId)).parsed.code).toEqual({ number: '1', notation: 'QĐ-STP' });
  });

  it('numbers follow registration order (03) even when sign and number requests interleave', async () => {
    const sent = await Promise.all(['sign', 'number', 'sign', 'number', 'number'].map((p, i) => send(SXD, p as Purpose, `HS-ORD-${i}`)));
    const decisions = await Promise.all(sent.map((s) => decisionFor(s.documentId)));
    const registrationOrder = sim()
      .documents()
      .filter((d) => d.statusCode === '03')
      .map((d) => d.responseForDocumentId);
    const numberOf = new Map(sent.map((s, i) => [s.documentId, Number(decisions[i].parsed.code!.number)]));
    expect(registrationOrder.map((id) => numberOf.get(id!))).toEqual([1, 2, 3, 4, 5]);
  });

  it('decline: the leader refuses with 02 and a Description; the next decision takes the next number (no gap)', async () => {
    sim().setFaults({ declineProbability: 1, declineReason: 'Cần bổ sung bản vẽ' });
    const declined = await send(SXD, 'sign', 'HS-DECL-1');
    const refusal = await eventually(() => answersTo(declined.documentId).find((a) => a.parsed.statusCode === '02'), 'status 02');
    expect(refusal.parsed.description).toBe('Cần bổ sung bản vẽ');
    expect(answersTo(declined.documentId).map((a) => a.parsed.statusCode)).toEqual(['01', '03', '04', '05', '02']);
    sim().setFaults({ declineProbability: 0 });
    const accepted = await send(SXD, 'sign', 'HS-DECL-2');
    expect((await decisionFor(accepted.documentId)).parsed.code?.number).toBe('1');
  });

  it('tampered decisions and decisions from an untrusted CA fail xmlsec1 verification', async () => {
    sim().setFaults({ tamperProbability: 1 });
    const tampered = await decisionFor((await send(SXD, 'sign', 'HS-TAMP-1')).documentId);
    const tamperedResult = await xmlsecVerify(sim().document(tampered.docId)!.edxml, sim().trustAnchorsFile);
    expect(tamperedResult.ok).toBe(false);
    expect(tamperedResult.output).toMatch(/digest do not match|FAIL/);

    sim().setFaults({ tamperProbability: 0, untrustedSignerProbability: 1 });
    const untrusted = await decisionFor((await send(SXD, 'number', 'HS-UNTR-1')).documentId);
    const untrustedBytes = sim().document(untrusted.docId)!.edxml;
    expect((await xmlsecVerify(untrustedBytes, sim().trustAnchorsFile)).ok).toBe(false);
    // The signature itself is sound: it fails only because its CA is not trusted.
    expect((await xmlsecVerify(untrustedBytes, join(sim().pkiDir, 'untrusted', 'ca.pem'))).ok).toBe(true);
  });

  it('archive and handover-manifest: 01 then 03, nothing numbered', async () => {
    const archive = await send(SXD, 'archive', 'HS-ARC-1');
    const manifest = await send(SXD, 'handover-manifest', 'LO-2025-001');
    await eventually(
      () => (answersTo(manifest.documentId).length === 2 && answersTo(archive.documentId).length === 2 ? true : undefined),
      'two statuses each',
    );
    expect(answersTo(archive.documentId).map((a) => a.parsed.statusCode)).toEqual(['01', '03']);
    expect(answersTo(manifest.documentId).map((a) => a.parsed.statusCode)).toEqual(['01', '03']);
    const status = answersTo(archive.documentId)[1].parsed;
    expect(status).toMatchObject({ from: { organId: SXD }, timestamp: expect.stringMatching(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}$/) });
    expect(sim().numbers()).toEqual({});
  });
});
