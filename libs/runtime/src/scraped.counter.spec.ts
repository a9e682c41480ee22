import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Registry } from 'prom-client';
import { ScrapedCounter } from './scraped.counter';

describe('ScrapedCounter', () => {
  it('is exported as a Prometheus counter with the totals read at scrape time, labels first then the default ones', async () => {
    const registry = new Registry();
    registry.setDefaultLabels({ service: 'orchestrator' });
    let handled = 3;
    new ScrapedCounter('lienthong_messages_handled_total', 'Messages whose effect committed', registry, () => handled);
    new ScrapedCounter('lienthong_hop_calls_total', 'Calls by outcome', registry, () => [
      [{ hop: 'ioffice-adapter → iOffice', outcome: 'ok' }, 7],
      [{ hop: 'ioffice-adapter → iOffice', outcome: 'failed' }, 1],
    ]);
    handled = 4;
    const text = await registry.metrics();
    expect(text).toContain('# TYPE lienthong_messages_handled_total counter\nlienthong_messages_handled_total{service="orchestrator"} 4');
    expect(text).toContain('# TYPE lienthong_hop_calls_total counter');
    expect(text).toContain('lienthong_hop_calls_total{hop="ioffice-adapter → iOffice",outcome="ok",service="orchestrator"} 7');
    expect(text).toContain('lienthong_hop_calls_total{hop="ioffice-adapter → iOffice",outcome="failed",service="orchestrator"} 1');
  });
});

/** Prometheus: a series named `*_total` is a counter; `rate()` over a gauge misreads every restart. */
describe('metrics named *_total', () => {
  const root = join(__dirname, '..', '..', '..');
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return e.name === 'node_modules' ? [] : sources(path);
      return e.name.endsWith('.ts') && !e.name.endsWith('spec.ts') ? [path] : [];
    });

  it('are never gauges anywhere in apps/ or libs/ (the metric built nearest before the name is a counter)', () => {
    const wrong: string[] = [];
    for (const file of [...sources(join(root, 'apps')), ...sources(join(root, 'libs'))]) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/'(lienthong_[a-z_]+_total)'/g)) {
        const built = [...text.slice(0, m.index).matchAll(/new (\w+)\(/g)].at(-1)?.[1];
        if (built !== 'Counter' && built !== 'ScrapedCounter') wrong.push(`${relative(root, file)}: ${m[1]} (${built ?? 'nothing'})`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
