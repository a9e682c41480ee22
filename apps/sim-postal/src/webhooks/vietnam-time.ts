/** Vietnam is UTC+07:00 all year (no daylight saving), so a fixed offset is exact. */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

const two = (n: number): string => String(n).padStart(2, '0');

/**
 * Formats an instant as the contract's `dd/MM/yyyy HH:mm:ss` in Vietnam local time, whatever the
 * host's TZ: the operator's clock is in Vietnam even when the test machine is not.
 */
export function formatVietnamTime(instant: Date | number): string {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const local = new Date(ms + VIETNAM_OFFSET_MS);
  const date = `${two(local.getUTCDate())}/${two(local.getUTCMonth() + 1)}/${local.getUTCFullYear()}`;
  const time = `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())}`;
  return `${date} ${time}`;
}
