import { normalizeNfc } from './nfc.normalize';
import { sampleDossierReceived } from './testing/samples';

describe('normalizeNfc', () => {
  const nfd = 'Nguyễn Thị Hương'.normalize('NFD');

  it('normalizes every string, however deep', () => {
    const body = { applicant: { fullName: nfd }, documents: [{ name: nfd }, 'x'], n: 1, ok: true, none: null };
    const result = normalizeNfc(body);
    expect(result.applicant.fullName).toBe('Nguyễn Thị Hương');
    expect(result.documents[0]).toEqual({ name: 'Nguyễn Thị Hương' });
    expect(result.applicant.fullName).not.toBe(nfd);
    expect(result).toMatchObject({ n: 1, ok: true, none: null });
  });

  it('does not modify its input and copies only what changed', () => {
    const body = { a: { fullName: nfd }, b: { name: 'unchanged' }, list: ['x', nfd] };
    const result = normalizeNfc(body);
    expect(body.a.fullName).toBe(nfd);
    expect(result.b).toBe(body.b);
    expect(result.a).not.toBe(body.a);
    expect(result.list).toEqual(['x', 'Nguyễn Thị Hương']);
  });

  it('returns the very same object when everything is already NFC', () => {
    const body = sampleDossierReceived();
    expect(normalizeNfc(body)).toBe(body);
  });

  it('passes scalars through', () => {
    expect(normalizeNfc(nfd)).toBe('Nguyễn Thị Hương');
    expect(normalizeNfc(42)).toBe(42);
    expect(normalizeNfc(null)).toBeNull();
  });
});
