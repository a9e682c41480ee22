const OFFSET_MS = 7 * 3600_000;

/** ISO 8601 with the Vietnam offset, e.g. `2026-11-28T14:05:00.000+07:00`: how the contract writes timestamps. */
export function vietnamTimestamp(date: Date): string {
  return `${new Date(date.getTime() + OFFSET_MS).toISOString().slice(0, -1)}+07:00`;
}
