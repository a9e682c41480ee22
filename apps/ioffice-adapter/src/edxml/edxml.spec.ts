import { randomBytes } from 'node:crypto';
import { buildEdxml } from './edxml.builder';
import { formatDocumentId, parseDocumentId } from './document-id';
import { EdxmlError } from './edxml.error';
import { type EdxmlLimits, parseEdxml } from './edxml.parser';
import { edxmlDate, edxmlTimestamp, parseEdxmlTime, parseSoapDateTime } from './vietnam-time';

const pdf = Buffer.from('%PDF-1.4\n% dự thảo\n%%EOF\n', 'utf8');
const draft = {
  header: {
    from: { organId: '000.00.01.H36', organName: 'Trung tâm Phục vụ hành chính công' },
    to: [{ organId: '000.00.12.H36', organName: 'Sở Xây dựng' }],
    documentId: '000.00.01.H36,2026/04/20,HS-1/sign',
    promulgation: { place: 'Lạng Sơn', date: '2026/04/20' },
    documentType: { type: 'GP', typeName: 'Giấy phép' },
    subject: 'Cấp giấy phép <xây dựng> & "sửa chữa"',
    dueDate: '2026/05/06 17:00:00',
  },
  attachments: [
    { name: 'du-thao.pdf', contentType: 'application/pdf', content: pdf },
    { name: 'dossier.json', contentType: 'application/json', content: Buffer.from('{"dossierCode":"HS-1"}') },
  ],
  sentAt: new Date('2026-04-20T02:15:00Z'),
};

const parse = (xml: string, max?: number) => parseEdxml(Buffer.from(xml, 'utf8'), max);
function refusal(xml: string | Buffer, max?: number | EdxmlLimits): EdxmlError {
  try {
    parseEdxml(typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml, max);
  } catch (error) {
    if (error instanceof EdxmlError) return error;
    throw error;
  }
  throw new Error('expected the package to be refused');
}
const ENVELOPE_OPEN = '<edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">';

