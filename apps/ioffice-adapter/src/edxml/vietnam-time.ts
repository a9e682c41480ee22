/** Vietnam has used UTC+07:00 all year since 1975 (no daylight saving): a fixed offset is exact. */
const OFFSET_MS = 7 * 3600_000;

function local(at: Date): { y: string; mo: string; d: string; h: string; mi: string; s: string } {
  const t = new Date(at.getTime() + OFFSET_MS);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return {
    y: pad(t.getUTCFullYear(), 4),
    mo: pad(t.getUTCMonth() + 1),
    d: pad(t.getUTCDate()),
    h: pad(t.getUTCHours()),
    mi: pad(t.getUTCMinutes()),
    s: pad(t.getUTCSeconds()),
  };
}

/** edXML date, `yyyy/MM/dd`, in Vietnam time. */
export function edxmlDate(at: Date): string {
  const p = local(at);
  return `${p.y}/${p.mo}/${p.d}`;
}

/** edXML timestamp, `yyyy/MM/dd HH:mm:ss`, in Vietnam time. */
export function edxmlTimestamp(at: Date): string {
  const p = local(at);
  return `${p.y}/${p.mo}/${p.d} ${p.h}:${p.mi}:${p.s}`;
}

const EDXML_TIME = /^(\d{4})\/(\d{2})\/(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** Reads an edXML date or timestamp (Vietnam local time); undefined when it is neither or impossible. */
export function parseEdxmlTime(text: string): Date | undefined {
  const m = EDXML_TIME.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d, h = '00', mi = '00', s = '00'] = m.slice(1).map((v) => v);
  const at = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}+07:00`);
  // Date rolls 02-30 over into March; an impossible date must not pass as another one.
  if (Number.isNaN(at.getTime()) || edxmlDate(at) !== `${y}/${mo}/${d}`) return undefined;
  return at;
}

const XSD_DATE_TIME = /^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/** Reads an xsd:dateTime as the contract does: one without an offset is Vietnam time (+07:00). */
export function parseSoapDateTime(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value !== 'string') return undefined;
  const m = XSD_DATE_TIME.exec(value.trim());
  if (!m) return undefined;
  const at = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[7] ?? ''}${m[8] ?? '+07:00'}`);
  return Number.isNaN(at.getTime()) ? undefined : at;
}
