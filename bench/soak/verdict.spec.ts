import { checkFds, checkRows, checkRss, checksTable, windows } from './verdict';

const series = (f: (t: number) => number, seconds = 1000) => Array.from({ length: seconds + 1 }, (_, t) => ({ t, v: f(t) }));
const span = { fromS: 200, toS: 1000 };

describe('soak verdict', () => {
  it('compares the first and the last tenth of the span after warm-up, leaving warm-up out', () => {
    const w = windows(
      series((t) => (t < 200 ? 1000 : t)),
      span,
    );
    expect(w.early).toBeCloseTo(239.5, 1); // 200..279
    expect(w.late).toBeCloseTo(960, 0); // 920..1000
    expect(w.peak).toBe(1000);
  });

  it('passes a flat RSS with noise and a fall, fails a steady climb of 10% or more', () => {
    expect(
      checkRss(
        'a',
        series((t) => 100 + (t % 7)),
        span,
      ).ok,
    ).toBe(true);
    expect(
      checkRss(
        'a',
        series((t) => 150 - t / 20),
        span,
      ).ok,
    ).toBe(true);
    const leak = checkRss(
      'a',
      series((t) => 100 + t / 50),
      span,
    ); // 104.8 → 119.2: +13.8%
    expect(leak.ok).toBe(false);
    expect(leak.limit).toBe('drift +13.8% (under 10%)');
  });

  it('allows two more descriptors (or 10%), not a steady climb', () => {
    expect(
      checkFds(
        'a',
        series((t) => 30 + (t % 3)),
        span,
      ).ok,
    ).toBe(true);
    expect(
      checkFds(
        'a',
        series((t) => 30 + Math.floor(t / 100)),
        span,
      ).ok,
    ).toBe(false);
  });

  it('calls a pruned table bounded when it oscillates around a plateau, not when it grows by the message rate', () => {
    expect(
      checkRows(
        'a',
        'inbox',
        series((t) => 60_000 + ((t * 1000) % 15_000)),
        span,
      ).ok,
    ).toBe(true);
    expect(
      checkRows(
        'a',
        'held_events',
        series(() => 0),
        span,
      ).ok,
    ).toBe(true);
    expect(
      checkRows(
        'a',
        'inbox',
        series((t) => t * 1000),
        span,
      ).ok,
    ).toBe(false);
  });

  it('prints one Markdown row per check', () => {
    const table = checksTable([
      checkRss(
        'orchestrator',
        series(() => 120),
        span,
      ),
      checkFds(
        'orchestrator',
        series((t) => t),
        span,
      ),
    ]);
    expect(table.split('\n')).toHaveLength(4);
    expect(table).toContain('| orchestrator | RSS MiB | 120 | 120 | 120 | drift +0.0% (under 10%) | ok |');
    expect(table).toContain('**FAIL**');
  });
});
