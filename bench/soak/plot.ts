import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { PROJECT_ROOT, SOAK_DIR, type SoakResult } from './report';
import type { Span } from './verdict';

/**
 * `npm run soak:plot`: draws the last soaks' curves (`test-output/soak/{bus,lifecycle}.json`) as one SVG, and saves it
 * as `docs/soak.png` through Debian's Chromium (`CHROMIUM_PATH` overrides where it is): per soak, the RSS and the open
 * descriptors of every process over time, and the rows of the pruned tables; warm-up shaded.
 * Options: --out docs/soak.png
 */
const OUT = resolve(PROJECT_ROOT, process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1] : 'docs/soak.png');
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#17becf', '#e377c2', '#7f7f7f', '#bcbd22'];
const W = 600;
const H = 300;

interface Line {
  readonly label: string;
  readonly points: ReadonlyArray<readonly [number, number]>;
  readonly dashed?: boolean;
}

/** One chart: axes, ticks, lines, legend, warm-up shaded, at (x, y) of the page. */
export function panel(x: number, y: number, title: string, unit: string, lines: readonly Line[], span?: Span): string {
  const m = { l: 62, r: 12, t: 28, b: 34 };
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b;
  const xs = lines.flatMap((l) => l.points.map((p) => p[0]));
  const ys = lines.flatMap((l) => l.points.map((p) => p[1]));
  const xMax = Math.max(1, ...xs);
  const yMax = niceCeil(Math.max(1, ...ys) * 1.08);
  const px = (t: number): number => m.l + (t / xMax) * pw;
  const py = (v: number): number => m.t + ph - (v / yMax) * ph;
  const out: string[] = [`<g transform="translate(${x},${y})">`, `<text x="${m.l}" y="18" class="title">${esc(title)}</text>`];
  if (span)
    out.push(
      `<rect x="${m.l}" y="${m.t}" width="${px(span.fromS) - m.l}" height="${ph}" fill="#eee"/><text x="${m.l + 4}" y="${m.t + ph - 6}" class="small">warm-up</text>`,
    );
  for (const v of ticks(yMax))
    out.push(
      `<line x1="${m.l}" x2="${m.l + pw}" y1="${py(v)}" y2="${py(v)}" stroke="#ddd"/><text x="${m.l - 6}" y="${py(v) + 4}" text-anchor="end" class="small">${fmt(v)}</text>`,
    );
  for (const t of ticks(xMax)) out.push(`<text x="${px(t)}" y="${m.t + ph + 16}" text-anchor="middle" class="small">${fmt(t)}</text>`);
  out.push(
    `<text x="${m.l + pw / 2}" y="${H - 4}" text-anchor="middle" class="small">seconds</text><text x="14" y="${m.t + ph / 2}" transform="rotate(-90 14 ${m.t + ph / 2})" text-anchor="middle" class="small">${esc(unit)}</text>`,
  );
  out.push(`<rect x="${m.l}" y="${m.t}" width="${pw}" height="${ph}" fill="none" stroke="#888"/>`);
  lines.forEach((l, i) => {
    const d = l.points.map((p, j) => `${j ? 'L' : 'M'}${px(p[0]).toFixed(1)},${py(p[1]).toFixed(1)}`).join('');
    out.push(
      `<path d="${d}" fill="none" stroke="${COLOURS[i % COLOURS.length]}" stroke-width="1.3"${l.dashed ? ' stroke-dasharray="4 3"' : ''}/>`,
    );
    out.push(
      `<line x1="${m.l + 8}" x2="${m.l + 26}" y1="${m.t + 24 + i * 14}" y2="${m.t + 24 + i * 14}" stroke="${COLOURS[i % COLOURS.length]}" stroke-width="2"${l.dashed ? ' stroke-dasharray="4 3"' : ''}/><text x="${m.l + 30}" y="${m.t + 28 + i * 14}" class="small">${esc(l.label)}</text>`,
    );
  });
  out.push('</g>');
  return out.join('');
}

