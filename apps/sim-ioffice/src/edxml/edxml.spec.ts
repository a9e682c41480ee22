import { buildEdocPackage, buildStatusPackage, dossierAttachment } from './edxml.builder';
import { EDXML_NS } from './edxml.constants';
import { EdxmlError } from './edxml.error';
import { decodeBase64, parseEdxml, requireHeaderFor } from './edxml.parser';
import { edxmlDate, edxmlTimestamp, parseSoapDateTime, soapDateTime, vietnamYear } from './vietnam-time';

const at = new Date('2025-12-31T17:30:05.123Z'); // 2026-01-01 00:30:05 in Vietnam

function edoc(): string {
  return buildEdocPackage(
    {
      from: { organId: 'C', organName: 'Trung tâm' },
      to: [{ organId: 'D' }],
      documentId: 'C,2026/01/01,HS-1/sign',
      documentType: { type: '1', typeName: 'Quyết định' },
      subject: 'Cấp phép <A> & "B"',
      dueDate: '2026/01/05 17:00:00',
    },
    [{ name: 'draft.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4 x') }, dossierAttachment({ purpose: 'sign' })],
    at,
  );
}

describe('Vietnam time', () => {
  it('formats edXML dates and timestamps in UTC+07:00', () => {
    expect(edxmlDate(at)).toBe('2026/01/01');
    expect(edxmlTimestamp(at)).toBe('2026/01/01 00:30:05');
    expect(soapDateTime(at)).toBe('2026-01-01T00:30:05.123+07:00');
    expect(vietnamYear(at)).toBe(2026);
  });

  it('reads an xsd:dateTime without an offset as Vietnam time', () => {
    expect(parseSoapDateTime('2026-01-01T00:30:05')?.toISOString()).toBe('2025-12-31T17:30:05.000Z');
    expect(parseSoapDateTime('2026-01-01T00:30:05Z')?.toISOString()).toBe('2026-01-01T00:30:05.000Z');
    expect(parseSoapDateTime('2026-01-01T00:30:05.5-02:00')?.toISOString()).toBe('2026-01-01T02:30:05.500Z');
    expect(parseSoapDateTime('yesterday')).toBeNull();
  });
});

