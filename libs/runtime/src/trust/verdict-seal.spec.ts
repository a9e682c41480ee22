import { sampleDmsDecisionReceived, validateMessage, normalizeNfc } from '@lienthong/contracts';
import { DEVELOPMENT_VERDICT_SEAL_KEY, VerdictSeal } from './verdict-seal';

describe('VerdictSeal (dms.decision-received.verdictSeal)', () => {
  const seal = VerdictSeal.fromEnv({ VERDICT_SEAL_KEY: 'k'.repeat(40) });
  const { verdictSeal: _, ...unsealed } = sampleDmsDecisionReceived();

  it('seals a verdict so that the contract accepts it and the same key checks it', () => {
    const sealed = seal.seal(unsealed);
    expect(validateMessage('dms.decision-received', sealed)).toEqual([]);
    expect(seal.check(sealed)).toBe(true);
  });

  it('does not check under another key, nor without a seal', () => {
    const sealed = seal.seal(unsealed);
    expect(VerdictSeal.fromEnv({ VERDICT_SEAL_KEY: 'o'.repeat(40) }).check(sealed)).toBe(false);
    expect(VerdictSeal.fromEnv({}).check(sealed)).toBe(false);
    expect(seal.check({ ...sealed, verdictSeal: `v1.${'A'.repeat(43)}` })).toBe(false);
    expect(seal.check({ ...sealed, verdictSeal: undefined as unknown as string })).toBe(false);
  });

  it.each([
    [
      'signature.verified',
      (b: ReturnType<typeof seal.seal>) => ({
        ...b,
        decision: { ...b.decision, signature: { ...b.decision.signature, verified: !b.decision.signature.verified } },
      }),
    ],
    [
      'signature.signerCertificateSubject',
      (b: ReturnType<typeof seal.seal>) => ({
        ...b,
        decision: { ...b.decision, signature: { ...b.decision.signature, signerCertificateSubject: 'CN=Sở Tư pháp' } },
      }),
    ],
    [
      'signature.signedAt',
      (b: ReturnType<typeof seal.seal>) => ({
        ...b,
        decision: { ...b.decision, signature: { ...b.decision.signature, signedAt: '2026-04-24T08:00:00+07:00' } },
      }),
    ],
    [
      'file.sha256',
      (b: ReturnType<typeof seal.seal>) => ({ ...b, decision: { ...b.decision, file: { ...b.decision.file, sha256: 'f'.repeat(64) } } }),
    ],
    [
      'file.sizeBytes',
      (b: ReturnType<typeof seal.seal>) => ({
        ...b,
        decision: { ...b.decision, file: { ...b.decision.file, sizeBytes: b.decision.file.sizeBytes + 1 } },
      }),
    ],
    [
      'documentNumber',
      (b: ReturnType<typeof seal.seal>) => ({ ...b, decision: { ...b.decision, number: 124, documentNumber: '124/GP-SXD' } }),
    ],
    ['dossierCode', (b: ReturnType<typeof seal.seal>) => ({ ...b, dossierCode: '000.00.12.H36-260423-0002' })],
    ['agencyCode', (b: ReturnType<typeof seal.seal>) => ({ ...b, agencyCode: '000.00.15.H36' })],
    ['docId', (b: ReturnType<typeof seal.seal>) => ({ ...b, docId: 'EDOC-999' })],
    ['documentId', (b: ReturnType<typeof seal.seal>) => ({ ...b, documentId: `${b.documentId}x` })],
  ])('no longer checks once %s changed', (_, change) => {
    expect(seal.check(change(seal.seal(unsealed)))).toBe(false);
  });

  it('seals Vietnamese text the same in NFD as in NFC (the consuming bus normalizes bodies)', () => {
    const subject = 'CN=Sở Xây dựng tỉnh Lạng Sơn, O=UBND tỉnh Lạng Sơn, C=VN';
    const nfd = {
      ...unsealed,
      decision: { ...unsealed.decision, signature: { ...unsealed.decision.signature, signerCertificateSubject: subject.normalize('NFD') } },
    };
    const sealed = seal.seal(nfd);
    expect(seal.check(normalizeNfc(sealed))).toBe(true);
    expect(
      seal.check({
        ...sealed,
        decision: {
          ...sealed.decision,
          signature: { ...sealed.decision.signature, signerCertificateSubject: 'CN=So Xay dung tinh Lang Son, O=UBND tinh Lang Son, C=VN' },
        },
      }),
    ).toBe(false);
  });

  it('refuses to start in production without VERDICT_SEAL_KEY, or with the development default, naming the variable', () => {
    expect(() => VerdictSeal.fromEnv({ NODE_ENV: 'production' })).toThrow(/VERDICT_SEAL_KEY is required when NODE_ENV=production/);
    expect(() => VerdictSeal.fromEnv({ NODE_ENV: 'production', VERDICT_SEAL_KEY: DEVELOPMENT_VERDICT_SEAL_KEY })).toThrow(
      /VERDICT_SEAL_KEY is the published development default/,
    );
    expect(() => VerdictSeal.fromEnv({ VERDICT_SEAL_KEY: 'short' })).toThrow(/VERDICT_SEAL_KEY must be at least 32 characters/);
  });
});
