import { type Hash, randomBytes } from 'node:crypto';

/**
 * Large base64 texts lifted out of an XML document before it is parsed, so that a 20 MB attachment is never a
 * JavaScript string, a DOM text node, a canonical form and a digest input all at once (issue 9 item 7).
 *
 * `liftBase64(bytes, name)` replaces the content of every `<name>` / `<prefix:name>` start tag (no attributes) that
 * is a run of base64 characters and whitespace ending at the next `<` by a short random token; the document that
 * remains (the skeleton) is small and parsed as usual. Such a run holds no markup, no `&` and no `]]>`, so the
 * skeleton has exactly the structure of the original, with each token standing where its run stood, whatever the
 * context (element text, CDATA, even a comment). The tokens are unguessable (96 random bits per document), so a
 * sender cannot write one.
 *
 * What the original's parser would have seen at a token is its run with line ends normalized (`\r\n` and `\r` → `\n`,
 * XML 1.0 section 2.11); base64 text has nothing C14N escapes besides `\r`, so the canonical form of the original is
 * the canonical form of the skeleton with each token expanded (`hashExpanded`), and an attachment's content is its
 * text with tokens expanded, decoded from the original's bytes (`decodeBase64Text`).
 */
export class LiftedText {
  private readonly token: RegExp;

  constructor(
    /** The original document; the runs are ranges of it. */
    readonly source: Buffer,
    private readonly prefix: string,
    private readonly runs: ReadonlyArray<readonly [number, number]>,
  ) {
    this.token = new RegExp(`${prefix}n(\\d+)e`, 'g');
  }

  /** No text was lifted. */
  static none(source: Buffer = Buffer.alloc(0)): LiftedText {
    return new LiftedText(source, `lifted${randomBytes(12).toString('hex')}`, []);
  }

  get count(): number {
    return this.runs.length;
  }

  tokenOf(index: number): string {
    return `${this.prefix}n${index}e`;
  }

  /** Bytes of run `index` of the original. */
  run(index: number): Buffer {
    const [start, end] = this.runs[index];
    return this.source.subarray(start, end);
  }

  /** Feeds `text` (a canonical form of the skeleton) to `hash` as UTF-8, each token as its run with line ends normalized. */
  hashExpanded(hash: Hash, text: string): Hash {
    let at = 0;
    for (const match of text.matchAll(this.token)) {
      const index = Number(match[1]);
      if (index >= this.runs.length) continue;
      if (match.index > at) hash.update(text.slice(at, match.index), 'utf8');
      updateNormalized(hash, this.run(index));
      at = match.index + match[0].length;
    }
    if (at < text.length) hash.update(at === 0 ? text : text.slice(at), 'utf8');
    return hash;
  }

  /**
   * Decodes a text that may hold tokens as strict base64 (whitespace allowed between characters); undefined when it
   * is not base64. A text that is exactly one token (the usual case) is decoded from the original's bytes directly.
   */
  decodeBase64Text(text: string): Buffer | undefined {
    const trimmed = text.trim();
    const only = new RegExp(`^${this.prefix}n(\\d+)e$`).exec(trimmed);
    if (only && Number(only[1]) < this.runs.length) return decodeBase64Bytes(this.run(Number(only[1])));
    const parts: Buffer[] = [];
    let at = 0;
    for (const match of text.matchAll(this.token)) {
      const index = Number(match[1]);
      if (index >= this.runs.length) continue;
      parts.push(Buffer.from(text.slice(at, match.index), 'utf8'), this.run(index));
      at = match.index + match[0].length;
    }
    parts.push(Buffer.from(text.slice(at), 'utf8'));
    return decodeBase64Bytes(parts.length === 1 ? parts[0] : Buffer.concat(parts));
  }

  /**
   * How many bytes a text that is exactly one token decodes to, counted without decoding (its base64 characters,
   * whitespace and padding left out); undefined for any other text.
   */
  decodedSizeOf(text: string): number | undefined {
    const only = new RegExp(`^${this.prefix}n(\\d+)e$`).exec(text.trim());
    if (!only || Number(only[1]) >= this.runs.length) return undefined;
    const [start, end] = this.runs[Number(only[1])];
    let characters = 0;
    for (let i = start; i < end; i++) if (BASE64_VALUE[this.source[i]] >= 0) characters++;
    return Math.floor((characters * 3) / 4);
  }
}

