import { codeNotation, typeAbbreviation } from './document-type';

describe('code notation', () => {
  it('joins the document-type abbreviation and the department abbreviation', () => {
    expect(codeNotation('Quyết định', 'SXD')).toBe('QĐ-SXD');
    expect(codeNotation(undefined, 'STP')).toBe('QĐ-STP');
    expect(codeNotation('Giấy phép', 'SCT')).toBe('GP-SCT');
  });

  it('falls back to the initials of an unknown type name', () => {
    expect(typeAbbreviation('Giấy đề nghị')).toBe('GĐN');
  });
});
