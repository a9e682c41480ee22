/** A measure over time: seconds since the start, and the value then. */
export interface Point {
  readonly t: number;
  readonly v: number;
}

/** What a soak checks of one measure of one process, computed from its samples. */
export interface Check {
  readonly subject: string;
  readonly measure: 'RSS MiB' | 'open fds' | `${string} rows`;
  /** Mean over the first tenth of the measured span (right after warm-up). */
  readonly early: number;
  /** Mean over the last tenth of the measured span. */
  readonly late: number;
  readonly peak: number;
  readonly limit: string;
  readonly ok: boolean;
}

/** The span a soak judges: from the end of warm-up to the last sample. */
export interface Span {
  readonly fromS: number;
  readonly toS: number;
}

/** How much of the span each of the two windows compared covers. */
export const WINDOW = 0.1;
/** RSS may drift by less than this after warm-up. */
export const RSS_DRIFT_LIMIT = 0.1;

const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

/** The means of the first and the last tenth of the span, and the peak over it. */
export function windows(points: readonly Point[], span: Span): { early: number; late: number; peak: number } {
  const width = (span.toS - span.fromS) * WINDOW;
  const inSpan = points.filter((p) => p.t >= span.fromS && p.t <= span.toS);
  return {
    early: mean(inSpan.filter((p) => p.t < span.fromS + width).map((p) => p.v)),
    late: mean(inSpan.filter((p) => p.t >= span.toS - width).map((p) => p.v)),
    peak: Math.max(...inSpan.map((p) => p.v)),
  };
}

/** RSS flat after warm-up: the late mean within 10% of the early one (a fall is no leak, it passes too). */
export function checkRss(subject: string, points: readonly Point[], span: Span): Check {
  const w = windows(points, span);
  const drift = w.late / w.early - 1;
  return { subject, measure: 'RSS MiB', ...w, limit: `drift ${pct(drift)} (under ${RSS_DRIFT_LIMIT * 100}%)`, ok: drift < RSS_DRIFT_LIMIT };
}

/** No growth in handles: the late mean at most 2 descriptors (or 10%) above the early one. */
export function checkFds(subject: string, points: readonly Point[], span: Span): Check {
  const w = windows(points, span);
  const allowed = Math.max(2, w.early * 0.1);
  return {
    subject,
    measure: 'open fds',
    ...w,
    limit: `growth ${signed(w.late - w.early)} (at most ${allowed.toFixed(0)})`,
    ok: w.late - w.early <= allowed,
  };
}

/** A pruned table is bounded: its late mean at most 10% (and 50 rows) above its early one; the span starts after its retention. */
export function checkRows(subject: string, table: string, points: readonly Point[], span: Span): Check {
  const w = windows(points, span);
  const allowed = Math.max(50, w.early * 0.1);
  return {
    subject,
    measure: `${table} rows`,
    ...w,
    limit: `growth ${signed(Math.round(w.late - w.early))} (at most ${Math.round(allowed)})`,
    ok: w.late - w.early <= allowed,
  };
}

/** The checks as a Markdown table. */
export function checksTable(checks: readonly Check[]): string {
  const num = (x: number): string =>
    Number.isFinite(x) ? (Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1)) : '-';
  return [
    '| process | measure | after warm-up | at the end | peak | limit | verdict |',
    '|---|---|---|---|---|---|---|',
    ...checks.map(
      (c) =>
        `| ${c.subject} | ${c.measure} | ${num(c.early)} | ${num(c.late)} | ${num(c.peak)} | ${c.limit} | ${c.ok ? 'ok' : '**FAIL**'} |`,
    ),
  ].join('\n');
}

const pct = (x: number): string => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
const signed = (x: number): string => `${x >= 0 ? '+' : ''}${Number.isInteger(x) ? x : x.toFixed(1)}`;
