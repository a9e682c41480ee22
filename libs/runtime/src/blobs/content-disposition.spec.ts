import { validateHeaderValue } from 'node:http';
import { contentDisposition } from './content-disposition';

describe('contentDisposition', () => {
  /** The name a client reads back from `filename*` (RFC 8187: UTF-8, percent-encoded). */
  const decoded = (header: string): string => decodeURIComponent(/filename\*=UTF-8''(.*)$/.exec(header)![1]);
  const fallback = (header: string): string => /filename="([^"]*)"/.exec(header)![1];

  it.each([
    ['12-QĐ-SNN&PTNT.pdf', '12-QD-SNN&PTNT.pdf'],
    ['du-thao-000.00.05.H36-261128-0001.pdf', 'du-thao-000.00.05.H36-261128-0001.pdf'],
    ['Quyết định (bản ký) số 12/QĐ-SKHĐT.pdf', 'Quyet dinh (ban ky) so 12_QD-SKHDT.pdf'],
    ['Biên bản "bàn giao".pdf', 'Bien ban _ban giao_.pdf'],
    ['báo cáo\\2026.pdf', 'bao cao_2026.pdf'],
    ['合同.pdf', '__.pdf'],
  ])('%s: a header Node sends, with the name intact in filename* and an ASCII fallback', (name, ascii) => {
    for (const input of [name, name.normalize('NFD')]) {
      const header = contentDisposition(input);
      expect(() => validateHeaderValue('Content-Disposition', header)).not.toThrow();
      expect(header).toMatch(/^inline; filename="[\x20-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9!#$&+\-.^_`|~%]*$/);
      expect(decoded(header)).toBe(name.normalize('NFC'));
      expect(fallback(header)).toBe(ascii);
    }
  });

  it('writes an attachment disposition when asked, and never an empty fallback', () => {
    expect(contentDisposition('"', 'attachment')).toBe(`attachment; filename="_"; filename*=UTF-8''%22`);
    expect(contentDisposition('  ')).toMatch(/^inline; filename="document";/);
  });
});
