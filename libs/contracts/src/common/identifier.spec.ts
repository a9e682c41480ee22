import { asciiFold, identifierPart } from './identifier';
import { IDENTIFIER } from './text-rules';

describe('asciiFold', () => {
  it.each([
    ['SKHĐT', 'SKHDT'],
    ['SLĐTBXH', 'SLDTBXH'],
    ['Sở Kế hoạch và Đầu tư', 'So Ke hoach va Dau tu'],
    ['đường Trần Đăng Ninh', 'duong Tran Dang Ninh'],
  ])('%s → %s', (input, folded) => {
    expect(asciiFold(input)).toBe(folded);
    expect(asciiFold(input.normalize('NFD'))).toBe(folded);
  });
});

describe('identifierPart', () => {
  it.each([
    ['SKHĐT', 'SKHDT'],
    ['SNN&PTNT', 'SNN-PTNT'],
    ['  Sở GD&ĐT  ', 'So-GD-DT'],
    ['UBND tỉnh/Lạng Sơn', 'UBND-tinh-Lang-Son'],
    ['&&', ''],
  ])('%s → %s', (input, part) => {
    expect(identifierPart(input)).toBe(part);
    expect(identifierPart(input.normalize('NFD'))).toBe(part);
    if (part) expect(IDENTIFIER.pattern.test(part)).toBe(true);
  });
});
