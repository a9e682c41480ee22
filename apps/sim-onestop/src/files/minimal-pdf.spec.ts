import { minimalPdf } from './minimal-pdf';

describe('minimalPdf', () => {
  it('is deterministic and its xref offsets point at its objects', () => {
    const pdf = minimalPdf(['Hồ sơ 000.00.12.H36-261128-0001', 'Người nộp: Nguyễn Thị Hương (x)']);
    expect(pdf.equals(minimalPdf(['Hồ sơ 000.00.12.H36-261128-0001', 'Người nộp: Nguyễn Thị Hương (x)']))).toBe(true);
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-1.4\n')).toBe(true);
    expect(text.endsWith('%%EOF\n')).toBe(true);
    expect(text).toContain('(Nguoi nop: Nguyen Thi Huong \\(x\\)) Tj');
    const startxref = Number(/startxref\n(\d+)/.exec(text)![1]);
    expect(text.slice(startxref, startxref + 4)).toBe('xref');
    const offsets = [...text.matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(offsets).toHaveLength(5);
    offsets.forEach((offset, i) => expect(text.slice(offset, offset + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`));
  });
});
