import { validateMessage } from '@lienthong/contracts';
import { VerdictSeal } from '@lienthong/runtime';
import { buildEdxml } from '../edxml/edxml.builder';
import { EdxmlError } from '../edxml/edxml.error';
import type { EdxmlHeader } from '../edxml/edxml.model';
import { parseEdxml } from '../edxml/edxml.parser';
import { decisionReceived, statusReceived } from './package.mapper';

const subject = {
  agencyCode: '000.00.12.H36',
  purpose: 'sign' as const,
  dossierCode: 'HS-1',
  documentId: '000.00.01.H36,2026/04/20,HS-1/sign',
};
const pkg = (
  header: Partial<EdxmlHeader>,
  files = [{ name: '7-QĐ-SXD.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF') }],
) =>
  parseEdxml(
    Buffer.from(
      buildEdxml({
        header: { from: { organId: '000.00.12.H36' }, responseForDocumentId: subject.documentId, ...header },
        attachments: files,
        sentAt: new Date(),
      }),
    ),
  );
const file = { url: 'http://127.0.0.1:3002/blobs/' + 'a'.repeat(64), sha256: 'a'.repeat(64), sizeBytes: 4, contentType: 'application/pdf' };

describe('iOffice packages → bus messages', () => {
  it('maps a status package to a valid dms.status-received', () => {
    const body = statusReceived(
      pkg({
        statusCode: '02',
        description: 'Lãnh đạo không ký',
        staff: { department: 'Sở Xây dựng', staff: 'Lãnh đạo' },
        timestamp: '2026/04/21 08:00:00',
      }),
      'D1',
      subject,
      new Date(),
    );
    expect(body).toEqual({
      ...subject,
      docId: 'D1',
      statusCode: '02',
      description: 'Lãnh đạo không ký',
      staff: { fullName: 'Lãnh đạo', department: 'Sở Xây dựng' },
      occurredAt: '2026-04-21T08:00:00.000+07:00',
    });
    expect(validateMessage('dms.status-received', body)).toEqual([]);
  });

  it('maps a numbered decision to a valid dms.decision-received, with the verdict', () => {
    const decision = pkg({
      code: { number: '7', notation: 'QĐ-SXD' },
      promulgation: { place: 'Lạng Sơn', date: '2026/04/21' },
      signer: { competence: 'KT. GIÁM ĐỐC', position: 'PHÓ GIÁM ĐỐC', fullName: 'Nguyễn Văn Hùng' },
    });
    const verified = decisionReceived(decision, 'D2', subject, { verified: true, signerSubject: 'CN=So Xay dung' }, file);
    expect(verified.decision).toEqual({
      number: 7,
      notation: 'QĐ-SXD',
      documentNumber: '7/QĐ-SXD',
      promulgatedAt: '2026-04-21T00:00:00.000+07:00',
      signer: { fullName: 'Nguyễn Văn Hùng', position: 'PHÓ GIÁM ĐỐC' },
      file,
      signature: { verified: true, signerCertificateSubject: 'CN=So Xay dung' },
    });
    const seal = VerdictSeal.fromEnv({});
    expect(validateMessage('dms.decision-received', seal.seal(verified))).toEqual([]);
    const failed = decisionReceived(decision, 'D2', subject, { verified: false, reason: 'tampered' }, file);
    expect(failed).toMatchObject({ decision: { signature: { verified: false } }, verificationFailure: 'tampered' });
    expect(validateMessage('dms.decision-received', seal.seal(failed))).toEqual([]);
  });

  it('names the element a decision or a status lacks', () => {
    const element = (f: () => unknown): string => {
      try {
        f();
      } catch (error) {
        return (error as EdxmlError).element;
      }
      return 'none';
    };
    expect(element(() => statusReceived(pkg({}), 'D', subject, new Date()))).toBe('edXMLHeader/MessageHeader/StatusCode');
    expect(element(() => statusReceived(pkg({ statusCode: '03', timestamp: 'yesterday' }), 'D', subject, new Date()))).toBe(
      'edXMLHeader/MessageHeader/Timestamp',
    );
    expect(element(() => decisionReceived(pkg({}), 'D', subject, { verified: true }, file))).toBe('edXMLHeader/MessageHeader/Code');
    expect(
      element(() => decisionReceived(pkg({ code: { number: 'bảy', notation: 'QĐ-SXD' } }), 'D', subject, { verified: true }, file)),
    ).toBe('edXMLHeader/MessageHeader/Code/CodeNumber');
    expect(
      element(() =>
        decisionReceived(
          pkg({ code: { number: '7', notation: 'QĐ-SXD' }, promulgation: { date: '2026/04/21' } }),
          'D',
          subject,
          { verified: true },
          file,
        ),
      ),
    ).toBe('edXMLHeader/MessageHeader/SignerInfo/FullName');
    expect(
      element(() =>
        decisionReceived(
          pkg({ code: { number: '7', notation: 'QĐ-SXD' } }),
          'D',
          { ...subject, purpose: 'archive' },
          { verified: true },
          file,
        ),
      ),
    ).toBe('edXMLHeader/MessageHeader/ResponseFor/DocumentId');
  });
});
