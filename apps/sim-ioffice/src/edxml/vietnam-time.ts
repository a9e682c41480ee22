/** Vietnam has used UTC+07:00 all year since 1975 (no daylight saving), so a fixed offset is exact. */
const OFFSET_MS = 7 * 60 * 60 * 1000;

function parts(at: Date): { y: string; mo: string; d: string; h: string; mi: string; s: string; ms: string } {
  const local = new Date(at.getTime() + OFFSET_MS);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return {
    y: pad(local.getUTCFullYear(), 4),
    mo: pad(local.getUTCMonth() + 1),
    d: pad(local.getUTCDate()),
    h: pad(local.getUTCHours()),
    mi: pad(local.getUTCMinutes()),
    s: pad(local.getUTCSeconds()),
    ms: pad(local.getUTCMilliseconds(), 3),
  };
}

/** edXML date: `yyyy/MM/dd` in Vietnam time. */
export function edxmlDate(at: Date): string {
  const p = parts(at);
  return `${p.y}/${p.mo}/${p.d}`;
}

/** edXML timestamp: `yyyy/MM/dd HH:mm:ss` in Vietnam time. */
export function edxmlTimestamp(at: Date): string {
  const p = parts(at);
  return `${p.y}/${p.mo}/${p.d} ${p.h}:${p.mi}:${p.s}`;
}

/** xsd:dateTime in Vietnam time with an explicit offset, e.g. `2025-03-01T09:30:00.000+07:00`. */
export function soapDateTime(at: Date): string {
  const p = parts(at);
  return `${p.y}-${p.mo}-${p.d}T${p.h}:${p.mi}:${p.s}.${p.ms}+07:00`;
}

/** Calendar year in Vietnam time (document numbers restart every year). */
export function vietnamYear(at: Date): number {
  return new Date(at.getTime() + OFFSET_MS).getUTCFullYear();
}

const DATE_TIME = /^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * Parses an xsd:dateTime as the contract reads it: a value without an offset is Vietnam time (+07:00).
 * Returns null when the text is not an xsd:dateTime.
 */
export function parseSoapDateTime(text: string): Date | null {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return null;
  const offset = m[8] ?? '+07:00';
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[7] ?? ''}${offset}`;
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? null : at;
}
