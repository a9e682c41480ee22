import { language, t } from './i18n.js';

const locale = () => (language() === 'vi' ? 'vi-VN' : 'en-GB');

/** Date and time in the Center's time zone. */
export function dateTime(ms) {
  if (ms === null || ms === undefined || Number.isNaN(Number(ms))) return '—';
  return new Date(Number(ms)).toLocaleString(locale(), { timeZone: 'Asia/Ho_Chi_Minh', hour12: false });
}

export function time(ms) {
  return new Date(Number(ms)).toLocaleTimeString(locale(), { timeZone: 'Asia/Ho_Chi_Minh', hour12: false });
}

/** A duration, short: 3 ngày 4 giờ / 2 h 5 min / 45 s. */
export function duration(ms) {
  const vi = language() === 'vi';
  const s = Math.max(0, Math.round(Number(ms) / 1000));
  const d = Math.floor(s / 86400);
  const hr = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const u = vi ? { d: ' ngày', h: ' giờ', m: ' phút', s: ' giây' } : { d: ' d', h: ' h', m: ' min', s: ' s' };
  if (d > 0) return `${d}${u.d}${hr ? ` ${hr}${u.h}` : ''}`;
  if (hr > 0) return `${hr}${u.h}${m ? ` ${m}${u.m}` : ''}`;
  if (m > 0) return `${m}${u.m}`;
  return `${s}${u.s}`;
}

export function ago(ms) {
  return Number(ms) < 1500 ? t('common.justNow') : t('common.ago', { d: duration(ms) });
}

export function number(n) {
  return n === null || n === undefined ? '—' : Number(n).toLocaleString(locale(), { maximumFractionDigits: 1 });
}

/** A latency, short: 4.2 ms / 850 ms / 1.2 s / 2 min; '—' when unknown. */
export function latency(ms) {
  if (ms === null || ms === undefined || Number.isNaN(Number(ms))) return '—';
  const n = Number(ms);
  if (n < 10) return `${number(Math.round(n * 10) / 10)} ms`;
  if (n < 1000) return `${number(Math.round(n))} ms`;
  if (n < 60_000) return `${number(Math.round(n / 100) / 10)} s`;
  return duration(n);
}

/** A share 0..1 as a percentage: 12.5 %. */
export function percent(share) {
  return share === null || share === undefined ? '—' : `${number(Math.round(Number(share) * 1000) / 10)} %`;
}

/** Pretty JSON when the text is JSON, else the text as it is. */
export function prettyJson(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
