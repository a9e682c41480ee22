/**
 * A small DER reader (and the few writes an OCSP request needs). Node's crypto parses certificates but not CRLs or
 * OCSP responses, and reads no certificate extension the bus needs but the CA flag; these structures are short and
 * fixed, so they are read here rather than through a general ASN.1 library (see docs/security.md).
 * Only DER: definite lengths, single-byte tags; anything else is a `DerError`.
 */

/** A structure that is not the DER the caller expected; `message` says what and where. */
export class DerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DerError';
  }
}

/** Universal tags, and the context-specific tag bytes `[n]` as they appear in the structures read here. */
export const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  enumerated: 0x0a,
  utf8String: 0x0c,
  printableString: 0x13,
  ia5String: 0x16,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
  /** `[n]` primitive (IMPLICIT of a primitive type). */
  context: (n: number): number => 0x80 | n,
  /** `[n]` constructed (EXPLICIT, or IMPLICIT of a constructed type). */
  contextConstructed: (n: number): number => 0xa0 | n,
} as const;

/** One DER element: its tag, its exact encoding (`raw`, what signatures cover) and its content octets. */
export class Der {
  private constructor(
    readonly tag: number,
    readonly raw: Buffer,
    readonly content: Buffer,
  ) {}

  /** Reads exactly one element that fills `bytes`. */
  static read(bytes: Buffer, what = 'structure'): Der {
    const { der, end } = Der.readAt(bytes, 0, what);
    if (end !== bytes.length) throw new DerError(`${what}: ${bytes.length - end} bytes after the end of the DER element`);
    return der;
  }

  private static readAt(bytes: Buffer, offset: number, what: string): { der: Der; end: number } {
    if (offset + 2 > bytes.length) throw new DerError(`${what}: truncated DER element at byte ${offset}`);
    const tag = bytes[offset];
    if ((tag & 0x1f) === 0x1f) throw new DerError(`${what}: multi-byte DER tag at byte ${offset}`);
    let length = bytes[offset + 1];
    let start = offset + 2;
    if (length & 0x80) {
      const octets = length & 0x7f;
      if (octets === 0) throw new DerError(`${what}: indefinite length at byte ${offset} (not DER)`);
      if (octets > 4 || start + octets > bytes.length) throw new DerError(`${what}: DER length of ${octets} bytes at byte ${offset}`);
      length = 0;
      for (let i = 0; i < octets; i++) length = length * 256 + bytes[start + i];
      start += octets;
    }
    const end = start + length;
    if (end > bytes.length) throw new DerError(`${what}: DER element at byte ${offset} runs past the end (${length} bytes announced)`);
    return { der: new Der(tag, bytes.subarray(offset, end), bytes.subarray(start, end)), end };
  }

  get constructed(): boolean {
    return (this.tag & 0x20) !== 0;
  }

  /** The elements inside a constructed element (a SEQUENCE, a SET, an EXPLICIT `[n]`). */
  children(what = 'structure'): Der[] {
    if (!this.constructed) throw new DerError(`${what}: expected a constructed DER element, found tag 0x${this.tag.toString(16)}`);
    const out: Der[] = [];
    for (let at = 0; at < this.content.length;) {
      const { der, end } = Der.readAt(this.content, at, what);
      out.push(der);
      at = end;
    }
    return out;
  }

  /** This element, checked to carry `tag`. */
  expect(tag: number, what: string): this {
    if (this.tag !== tag) throw new DerError(`${what}: expected DER tag 0x${tag.toString(16)}, found 0x${this.tag.toString(16)}`);
    return this;
  }

