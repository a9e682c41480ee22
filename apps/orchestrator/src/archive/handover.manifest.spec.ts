import { inflateSync } from 'node:zlib';
import { type Manifest, manifestPdf } from './handover.manifest';

function manifest(batchId: string, applicant: string, procedureName: string): Manifest {
  return {
    batchId,
    agencyCode: 'G01.02',
    department: 'Sở Kế hoạch và Đầu tư',
    center: 'Trung tâm Phục vụ hành chính công tỉnh',
    createdAt: '2026-12-07T10:00:00+07:00',
    dossiers: [
      {
        dossierCode: '000.00.12.H36-261207-0001',
        procedureCode: '1.001234',
        procedureName,
        applicant,
        documentNumber: '123/QĐ-SKHĐT',
        documents: ['Đơn đề nghị', 'Bản sao CCCD'],
      },
    ],
  };
}

/** The code points a PDF's embedded fonts can show: every `<glyph> <unicode>` pair of their ToUnicode maps. */
function unicodeOf(pdf: Buffer): Set<number> {
  const text = pdf.toString('latin1');
  const found = new Set<number>();
  for (const match of text.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(match[1], 'latin1')).toString('latin1');
    } catch {
      continue; // not compressed: not a ToUnicode map
    }
    if (!content.includes('beginbfrange') && !content.includes('beginbfchar')) continue;
    for (const hex of content.matchAll(/<([0-9a-fA-F]{4})>\s*\]?/g)) found.add(parseInt(hex[1], 16));
    for (const list of content.matchAll(/\[((?:\s*<[0-9a-fA-F]+>)+)\s*\]/g))
      for (const hex of list[1].matchAll(/<([0-9a-fA-F]{4})>/g)) found.add(parseInt(hex[1], 16));
  }
  return found;
}

describe('manifestPdf', () => {
  it('embeds, in each manifest, the Vietnamese letters of that manifest, with the fonts parsed once for all of them', async () => {
    const first = await manifestPdf(manifest('LT-SKHĐT-2026-000001', 'Nguyễn Văn An', 'Đăng ký doanh nghiệp'));
    // Letters the first manifest has none of (Ỹ, ỵ, Ẵ, ặ), as the second document's own subset must carry them.
    const second = await manifestPdf(manifest('LT-SKHĐT-2026-000002', 'Lê Thị Ỹ Vỵ', 'Cấp lại giấy phép Ẵặ'));

    for (const pdf of [first, second]) {
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.toString('latin1')).toContain('DejaVuSans');
    }
    const shown = (pdf: Buffer, letters: string) => {
      const embedded = unicodeOf(pdf);
      return [...letters].filter((c) => embedded.has(c.codePointAt(0)!)).join('');
    };
    expect(shown(first, 'ễĐđ')).toBe('ễĐđ');
    expect(shown(first, 'ỸỵẴặ')).toBe('');
    expect(shown(second, 'ỸỵẴặĐ')).toBe('ỸỵẴặĐ');
  });
});
