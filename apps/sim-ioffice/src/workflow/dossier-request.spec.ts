import { buildEdocPackage, dossierAttachment } from '../edxml/edxml.builder';
import { parseEdxml } from '../edxml/edxml.parser';
import { readDossierRequest } from './dossier-request';
import { tamper } from './department.workflow';

const pkg = (documentId: string, dossier?: Record<string, unknown>) =>
  parseEdxml(
    Buffer.from(
      buildEdocPackage(
        { from: { organId: 'C' }, to: [{ organId: 'D' }], documentId, subject: 'S' },
        [
          { name: 'draft.pdf', contentType: 'application/pdf', content: Buffer.from('x') },
          ...(dossier ? [dossierAttachment(dossier)] : []),
        ],
        new Date(),
      ),
    ),
  );

describe('reading a bus package', () => {
  it('takes the purpose from dossier.json and checks DocumentId against it', () => {
    const request = readDossierRequest(pkg('C,2025/05/01,HS-1/sign', { dossierCode: 'HS-1', purpose: 'sign' }));
    expect(request).toMatchObject({ purpose: 'sign', reference: 'HS-1', documentId: 'C,2025/05/01,HS-1/sign' });
    expect(request.documents.map((d) => d.name)).toEqual(['draft.pdf']);
    const manifest = readDossierRequest(
      pkg('C,2025/05/01,LO-7/handover-manifest', { batchId: 'LO-7', dossierCodes: [], purpose: 'handover-manifest' }),
    );
    expect(manifest.reference).toBe('LO-7');
  });

  it.each([
    ['no dossier.json', undefined, 'dossier.json]: is missing'],
    ['an unknown purpose', { dossierCode: 'HS-1', purpose: 'print' }, 'purpose: must be one of'],
    ['no dossierCode', { purpose: 'sign' }, 'dossierCode: is missing'],
    ['a manifest without dossierCodes', { batchId: 'HS-1', purpose: 'handover-manifest' }, 'dossierCodes: must be an array'],
    ['a DocumentId for another dossier', { dossierCode: 'HS-2', purpose: 'sign' }, 'DocumentId: must be C,<yyyy/MM/dd>,HS-2/sign'],
  ])('rejects %s, naming the element', (_what, dossier, message) => {
    expect(() => readDossierRequest(pkg('C,2025/05/01,HS-1/sign', dossier))).toThrow(message);
  });

  it('tamper() changes the signed subject', () => {
    expect(tamper('<edXML:Subject>A</edXML:Subject>')).toBe('<edXML:Subject>A (đã sửa)</edXML:Subject>');
  });
});