/** The SVG of every soak result given: three panels each (RSS, descriptors, pruned tables). */
export function soakSvg(results: readonly SoakResult[]): string {
  const parts: string[] = [];
  let y = 0;
  for (const r of results) {
    const names = [...new Set(r.processes.map((s) => s.process))];
    const series = (f: (s: SoakResult['processes'][number]) => number): Line[] =>
      names.map((name) => ({
        label: name,
        points: r.processes.filter((s) => s.process === name).map((s) => [s.t, f(s)] as const),
        dashed: name.startsWith('sim-'),
      }));
    const tableLines: Line[] = [...new Set(r.tables.map((s) => `${s.process} ${s.table}`))].map((key) => ({
      label: key,
      points: r.tables.filter((s) => `${s.process} ${s.table}` === key).map((s) => [s.t, s.rows] as const),
    }));
    const verdict = r.ok ? 'PASS' : 'FAIL';
    const head = `${r.title} (${r.startedAt.slice(0, 16).replace('T', ' ')} UTC): ${Object.entries(r.figures)
      .map(([k, v]) => `${k} ${typeof v === 'number' ? v.toLocaleString('en-US') : v}`)
      .join(', ')}; verdict ${verdict}`;
    parts.push(`<text x="10" y="${y + 20}" class="head">${esc(head)}</text>`);
    y += 28;
    parts.push(
      panel(
        0,
        y,
        'RSS of each process',
        'MiB',
        series((s) => s.rssMiB),
        r.span,
      ),
    );
    parts.push(
      panel(
        W,
        y,
        'open file descriptors',
        'fds',
        series((s) => s.fds),
        r.span,
      ),
    );
    parts.push(panel(2 * W, y, 'rows of the pruned tables (every 10 s)', 'rows', tableLines, r.tableSpan));
    y += H + 10;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${3 * W}" height="${y}" viewBox="0 0 ${3 * W} ${y}" style="background:#fff;font-family:sans-serif"><style>.title{font-size:14px;font-weight:bold}.head{font-size:15px;font-weight:bold}.small{font-size:11px;fill:#333}</style>${parts.join('')}</svg>`;
}

async function main(): Promise<void> {
  const results = (['bus', 'lifecycle'] as const)
    .map((kind) => join(SOAK_DIR, `${kind}.json`))
    .filter((f) => existsSync(f))
    .map((f) => JSON.parse(readFileSync(f, 'utf8')) as SoakResult);
  if (results.length === 0) throw new Error(`no soak results in ${SOAK_DIR}: run npm run soak:bus or soak:lifecycle first`);
  const svg = soakSvg(results);
  writeFileSync(join(SOAK_DIR, 'soak.svg'), svg);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 3 * W, height: 100 } });
    await page.setContent(`<html><body style="margin:0">${svg}</body></html>`);
    await page.locator('svg').screenshot({ path: OUT });
  } finally {
    await browser.close();
  }
  console.log(`wrote ${OUT} (and ${join(SOAK_DIR, 'soak.svg')})`);
}

/** The smallest of 1, 2, 2.5, 5 × 10^k at or above x. */
function niceCeil(x: number): number {
  const k = 10 ** Math.floor(Math.log10(x));
  return [1, 2, 2.5, 5, 10].map((f) => f * k).find((v) => v >= x)!;
}

/** Five to ten round ticks from 0 to max. */
function ticks(max: number): number[] {
  const raw = max / 5;
  const k = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * k).find((v) => v >= raw)!;
  return Array.from({ length: Math.floor(max / step) + 1 }, (_, i) => i * step);
}

const fmt = (v: number): string => (v >= 10_000 ? `${(v / 1000).toLocaleString('en-US')}k` : v.toLocaleString('en-US'));
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

if (require.main === module) {
  main().catch((error) => {
    console.error(`soak:plot failed: ${(error as Error).message}`);
    process.exit(1);
  });
}
