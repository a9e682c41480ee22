import { MAY_NEED_NFC, normalizeNfc } from './nfc.normalize';
import { MESSAGE_TYPES } from './routing';
import { decomposed } from './testing/mutate';
import { sampleDossierReceived, sampleMessage } from './testing/samples';
import { validateMessage } from './validation/validate-message';

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

  it.each(MESSAGE_TYPES)('gives back the valid %s sample from its NFD form, Vietnamese letters and all', (type) => {
    const sample = sampleMessage(type);
    const nfd = decomposed(sample);
    const text = JSON.stringify(sample);
    // Every sample holds Vietnamese text with marks, so its NFD form differs and the round trip is tested.
    if (/[^\x00-\x7f]/.test(text.replace(/Đ|đ/g, ''))) expect(JSON.stringify(nfd)).not.toBe(text);
    expect(normalizeNfc(nfd)).toEqual(sample);
    expect(validateMessage(type, normalizeNfc(nfd))).toEqual([]);
  });

  it('skips only strings that are NFC already: every character of the fast ranges is, alone and after any other of them', () => {
    const fast: string[] = [];
    for (const [from, to] of [
      [0x0000, 0x02ff],
      [0x1e00, 0x1eff],
      [0x2010, 0x2027],
    ])
      for (let c = from; c <= to; c++) fast.push(String.fromCharCode(c));
    const unstable = fast.filter((c) => MAY_NEED_NFC.test(c) || c.normalize('NFC') !== c);
    expect(unstable).toEqual([]);
    const composing: string[] = [];
    for (const a of fast) for (const b of fast) if ((a + b).normalize('NFC') !== a + b) composing.push(a + b);
    expect(composing).toEqual([]);
    // Just outside the ranges: combining marks, a decomposed letter, a singleton, a CJK compatibility ideograph.
    for (const s of ['a\u0300', 'Hương'.normalize('NFD'), '\u2126', '\u2000', '\uf900', 'Ω\u0301'])
      expect([MAY_NEED_NFC.test(s), normalizeNfc(s)]).toEqual([true, s.normalize('NFC')]);
  });
});
