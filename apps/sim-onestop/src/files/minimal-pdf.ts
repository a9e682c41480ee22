import { asciiFold } from '../shared/ascii-fold';

/**
 * A one-page PDF 1.4 with a few lines of text, built by hand with a correct xref table. Deterministic: the
 * same lines give the same bytes, so a document's sha256 follows from the dossier alone. Text is folded
 * to ASCII (Helvetica has no Vietnamese glyphs); the message body keeps the real Vietnamese names.
 */
export function minimalPdf(lines: readonly string[]): Buffer {
  const text = lines
    .map((line) => asciiFold(line).replace(/([\\()])/g, '\\$1'))
    .map((line, i) => (i === 0 ? `(${line}) Tj` : `T* (${line}) Tj`))
    .join('\n');
  const stream = `BT /F1 11 Tf 14 TL 56 780 Td\n${text}\nET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