const LT = 0x3c;
const COLON = 0x3a;
const CR = 0x0d;
const LF = 0x0a;

/** A, Z, a, z, 0-9, +, /, = and XML whitespace. */
const BASE64_OR_SPACE = new Uint8Array(256);
const BASE64_VALUE = new Int16Array(256).fill(-1);
{
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < alphabet.length; i++) {
    BASE64_OR_SPACE[alphabet.charCodeAt(i)] = 1;
    BASE64_VALUE[alphabet.charCodeAt(i)] = i;
  }
  for (const c of '= \t\r\n') BASE64_OR_SPACE[c.charCodeAt(0)] = 1;
}

/** A byte that can be part of an XML name (ASCII name characters, or any byte of a multi-byte UTF-8 character). */
const isNameByte = (b: number): boolean =>
  (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x2d || b === 0x2e || b === 0x5f || b >= 0x80;

/**
 * Lifts the base64 content of every `<name>` start tag (any prefix, no attributes) that is at least `minLength` bytes.
 * Returns the skeleton (the document with each run replaced by its token) and the runs.
 */
export function liftBase64(bytes: Buffer, name: string, minLength = 1): { skeleton: Buffer; lifted: LiftedText } {
  const marker = Buffer.from(`${name}>`, 'utf8');
  const prefix = `lifted${randomBytes(12).toString('hex')}`;
  const runs: Array<[number, number]> = [];
  const parts: Buffer[] = [];
  let copied = 0;
  let at = 0;
  for (;;) {
    const hit = bytes.indexOf(marker, at);
    if (hit < 0) break;
    const start = hit + marker.length;
    at = start;
    let p = hit - 1;
    if (p >= 0 && bytes[p] === COLON) {
      p--;
      while (p >= 0 && isNameByte(bytes[p])) p--;
    }
    if (p < 0 || bytes[p] !== LT) continue; // an end tag, a longer name, or not a tag
    let end = start;
    while (end < bytes.length && BASE64_OR_SPACE[bytes[end]] === 1) end++;
    if (end >= bytes.length || bytes[end] !== LT || end - start < minLength) continue;
    parts.push(bytes.subarray(copied, start), Buffer.from(`${prefix}n${runs.length}e`, 'latin1'));
    runs.push([start, end]);
    copied = end;
    at = end;
  }
  if (runs.length === 0) return { skeleton: bytes, lifted: new LiftedText(bytes, prefix, runs) };
  parts.push(bytes.subarray(copied));
  return { skeleton: Buffer.concat(parts), lifted: new LiftedText(bytes, prefix, runs) };
}

/** `\r\n` and lone `\r` as `\n`, as an XML parser reads them. */
function updateNormalized(hash: Hash, bytes: Buffer): void {
  let from = bytes.indexOf(CR);
  if (from < 0) {
    hash.update(bytes);
    return;
  }
  let at = 0;
  while (from >= 0) {
    hash.update(bytes.subarray(at, from));
    hash.update('\n');
    at = bytes[from + 1] === LF ? from + 2 : from + 1;
    from = bytes.indexOf(CR, at);
  }
  hash.update(bytes.subarray(at));
}

const PIECE = 64 * 1024; // a multiple of 4

/**
 * Decodes strict base64 from bytes (whitespace allowed between characters, `=` padding only at the end), in pieces,
 * without making a string of the whole; undefined when it is not base64.
 */
export function decodeBase64Bytes(bytes: Buffer): Buffer | undefined {
  const out = Buffer.allocUnsafe(Math.floor((bytes.length * 3) / 4) + 3);
  const piece = Buffer.allocUnsafe(PIECE);
  let filled = 0;
  let written = 0;
  let padding = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x20 || b === 0x09 || b === CR || b === LF) continue;
    if (b === 0x3d) {
      padding++;
      if (padding > 2) return undefined;
    } else if (BASE64_VALUE[b] < 0 || padding > 0) {
      return undefined;
    }
    piece[filled++] = b;
    if (filled === PIECE) {
      written += Buffer.from(piece.toString('latin1'), 'base64').copy(out, written);
      filled = 0;
    }
  }
  if (written === 0 && filled === 0) return Buffer.alloc(0);
  if (filled % 4 !== 0) return undefined;
  if (filled > 0) written += Buffer.from(piece.toString('latin1', 0, filled), 'base64').copy(out, written);
  return out.subarray(0, written);
}
