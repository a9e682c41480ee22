/** Vietnam is UTC+07:00 all year (no daylight saving), so a fixed offset is exact whatever the host's TZ. */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

const two = (n: number): string => String(n).padStart(2, '0');

/** The instant as the contract writes it: `2026-11-28T08:30:00+07:00` (seconds, Vietnam offset). */
export function toVietnamIso(instant: Date): string {
  const local = new Date(instant.getTime() + VIETNAM_OFFSET_MS);
  const date = `${local.getUTCFullYear()}-${two(local.getUTCMonth() + 1)}-${two(local.getUTCDate())}`;
  return `${date}T${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())}+07:00`;
}

/** `yyMMdd` of the instant's Vietnam date, as in dossier codes (`…-261128-0001`). */
export function vietnamYymmdd(instant: Date): string {
  const local = new Date(instant.getTime() + VIETNAM_OFFSET_MS);
  return `${two(local.getUTCFullYear() % 100)}${two(local.getUTCMonth() + 1)}${two(local.getUTCDate())}`;
}

/** The instant's Vietnam calendar year. */
export function vietnamYear(instant: Date): number {
  return new Date(instant.getTime() + VIETNAM_OFFSET_MS).getUTCFullYear();
}

/** Seconds since Vietnam midnight (0..86399). */
export function secondsSinceVietnamMidnight(instant: Date): number {
  return Math.floor(((instant.getTime() + VIETNAM_OFFSET_MS) % DAY_MS) / 1000);
}

/**
 * `days` working days (Monday to Friday) after `from`, at the same time of day: the due time
 * (ngày hẹn trả) printed on the receipt. Public holidays are not modelled. `days` >= 1, so the result is
 * strictly after `from` (the contract requires dueAt > receivedAt).
 */
export function addWorkingDays(from: Date, days: number): Date {
  let t = from.getTime();
  let left = Math.max(1, Math.floor(days));
  while (left > 0) {
    t += DAY_MS;
    const weekday = new Date(t + VIETNAM_OFFSET_MS).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return new Date(t);
}

/** Whole seconds since the epoch: the AMQP `timestamp` of a fact that happened at `instant`. */
export function epochSeconds(instant: Date): number {
  return Math.floor(instant.getTime() / 1000);
}
