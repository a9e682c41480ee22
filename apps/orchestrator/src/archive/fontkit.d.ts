/** The part of fontkit (pdfkit's font parser; it ships no types) that the manifest uses: a font parsed once. */
declare module 'fontkit' {
  /** A parsed font. pdfkit's `registerFont` takes it as it is (anything with `layout`) instead of bytes to parse. */
  export interface Font {
    layout(text: string): unknown;
  }
  export function create(data: Buffer): Font;
}
