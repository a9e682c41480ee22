import { parseOffsetDateTime } from '@lienthong/contracts';

/** The operator's `dd/MM/yyyy HH:mm:ss` (Vietnam local time; Vietnam is UTC+07:00 all year, no daylight saving). */
const OPERATOR_TIME = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2})$/;

/** An operator timestamp as the bus writes it: ISO 8601 with the Vietnam offset, and the instant in epoch ms. */
export interface VietnamTime {
  readonly iso: string;
  readonly ms: number;
}

/**
 * Converts the operator's `dd/MM/yyyy HH:mm:ss` into `yyyy-MM-ddTHH:mm:ss+07:00`, whatever the host's TZ.
 * Undefined when the text is not that shape or names an impossible date or time (31/02, 24:00:00).
 */
export function fromOperatorTime(value: unknown): VietnamTime | undefined {
  if (typeof value !== 'string') return undefined;
  const match = OPERATOR_TIME.exec(value);
  if (!match) return undefined;
  const [, day, month, year, hour, minute, second] = match;
  const iso = `${year}-${month}-${day}T${hour}:${minute}:${second}+07:00`;
  const ms = parseOffsetDateTime(iso);
  return ms === undefined ? undefined : { iso, ms };
}