  /** Dotted OBJECT IDENTIFIER. */
  oid(what = 'OID'): string {
    this.expect(TAG.oid, what);
    const c = this.content;
    if (c.length === 0) throw new DerError(`${what}: empty OID`);
    const arcs: number[] = [];
    let value = 0;
    for (const byte of c) {
      value = value * 128 + (byte & 0x7f);
      if (value > Number.MAX_SAFE_INTEGER) throw new DerError(`${what}: OID arc too large`);
      if (!(byte & 0x80)) {
        arcs.push(value);
        value = 0;
      }
    }
    const first = arcs[0] < 80 ? Math.floor(arcs[0] / 40) : 2;
    return [first, arcs[0] - first * 40, ...arcs.slice(1)].join('.');
  }

  /** An INTEGER as lower-case hex without leading zero octets (how serial numbers are compared). */
  integerHex(what = 'INTEGER'): string {
    this.expect(TAG.integer, what);
    let c = this.content;
    while (c.length > 1 && c[0] === 0) c = c.subarray(1);
    return c.toString('hex');
  }

  /** A small non-negative INTEGER or ENUMERATED. */
  smallInteger(what = 'INTEGER'): number {
    if (this.tag !== TAG.integer && this.tag !== TAG.enumerated) throw new DerError(`${what}: expected an INTEGER or ENUMERATED`);
    if (this.content.length === 0 || this.content.length > 4 || this.content[0] & 0x80)
      throw new DerError(`${what}: not a small non-negative integer`);
    return this.content.reduce((n, b) => n * 256 + b, 0);
  }

  boolean(what = 'BOOLEAN'): boolean {
    this.expect(TAG.boolean, what);
    if (this.content.length !== 1) throw new DerError(`${what}: a BOOLEAN is one octet`);
    return this.content[0] !== 0;
  }

  /** A BIT STRING's octets (without the unused-bits octet) and how many trailing bits are unused. */
  bitString(what = 'BIT STRING'): { bytes: Buffer; unusedBits: number } {
    this.expect(TAG.bitString, what);
    if (this.content.length === 0 || this.content[0] > 7) throw new DerError(`${what}: malformed BIT STRING`);
    return { bytes: this.content.subarray(1), unusedBits: this.content[0] };
  }

  octets(what = 'OCTET STRING'): Buffer {
    return this.expect(TAG.octetString, what).content;
  }

  /** UTCTime or GeneralizedTime (UTC, as RFC 5280 requires; fractional seconds allowed, as OCSP responders write them). */
  time(what = 'time'): Date {
    const text = this.content.toString('latin1');
    let m: RegExpExecArray | null;
    let year: number;
    if (this.tag === TAG.utcTime && (m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text))) {
      const yy = Number(m[1]);
      year = yy >= 50 ? 1900 + yy : 2000 + yy;
    } else if (this.tag === TAG.generalizedTime && (m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.\d+)?Z$/.exec(text))) {
      year = Number(m[1]);
    } else {
      throw new DerError(`${what}: not a UTCTime or GeneralizedTime in UTC ("${text.slice(0, 40)}")`);
    }
    const at = new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
    if (Number.isNaN(at.getTime()) || at.getUTCDate() !== Number(m[3])) throw new DerError(`${what}: impossible date "${text}"`);
    return at;
  }

  isTime(): boolean {
    return this.tag === TAG.utcTime || this.tag === TAG.generalizedTime;
  }
}

/** Encodes one DER element (definite length). */
export function derEncode(tag: number, content: Buffer | readonly Buffer[]): Buffer {
  const body = Buffer.isBuffer(content) ? content : Buffer.concat(content as Buffer[]);
  const n = body.length;
  let length: Buffer;
  if (n < 0x80) length = Buffer.from([n]);
  else {
    const octets: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) octets.unshift(v % 256);
    length = Buffer.from([0x80 | octets.length, ...octets]);
  }
  return Buffer.concat([Buffer.from([tag]), length, body]);
}

/** Encodes a dotted OID. */
export function derOid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  const out: number[] = [];
  for (const arc of [arcs[0] * 40 + arcs[1], ...arcs.slice(2)]) {
    const bytes = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) bytes.unshift(0x80 | (v & 0x7f));
    out.push(...bytes);
  }
  return derEncode(TAG.oid, Buffer.from(out));
}
