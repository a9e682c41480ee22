import { servedContentType } from './blob.controller';
import { contentDisposition } from './content-disposition';

const attachmentDisposition = (name: string): string => contentDisposition(name, 'attachment');

describe('how /blobs serves a stored document', () => {
  it.each([
    ['application/pdf', 'application/pdf'],
    ['Application/PDF; name="a.pdf"', 'application/pdf'],
    ['image/png', 'image/png'],
    ['text/html', 'application/octet-stream'],
    ['text/html; charset=utf-8', 'application/octet-stream'],
    ['image/svg+xml', 'application/octet-stream'],
    ['application/xhtml+xml', 'application/octet-stream'],
    ['text/xml', 'application/octet-stream'],
    ['application/javascript', 'application/octet-stream'],
    ['', 'application/octet-stream'],
  ])('declared %s is served as %s', (declared, served) => {
    expect(servedContentType(declared)).toBe(served);
  });

  it('always as an attachment, with a Vietnamese name folded for old clients and exact in RFC 5987 form (NFC or NFD alike)', () => {
    const name = 'Quyết định 123/QĐ-SXD (bản ký số).pdf';
    const expected =
      'attachment; filename="Quyet dinh 123_QD-SXD (ban ky so).pdf"; filename*=UTF-8\'\'Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%20123%2FQ%C4%90-SXD%20%28b%E1%BA%A3n%20k%C3%BD%20s%E1%BB%91%29.pdf';
    expect(attachmentDisposition(name.normalize('NFC'))).toBe(expected);
    expect(attachmentDisposition(name.normalize('NFD'))).toBe(expected);
    expect(decodeURIComponent(expected.split("UTF-8''")[1])).toBe(name.normalize('NFC'));
  });

  it('cannot be made to end the header or add another: quotes, CR and LF never pass through', () => {
    const header = attachmentDisposition('a".pdf\r\nSet-Cookie: x=1');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header.split('"').length).toBe(3);
    expect(attachmentDisposition('  ')).toContain('filename="document"');
  });
});
