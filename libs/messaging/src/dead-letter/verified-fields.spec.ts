import { sampleDmsDecisionReceived, sampleDossierReceived } from '@lienthong/contracts';
import { verifiedFieldEdits } from './dead-letter.store';

describe('an edited dead letter may not change what verification produced', () => {
  const subject = 'CN=Sở Xây dựng tỉnh Lạng Sơn, O=UBND tỉnh Lạng Sơn, C=VN';
  const original = sampleDmsDecisionReceived({
    decision: {
      ...sampleDmsDecisionReceived().decision,
      signature: { verified: false, signerCertificateSubject: subject.normalize('NFD') },
    },
    verificationFailure: 'chứng thư không hợp lệ',
  });
  const letter = { routingKey: 'dms.decision-received', body: JSON.stringify(original), bodyEncoding: 'utf8' as const };
  const withSignature = (signature: object) => ({
    ...original,
    decision: { ...original.decision, signature: { ...original.decision.signature, ...signature } },
  });

  it('names each verified field an edit changes, adds or removes', () => {
    expect(verifiedFieldEdits(letter, withSignature({ verified: true }))).toEqual([
      { field: 'decision.signature.verified', problem: expect.stringContaining('cannot be edited') },
    ]);
    expect(verifiedFieldEdits(letter, withSignature({ signedAt: '2026-04-23T16:19:41+07:00' })).map((p) => p.field)).toEqual([
      'decision.signature.signedAt',
    ]);
    expect(
      verifiedFieldEdits(letter, {
        ...original,
        decision: { ...original.decision, file: { ...original.decision.file, sha256: 'f'.repeat(64) } },
        docId: 'EDOC-1',
      }).map((p) => p.field),
    ).toEqual(['docId', 'decision.file.sha256']);
    expect(verifiedFieldEdits(letter, { ...original, verdictSeal: `v1.${'B'.repeat(43)}` }).map((p) => p.field)).toEqual(['verdictSeal']);
  });

  it('lets other fields be corrected, and takes the same Vietnamese text in NFC or NFD as unchanged', () => {
    expect(verifiedFieldEdits(letter, { ...original, verificationFailure: 'chứng thư số đã hết hạn' })).toEqual([]);
    expect(verifiedFieldEdits(letter, withSignature({ signerCertificateSubject: subject.normalize('NFC') }))).toEqual([]);
    expect(
      verifiedFieldEdits(
        letter,
        withSignature({ signerCertificateSubject: 'CN=So Xay dung tinh Lang Son, O=UBND tinh Lang Son, C=VN' }),
      ).map((p) => p.field),
    ).toEqual(['decision.signature.signerCertificateSubject']);
  });

  it('leaves messages without verified fields alone, and treats a body that never parsed as having none', () => {
    expect(
      verifiedFieldEdits({ routingKey: 'onestop.dossier.received', body: '{}', bodyEncoding: 'utf8' }, sampleDossierReceived()),
    ).toEqual([]);
    const garbage = { routingKey: 'dms.decision-received', body: 'not json', bodyEncoding: 'utf8' as const };
    expect(verifiedFieldEdits(garbage, withSignature({ verified: true })).map((p) => p.field)).toContain('decision.signature.verified');
  });
});
