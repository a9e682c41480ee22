/**
 * Vietnamese text folded to ASCII (`Nguyễn Thị Hương` → `Nguyen Thi Huong`): for the text drawn into the
 * simulator's PDFs (the standard Helvetica font has no Vietnamese glyphs) and for e-mail addresses.
 */
export function asciiFold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]/g, '?');
}