describe('edXML builder and parser', () => {
  it('writes the envelope, header, body and AttachmentEncoded in order with the edXML prefix', () => {
    const xml = edoc();
    expect(xml).toMatch(
      new RegExp(
        `^<\\?xml version="1.0" encoding="UTF-8"\\?><edXML:edXMLEnvelope xmlns:edXML="${EDXML_NS}"><edXML:edXMLHeader><edXML:MessageHeader>`,
      ),
    );
    const order = [
      '<edXML:edXMLHeader>',
      '<edXML:TraceHeaderList>',
      '<edXML:edXMLBody>',
      '<edXML:edXMLManifest>',
      '<edXML:AttachmentEncoded>',
    ].map((t) => xml.indexOf(t));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(xml).toContain('<edXML:Timestamp>2026/01/01 00:30:05</edXML:Timestamp>');
  });

  it('reads back what it wrote, escaping included', () => {
    const parsed = parseEdxml(Buffer.from(edoc()));
    expect(parsed).toMatchObject({
      from: { organId: 'C', organName: 'Trung tâm' },
      to: [{ organId: 'D' }],
      documentId: 'C,2026/01/01,HS-1/sign',
      subject: 'Cấp phép <A> & "B"',
      documentType: { type: '1', typeName: 'Quyết định' },
      signed: false,
    });
    expect(parsed.attachments.map((a) => [a.contentId, a.name, a.contentType])).toEqual([
      ['cid:1', 'draft.pdf', 'application/pdf'],
      ['cid:2', 'dossier.json', 'application/json'],
    ]);
    expect(JSON.parse(parsed.attachments[1].content.toString())).toEqual({ purpose: 'sign' });
    expect(() => requireHeaderFor(parsed, 'edoc')).not.toThrow();
    expect(() => requireHeaderFor(parsed, 'status')).toThrow('ResponseFor/DocumentId');
  });

  it('writes status packages with exactly the contract header fields', () => {
    const xml = buildStatusPackage({
      from: { organId: 'D', organName: 'Sở' },
      responseForDocumentId: 'C,2026/01/01,HS-1/sign',
      staff: { department: 'Sở', staff: 'Văn thư' },
      statusCode: '03',
      description: 'Đã vào sổ',
      at,
    });
    const header = /<edXML:MessageHeader>(.*)<\/edXML:MessageHeader>/.exec(xml)![1];
    const names = [...header.matchAll(/<edXML:(\w+)>/g)]
      .map((m) => m[1])
      .filter((n) => ['From', 'ResponseFor', 'StaffInfo', 'StatusCode', 'Description', 'Timestamp'].includes(n));
    expect(names).toEqual(['From', 'ResponseFor', 'StaffInfo', 'StatusCode', 'Description', 'Timestamp']);
    const parsed = parseEdxml(Buffer.from(xml));
    expect(parsed).toMatchObject({
      statusCode: '03',
      description: 'Đã vào sổ',
      timestamp: '2026/01/01 00:30:05',
      responseForDocumentId: 'C,2026/01/01,HS-1/sign',
      attachments: [],
    });
    expect(() => requireHeaderFor(parsed, 'status')).not.toThrow();
  });

  it.each([
    ['a DOCTYPE', (x: string) => x.replace('?>', '?><!DOCTYPE edXML:edXMLEnvelope>'), 'edXMLEnvelope: DOCTYPE'],
    ['an entity declaration', (x: string) => x.replace('?>', '?><!ENTITY x "y">'), 'edXMLEnvelope: DOCTYPE'],
    ['malformed XML', (x: string) => x.slice(0, -10), 'edXMLEnvelope: not well-formed'],
    ['another root', (x: string) => x.replace(/edXMLEnvelope/g, 'Envelope'), 'edXMLEnvelope: document element'],
    ['the wrong namespace', (x: string) => x.replace(EDXML_NS, 'urn:other'), 'edXMLEnvelope: document element'],
    [
      'body before header',
      (x: string) => x.replace(/(<edXML:edXMLHeader>.*<\/edXML:edXMLHeader>)(<edXML:edXMLBody>.*<\/edXML:edXMLBody>)/, '$2$1'),
      'edXMLEnvelope/edXMLHeader',
    ],
    [
      'no TraceHeaderList',
      (x: string) => x.replace(/<edXML:TraceHeaderList>.*<\/edXML:TraceHeaderList>/, ''),
      'edXMLHeader/TraceHeaderList',
    ],
    ['no From/OrganId', (x: string) => x.replace('<edXML:OrganId>C</edXML:OrganId>', ''), 'MessageHeader/From/OrganId'],
    ['a Reference too few', (x: string) => x.replace(/<edXML:Reference>.*?<\/edXML:Reference>/, ''), 'edXMLBody/edXMLManifest'],
    ['bad base64', (x: string) => x.replace(/(<edXML:ContentTransferEncoded>)[^<]*/, '$1***'), 'Attachment[1]/ContentTransferEncoded'],
    ['a Latin-1 encoding', (x: string) => x.replace('UTF-8', 'ISO-8859-1'), 'encoding'],
  ])('rejects %s, naming the element', (_what, mutate, message) => {
    expect(() => parseEdxml(Buffer.from(mutate(edoc())))).toThrow(message);
  });

  it('rejects invalid UTF-8 and oversized packages before parsing', () => {
    expect(() => parseEdxml(Buffer.from([0x3c, 0xff, 0xfe]))).toThrow(EdxmlError);
    expect(() => parseEdxml(Buffer.from(edoc()), 100)).toThrow('larger than the 100-byte limit');
  });

  it('decodes strict base64 only', () => {
    expect(decodeBase64('aGk=\n')?.toString()).toBe('hi');
    expect(decodeBase64('aGk')).toBeNull();
    expect(decodeBase64('a-k=')).toBeNull();
  });
});
