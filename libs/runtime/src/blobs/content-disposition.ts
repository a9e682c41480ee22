import { asciiFold } from '@lienthong/contracts';

/** Characters `encodeURIComponent` leaves alone that RFC 8187 does not allow unescaped in `filename*`. */
const NOT_ATTR_CHAR = /[*'()]/g;

/**
 * A `Content-Disposition` value for a document people open or save, whatever its name (`12-QĐ-SNN&PTNT.pdf`,
 * `Quyết định (bản ký).pdf`): `filename*` carries the name in UTF-8 (RFC 6266, RFC 8187); `filename` an ASCII
 * form for clients that ignore it (Vietnamese folded, quotes, backslashes and other characters made `_`). A header
 * may carry only Latin-1, and Node refuses to send anything else, so the name never goes into it unencoded.
 */
export function contentDisposition(name: string, type: 'inline' | 'attachment' = 'inline'): string {
  const nfc = name.normalize('NFC');
  const ascii =
    asciiFold(nfc)
      .replace(/[^\x20-\x7e]|["\\/]/g, '_')
      .trim() || 'document';
  const encoded = encodeURIComponent(nfc).replace(NOT_ATTR_CHAR, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
