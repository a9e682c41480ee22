import type { Department } from '@lienthong/config';
import { sampleDmsSendRequested } from '@lienthong/contracts';
import { ContractViolation } from '@lienthong/messaging';
import { parseEdxml } from '../edxml/edxml.parser';
import { buildOutgoingPackage } from './outgoing-package';

const center = { organId: '000.00.01.H36', name: 'Trung tâm Phục vụ hành chính công tỉnh Lạng Sơn', place: 'Lạng Sơn' };
const department = { agencyCode: '000.00.12.H36', organId: '000.00.12.H36', name: 'Sở Xây dựng', abbreviation: 'SXD' } as Department;
const draft = { name: 'du-thao.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4 draft') };
const json = (pkg: ReturnType<typeof parseEdxml>) =>
  JSON.parse(pkg.attachments.find((a) => a.name === 'dossier.json')!.content.toString('utf8'));

describe('the package the bus sends', () => {
  it('carries the header of the contract, the files, then dossier.json', () => {
    const command = sampleDmsSendRequested({ requestedAt: '2026-04-20T23:15:00+07:00', dueAt: '2026-05-06T17:00:00+07:00' });
    const { documentId, edxml } = buildOutgoingPackage(command, center, department, [draft], new Date('2026-04-21T01:00:00Z'));
    expect(documentId).toBe(`000.00.01.H36,2026/04/20,${command.dossierCode}/sign`);
    const pkg = parseEdxml(edxml);
    expect(pkg.header).toMatchObject({
      from: { organId: center.organId, organName: center.name },
      to: [{ organId: department.organId, organName: 'Sở Xây dựng' }],
      documentId,
      subject: command.subject,
      documentType: { type: 'GP', typeName: 'Giấy phép' },
      promulgation: { place: 'Lạng Sơn', date: '2026/04/20' },
      dueDate: '2026/05/06 17:00:00',
    });
    expect(pkg.traces).toEqual([{ organId: center.organId, timestamp: '2026/04/21 08:00:00' }]);
    expect(pkg.attachments.map((a) => a.name)).toEqual(['du-thao.pdf', 'dossier.json']);
    expect(json(pkg)).toEqual({
      dossierCode: command.dossierCode,
      procedureCode: command.procedureCode,
      agencyCode: command.agencyCode,
      purpose: 'sign',
    });
  });

  it('describes a handover batch by its batchId and dossier codes', () => {
    const command = sampleDmsSendRequested({
      purpose: 'handover-manifest',
      dossierCode: undefined,
      batchId: 'BG-SXD-20260420-1',
      dossierCodes: ['HS-1', 'HS-2'],
    });
    const { documentId, edxml } = buildOutgoingPackage(command, center, department, [draft], new Date());
    expect(documentId).toBe('000.00.01.H36,2026/04/20,BG-SXD-20260420-1/handover-manifest');
    expect(json(parseEdxml(edxml))).toEqual({
      batchId: 'BG-SXD-20260420-1',
      agencyCode: command.agencyCode,
      dossierCodes: ['HS-1', 'HS-2'],
      purpose: 'handover-manifest',
    });
  });

  it('refuses a command without its reference, or with a file named dossier.json', () => {
    const refusal = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return error as ContractViolation;
      }
      throw new Error('expected a ContractViolation');
    };
    expect(
      refusal(() => buildOutgoingPackage(sampleDmsSendRequested({ dossierCode: undefined }), center, department, [draft], new Date()))
        .reasons,
    ).toEqual([{ field: 'dossierCode', problem: 'is required when purpose is sign' }]);
    expect(
      refusal(() =>
        buildOutgoingPackage(
          sampleDmsSendRequested({ purpose: 'handover-manifest', batchId: 'B1' }),
          center,
          department,
          [draft],
          new Date(),
        ),
      ).reasons[0].field,
    ).toBe('dossierCodes');
    expect(
      refusal(() => buildOutgoingPackage(sampleDmsSendRequested(), center, department, [{ ...draft, name: 'dossier.json' }], new Date()))
        .reasons[0].field,
    ).toBe('attachments.0.name');
  });
});
