import { DOCUMENT_NUMBER, NOTATION } from './text-rules';

/**
 * What a real notation may contain: the type's and the issuer's abbreviations as Vietnamese offices write them
 * (Decree 30/2020/NĐ-CP): letters with their Vietnamese marks, digits, '&' inside an abbreviation, '-' between.
 */
describe('NOTATION and DOCUMENT_NUMBER', () => {
  it.each([
    'QĐ-SXD',
    'QĐ-SKHĐT',
    'GP-SLĐTBXH',
    'QĐ-SGDĐT',
    'KH-SVHTTDL',
    'CV-SNN&PTNT',
    'QĐ-SGD&ĐT',
    'QyĐ-UBND',
    'QĐ-UBND-KT',
    'TTr-SNgV',
    'GĐKHĐ-STP',
    'TB-BQLKKTCKĐĐ-LS',
    'QĐ-Sở',
  ])('accepts the notation %s and its document number', (notation) => {
    expect(NOTATION.pattern.test(notation)).toBe(true);
    expect(DOCUMENT_NUMBER.pattern.test(`12/${notation}`)).toBe(true);
    expect(DOCUMENT_NUMBER.pattern.test(`9999999/2026/${notation}`)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['a space', 'QĐ-S KHĐT'],
    ['a dot', 'QĐ-S.KHĐT'],
    ['a slash', 'QĐ/SXD'],
    ['a dangling &', 'QĐ-SNN&'],
    ['a leading -', '-QĐ'],
    ['a doubled -', 'QĐ--SXD'],
    ['& next to -', 'QĐ-&SXD'],
    // The bus NFC-normalizes every message first; a decomposed tone mark is not a letter on its own.
    ['NFD marks', 'QĐ-Sở'.normalize('NFD')],
    ['a letter of another script', 'QĐ-SΧD'],
  ])('refuses a notation with %s', (_, notation) => {
    expect(NOTATION.pattern.test(notation)).toBe(false);
    expect(DOCUMENT_NUMBER.pattern.test(`12/${notation}`)).toBe(false);
  });

  it('refuses a notation of 51 characters', () => {
    expect(NOTATION.pattern.test(`QĐ-${'S'.repeat(47)}`)).toBe(true);
    expect(NOTATION.pattern.test(`QĐ-${'S'.repeat(48)}`)).toBe(false);
  });

  it('accepts every precomposed Vietnamese letter, in both cases', () => {
    const letters = 'aăâbcdđeêghiklmnoôơpqrstuưvxy' + 'áàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ';
    for (const letter of [...letters, ...letters.toUpperCase()])
      expect(`${letter}: ${NOTATION.pattern.test(`QĐ-S${letter}`)}`).toBe(`${letter}: true`);
  });

  it('carries no flags, so JSON Schema copies it verbatim', () => {
    expect(NOTATION.pattern.flags).toBe('');
    expect(DOCUMENT_NUMBER.pattern.flags).toBe('');
    expect(new RegExp(NOTATION.pattern.source, 'u').test('QĐ-SNN&PTNT')).toBe(true);
  });
});