describe('edXML builder and parser', () => {
  it('round-trips a package: header, trace, manifest and attachments', () => {
    const xml = buildEdxml(draft);
    const pkg = parse(xml);
    expect(pkg.header).toMatchObject(draft.header);
    expect(pkg.traces).toEqual([{ organId: '000.00.01.H36', timestamp: '2026/04/20 09:15:00' }]);
    expect(pkg.attachments.map((a) => [a.contentId, a.name, a.contentType])).toEqual([
      ['cid:1', 'du-thao.pdf', 'application/pdf'],
      ['cid:2', 'dossier.json', 'application/json'],
    ]);
    expect(pkg.attachments[0].content.equals(pdf)).toBe(true);
    expect(pkg.signatureXml).toBeUndefined();
    // The attachments' base64 is lifted out of the parsed text; put back, it is the package exactly.
    expect(pkg.lifted.count).toBe(2);
    expect(
      pkg.xml.replace(pkg.lifted.tokenOf(0), pkg.lifted.run(0).toString()).replace(pkg.lifted.tokenOf(1), pkg.lifted.run(1).toString()),
    ).toBe(xml);
  });

  it('writes the contract layout: envelope, then header, body/manifest and AttachmentEncoded, in that order', () => {
    const xml = buildEdxml(draft);
    expect(
      xml.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?><edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXML:edXMLHeader><edXML:MessageHeader><edXML:From>',
      ),
    ).toBe(true);
    const order = [
      '<edXML:edXMLHeader>',
      '<edXML:TraceHeaderList>',
      '<edXML:edXMLBody><edXML:edXMLManifest><edXML:Reference>',
      '<edXML:AttachmentEncoded><edXML:Attachment>',
    ].map((t) => xml.indexOf(t));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]))).toBe(true);
    expect(xml).toContain('<edXML:Subject>Cấp giấy phép &lt;xây dựng&gt; &amp; "sửa chữa"</edXML:Subject>');
  });

  it('round-trips status and decision headers', () => {
    const header = {
      from: { organId: '000.00.12.H36' },
      to: [{ organId: '000.00.01.H36' }],
      responseForDocumentId: '000.00.01.H36,2026/04/20,HS-1/sign',
      documentId: '000.00.12.H36,2026/04/21,7/QĐ-SXD',
      code: { number: '7', notation: 'QĐ-SXD' },
      signer: { competence: 'KT. GIÁM ĐỐC', position: 'PHÓ GIÁM ĐỐC', fullName: 'Nguyễn Văn Hùng' },
      staff: { department: 'Văn phòng', staff: 'Văn thư' },
      statusCode: '03',
      description: 'Đã vào sổ',
      timestamp: '2026/04/21 08:00:00',
    };
    expect(parse(buildEdxml({ header, attachments: [], sentAt: new Date() })).header).toMatchObject(header);
  });

  it('drops characters XML 1.0 cannot carry instead of building an unreadable package', () => {
    const xml = buildEdxml({ ...draft, header: { ...draft.header, subject: 'a\u0001b\u0008c' } });
    expect(parse(xml).header.subject).toBe('abc');
  });

  it('names the element that is missing or wrong', () => {
    const xml = buildEdxml(draft);
    expect(refusal(xml.replace(/<edXML:From>.*?<\/edXML:From>/, '')).element).toBe('edXMLHeader/MessageHeader/From');
    expect(refusal(xml.replace(/<edXML:TraceHeaderList>.*?<\/edXML:TraceHeaderList>/, '')).element).toBe('edXMLHeader/TraceHeaderList');
    expect(refusal(xml.replace(/<edXML:Reference>.*?<\/edXML:Reference>/, '')).message).toContain(
      'edXMLBody/edXMLManifest: lists 1 Reference(s) for 2 Attachment(s)',
    );
    const badBase64 = refusal(xml.replace(/(<edXML:ContentTransferEncoded>)[^<]+/, '$1###'));
    expect(badBase64).toMatchObject({ code: 'EDXML.MALFORMED', element: 'AttachmentEncoded/Attachment[1]/ContentTransferEncoded' });
    expect(
      refusal(
        xml.replace(
          /<edXML:AttachmentName>du-thao.pdf<\/edXML:AttachmentName><edXML:ContentType>application\/pdf<\/edXML:ContentType><edXML:ContentTransferEncoded>/,
          '<edXML:ContentType>application/pdf</edXML:ContentType><edXML:ContentTransferEncoded>',
        ),
      ).element,
    ).toBe('AttachmentEncoded/Attachment[1]/AttachmentName');
    expect(refusal('<other/>').element).toBe('edXMLEnvelope');
    expect(refusal(`${ENVELOPE_OPEN}<edXML:edXMLBody/></edXML:edXMLEnvelope>`).element).toBe('edXMLHeader');
    expect(refusal(xml.slice(0, -20))).toMatchObject({ code: 'EDXML.MALFORMED', element: 'edXMLEnvelope' });
  });

  it('refuses DTDs: external entities (XXE) and entity expansion (billion laughs)', () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${ENVELOPE_OPEN}<edXML:edXMLHeader>&e;</edXML:edXMLHeader></edXML:edXMLEnvelope>`;
    const lol = ['<!ENTITY l0 "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`)].join('');
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [${lol}]>${ENVELOPE_OPEN}&l9;</edXML:edXMLEnvelope>`;
    for (const xml of [xxe, laughs]) expect(refusal(xml)).toMatchObject({ code: 'EDXML.DTD_FORBIDDEN', element: 'edXMLEnvelope' });
  });

  it('refuses an attachment over MAX_DOCUMENT_BYTES, counted exactly (line breaks in its base64 do not count)', () => {
    const scan = randomBytes(3000);
    const wrapped = buildEdxml({ ...draft, attachments: [{ name: 'scan.pdf', contentType: 'application/pdf', content: scan }] }).replace(
      /(<edXML:ContentTransferEncoded>)([^<]+)/,
      (_m, tag: string, b64: string) => `${tag}\r\n${b64.replace(/(.{76})/g, '$1\r\n')}`,
    );
    expect(parseEdxml(Buffer.from(wrapped), { maxAttachmentBytes: 3000 }).attachments[0].content.equals(scan)).toBe(true);
    expect(refusal(wrapped, { maxAttachmentBytes: 2999 })).toMatchObject({
      code: 'EDXML.DOCUMENT_TOO_LARGE',
      element: 'AttachmentEncoded/Attachment[1]/ContentTransferEncoded',
      problem: 'is a document of 3000 bytes, larger than the limit of 2999 bytes (MAX_DOCUMENT_BYTES)',
    });
  });

  it('refuses a package over the size limit before parsing it, and anything but UTF-8', () => {
    expect(refusal(buildEdxml(draft), 200)).toMatchObject({
      code: 'EDXML.TOO_LARGE',
      message: expect.stringContaining('IOFFICE_MAX_EDXML_BYTES'),
    });
    expect(refusal(Buffer.from([0x3c, 0x61, 0xff, 0x3e]))).toMatchObject({ code: 'EDXML.NOT_UTF8' });
    expect(refusal('<?xml version="1.0" encoding="ISO-8859-1"?><a/>')).toMatchObject({ code: 'EDXML.NOT_UTF8' });
  });
});

describe('DocumentId', () => {
  it('is <fromOrganId>,<yyyy/MM/dd>,<reference>/<purpose> with the date in Vietnam time', () => {
    // 23:30 UTC on the 20th is already the 21st in Vietnam.
    expect(formatDocumentId('000.00.01.H36', new Date('2026-04-20T23:30:00Z'), 'HS-1', 'sign')).toBe('000.00.01.H36,2026/04/21,HS-1/sign');
    expect(formatDocumentId('000.00.01.H36', new Date('2026-04-20T09:15:00+07:00'), 'B-7', 'handover-manifest')).toBe(
      '000.00.01.H36,2026/04/20,B-7/handover-manifest',
    );
  });

  it('parses what it formats, and nothing else', () => {
    expect(parseDocumentId('000.00.01.H36,2026/04/20,000.00.12.H36-260415-0001/number')).toEqual({
      fromOrganId: '000.00.01.H36',
      date: '2026/04/20',
      reference: '000.00.12.H36-260415-0001',
      purpose: 'number',
    });
    for (const other of [
      '000.00.12.H36,2026/04/21,7/QĐ-SXD',
      '000.00.01.H36,2026-04-20,HS-1/sign',
      'HS-1/sign',
      '000.00.01.H36,2026/04/20,HS-1/approve',
    ]) {
      expect(parseDocumentId(other)).toBeUndefined();
    }
  });
});

describe('Vietnam time', () => {
  it('writes and reads edXML dates and timestamps as UTC+07:00', () => {
    const at = new Date('2026-12-31T17:30:05Z');
    expect(edxmlDate(at)).toBe('2027/01/01');
    expect(edxmlTimestamp(at)).toBe('2027/01/01 00:30:05');
    expect(parseEdxmlTime('2027/01/01 00:30:05')?.toISOString()).toBe(at.toISOString());
    expect(parseEdxmlTime('2027/01/01')?.toISOString()).toBe('2026-12-31T17:00:00.000Z');
    expect(parseEdxmlTime('2026/02/30')).toBeUndefined();
    expect(parseEdxmlTime('tomorrow')).toBeUndefined();
  });

  it('reads an xsd:dateTime without an offset as Vietnam time', () => {
    expect(parseSoapDateTime('2026-04-20T09:15:00')?.toISOString()).toBe('2026-04-20T02:15:00.000Z');
    expect(parseSoapDateTime('2026-04-20T09:15:00.5Z')?.toISOString()).toBe('2026-04-20T09:15:00.500Z');
    expect(parseSoapDateTime('nope')).toBeUndefined();
  });
});
