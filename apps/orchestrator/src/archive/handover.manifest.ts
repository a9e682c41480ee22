import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Font, create as parseFont } from 'fontkit';
import PDFDocument from 'pdfkit';

/** One dossier line of a handover manifest. */
export interface ManifestEntry {
  readonly dossierCode: string;
  readonly procedureCode: string;
  readonly procedureName: string;
  readonly applicant: string;
  readonly documentNumber?: string;
  readonly documents: readonly string[];
}

/** The manifest of an archive-handover batch: the same data for machines (JSON) and people (PDF). */
export interface Manifest {
  readonly batchId: string;
  readonly agencyCode: string;
  readonly department: string;
  readonly center: string;
  readonly createdAt: string;
  readonly dossiers: readonly ManifestEntry[];
}

// Four levels up from this file is the repository in the sources (apps/orchestrator/src/archive) and dist/ in the
// build (dist/apps/orchestrator/src/archive), where `npm run build` copies assets/fonts: a deployed dist/ uses its own.
const FONT_DIR = resolve(__dirname, '../../../../assets/fonts');
const fontPath = (name: string): string => {
  const path = join(FONT_DIR, name);
  if (!existsSync(path))
    throw new Error(`ARCHIVE.FONT_MISSING: font ${path} not found; build with npm run build, which copies assets/fonts there`);
  return path;
};
/**
 * The fonts, read and parsed once. Given bytes, pdfkit parses the font again for every document (over half of a
 * 50-dossier manifest's CPU); given the parsed font it makes only that document's subset of it.
 */
const fonts = new Map<string, Font>();
const font = (name: string): Font => {
  let parsed = fonts.get(name);
  if (!parsed) fonts.set(name, (parsed = parseFont(readFileSync(fontPath(name)))));
  return parsed;
};

export function manifestJson(manifest: Manifest): Buffer {
  return Buffer.from(JSON.stringify(manifest, null, 2), 'utf8');
}

/**
 * The printable manifest: a PDF with DejaVu Sans embedded, so Vietnamese text (ễ, ướ, Đ…) renders on any
 * printer. Lists every dossier and its documents, with room for the clerk's signature.
 */
export function manifestPdf(manifest: Manifest): Promise<Buffer> {
  return new Promise((resolvePdf, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 50,
      info: { Title: `Biên bản bàn giao hồ sơ ${manifest.batchId}`, Author: manifest.center, CreationDate: new Date(manifest.createdAt) },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolvePdf(Buffer.concat(chunks)));
    doc.on('error', reject);
    // pdfkit takes a parsed font (anything with `layout`) though its types list only paths and bytes.
    doc.registerFont('regular', font('DejaVuSans.ttf') as unknown as Buffer);
    doc.registerFont('bold', font('DejaVuSans-Bold.ttf') as unknown as Buffer);

    doc.font('bold').fontSize(11).text(manifest.center.toUpperCase(), { align: 'left' });
    doc.font('regular').fontSize(10).text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM — Độc lập - Tự do - Hạnh phúc', { align: 'right' });
    doc.moveDown(1.5);
    doc.font('bold').fontSize(15).text('BIÊN BẢN BÀN GIAO HỒ SƠ LƯU TRỮ', { align: 'center' });
    doc
      .font('regular')
      .fontSize(10)
      .text(`Lô ${manifest.batchId} — ngày ${manifest.createdAt.slice(0, 10).split('-').reverse().join('/')}`, { align: 'center' });
    doc.moveDown();
    doc.fontSize(11).text(`Bên giao: ${manifest.center}`);
    doc.text(`Bên nhận: Văn thư ${manifest.department} (${manifest.agencyCode})`);
    doc.text(`Số hồ sơ bàn giao: ${manifest.dossiers.length}`);
    doc.moveDown();
    manifest.dossiers.forEach((entry, i) => {
      doc
        .font('bold')
        .fontSize(10)
        .text(`${i + 1}. ${entry.dossierCode}${entry.documentNumber ? ` — kết quả số ${entry.documentNumber}` : ''}`);
      doc.font('regular').fontSize(9).text(`${entry.procedureCode} ${entry.procedureName}`, { indent: 14 });
      doc.text(`Người nộp: ${entry.applicant}`, { indent: 14 });
      doc.text(`Thành phần: ${entry.documents.join('; ')}`, { indent: 14 });
      doc.moveDown(0.4);
    });
    doc.moveDown(2);
    doc.font('bold').fontSize(10).text('ĐẠI DIỆN BÊN GIAO', 60, doc.y, { continued: false });
    doc.text('ĐẠI DIỆN BÊN NHẬN (VĂN THƯ)', 330, doc.y - 12);
    doc.end();
  });
}
