import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

/** The parts of a process that the benchmark reports CPU shares for. */
export type Part =
  | 'SOAP client (soap, sax; or the own one in src/ioffice)'
  | 'SOAP server (soap, sax; or the own one in sim-ioffice)'
  | 'XML-DSig (xml-crypto, xpath)'
  | 'XML DOM (@xmldom)'
  | 'edXML (own code)'
  | 'crypto (node:crypto)'
  | 'test PKI (node-forge)'
  | 'database (SQLite/PostgreSQL driver and libs/persistence)'
  | 'other threads: GC helpers, compiler, libuv pool'
  | 'transport (amqplib)'
  | 'pipeline, inbox, outbox (libs/messaging)'
  | 'contracts: validation, NFC (libs/contracts, class-validator)'
  | 'HTTP server (Nest, Express)'
  | 'HTTP client (axios, fetch)'
  | 'PDF (pdfkit)'
  | 'metrics, heartbeats, blobs (libs/runtime, prom-client)'
  | 'logging'
  | 'service code'
  | 'sockets, streams, timers (Node)'
  | 'garbage collection'
  | 'other';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  /** µs on the system's monotonic clock (CLOCK_MONOTONIC, as `process.hrtime`), so windows line up across processes. */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The measured part of a run, in µs of the monotonic clock (`process.hrtime.bigint() / 1000n`). */
export interface ProfileWindow {
  readonly fromUs: number;
  readonly toUs: number;
  /** Lifecycles completed in the window, to report ms per lifecycle. */
  readonly lifecycles: number;
  /**
   * CPU seconds per process over the window, from /proc: in all and on the main thread. A profile samples wall time
   * while the thread runs or waits to be scheduled, so on a loaded machine its totals run high; its shares are scaled
   * to the main thread's CPU, and the other threads are reported as one part.
   */
  readonly cpu?: Record<string, { readonly total: number; readonly main: number }>;
}

const PACKAGE_PARTS: ReadonlyArray<[RegExp, Part | ((server: boolean) => Part)]> = [
  [
    /node_modules\/(soap|sax|whatwg-mimetype|strip-bom|get-stream|debug)\//,
    (server) =>
      server ? 'SOAP server (soap, sax; or the own one in sim-ioffice)' : 'SOAP client (soap, sax; or the own one in src/ioffice)',
  ],
  [/node_modules\/(axios|follow-redirects|form-data|proxy-from-env|combined-stream|asynckit)\//, 'HTTP client (axios, fetch)'],
  [/node_modules\/(xml-crypto|xpath)\//, 'XML-DSig (xml-crypto, xpath)'],
  [/node_modules\/@xmldom\//, 'XML DOM (@xmldom)'],
  [/node_modules\/node-forge\//, 'test PKI (node-forge)'],
  [
    /node_modules\/(better-sqlite3|pg|pg-protocol|pg-pool|pg-types|postgres-[a-z]+)\//,
    'database (SQLite/PostgreSQL driver and libs/persistence)',
  ],
  [/node_modules\/(amqplib|buffer-more-ints|@acuminous)\//, 'transport (amqplib)'],
  [
    /node_modules\/(class-validator|class-transformer|validator|libphonenumber-js)\//,
    'contracts: validation, NFC (libs/contracts, class-validator)',
  ],
  [
    /node_modules\/(@nestjs|express|router|body-parser|raw-body|iconv-lite|qs|send|serve-static|finalhandler|on-finished|type-is|mime-types|content-type|helmet|rxjs|path-to-regexp|cookie|accepts|negotiator|http-errors)\//,
    'HTTP server (Nest, Express)',
  ],
  [
    /node_modules\/(pdfkit|fontkit|restructure|linebreak|unicode-properties|png-js|brotli|dfa|tiny-inflate|jpeg-exif|crypto-js)\//,
    'PDF (pdfkit)',
  ],
  [/node_modules\/(prom-client|tdigest|bintrees)\//, 'metrics, heartbeats, blobs (libs/runtime, prom-client)'],
  [/node:internal\/deps\/undici\//, 'HTTP client (axios, fetch)'],
  [/\/libs\/persistence\//, 'database (SQLite/PostgreSQL driver and libs/persistence)'],
  [/\/libs\/messaging\//, 'pipeline, inbox, outbox (libs/messaging)'],
  [/\/libs\/contracts\//, 'contracts: validation, NFC (libs/contracts, class-validator)'],
  [
    /\/libs\/runtime\/src\/xml\//, // the SOAP messages' reader, shared by the adapter's client and the simulator's endpoint
    (server) =>
      server ? 'SOAP server (soap, sax; or the own one in sim-ioffice)' : 'SOAP client (soap, sax; or the own one in src/ioffice)',
  ],
  [/\/libs\/runtime\//, 'metrics, heartbeats, blobs (libs/runtime, prom-client)'],
  [/\/apps\/[^/]+\/src\/edxml\//, 'edXML (own code)'],
  [/\/apps\/ioffice-adapter\/src\/ioffice\//, 'SOAP client (soap, sax; or the own one in src/ioffice)'],
  [/\/apps\/sim-ioffice\/src\/soap\/(edoc\.soap-endpoint|ws-security)\./, 'SOAP server (soap, sax; or the own one in sim-ioffice)'],
  [/\/apps\//, 'service code'],
];

/** Frames that take the part of whoever called them (Node internals, natives), except these. */
const NODE_PARTS: ReadonlyArray<[RegExp, Part]> = [
  [/^node:internal\/crypto\//, 'crypto (node:crypto)'],
  [/^node:internal\/console\/|^node:internal\/util\/inspect/, 'logging'],
];

/** What part of the program a profile node belongs to, given the part of the frame that called it (undefined at the root). */
export function partOf(url: string, functionName: string, inherited: Part | undefined, server: boolean): Part | undefined {
  if (functionName === '(garbage collector)') return 'garbage collection';
  for (const [pattern, part] of PACKAGE_PARTS) if (pattern.test(url)) return typeof part === 'function' ? part(server) : part;
  for (const [pattern, part] of NODE_PARTS)
    if (pattern.test(url)) return inherited === undefined || inherited === 'sockets, streams, timers (Node)' ? part : inherited;
  if (/Logger|ConsoleLogger/.test(functionName) && url.includes('@nestjs/common')) return 'logging';
  return inherited;
}

/**
 * CPU time (ms) per part in one V8 CPU profile. Idle time is left out. A frame of Node itself or a native (JSON.parse,
 * socket writes) counts for the nearest caller that belongs to a part, so that the SQLite driver's native calls count as
 * database time and amqplib's socket writes as transport. `server` tells SOAP server code from SOAP client code.
 */
export function summarizeProfile(profile: CpuProfile, options: { server?: boolean; window?: ProfileWindow } = {}): Map<Part, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const parts = new Map<number, Part | undefined>();
  const resolve = (id: number): Part | undefined => {
    if (parts.has(id)) return parts.get(id);
    const node = byId.get(id)!;
    const up = parent.get(id);
    const part = partOf(
      node.callFrame.url,
      node.callFrame.functionName,
      up === undefined ? undefined : resolve(up),
      options.server ?? false,
    );
    parts.set(id, part);
    return part;
  };
  const totals = new Map<Part, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (options.window && (at < options.window.fromUs || at > options.window.toUs)) return; // start-up and shutdown
    const name = byId.get(id)!.callFrame.functionName;
    if (name === '(idle)') return;
    const part: Part = resolve(id) ?? (name === '(program)' ? 'other' : 'sockets, streams, timers (Node)');
    totals.set(part, (totals.get(part) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return totals;
}

/**
 * Reads the profiles the benchmark wrote (`BENCH_CPU_PROF=<dir>`: one folder per process, the main thread's profile and
 * any worker thread's) and returns each process's shares, largest first.
 */
export function summarizeProfiles(
  dir: string,
  window?: ProfileWindow,
): Array<{ process: string; totalMs: number; parts: Array<{ part: Part; ms: number; share: number }> }> {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const folder = join(dir, name);
    if (!statSync(folder).isDirectory()) continue;
    // Node names a profile CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile: thread 0 is the main thread.
    const files = readdirSync(folder).filter((f) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f));
    const totals = new Map<Part, number>();
    for (const file of files) {
      const profile = JSON.parse(readFileSync(join(folder, file), 'utf8')) as CpuProfile;
      for (const [part, ms] of summarizeProfile(profile, { server: name.startsWith('sim-'), window }))
        totals.set(part, (totals.get(part) ?? 0) + ms);
    }
    const cpu = window?.cpu?.[name];
    if (cpu) {
      const sampled = [...totals.values()].reduce((a, b) => a + b, 0);
      for (const [part, ms] of totals) totals.set(part, (ms / sampled) * cpu.main * 1000);
      totals.set('other threads: GC helpers, compiler, libuv pool', (cpu.total - cpu.main) * 1000);
    }
    const totalMs = [...totals.values()].reduce((a, b) => a + b, 0);
    const parts = [...totals].map(([part, ms]) => ({ part, ms, share: ms / totalMs })).sort((a, b) => b.ms - a.ms);
    out.push({ process: basename(folder), totalMs, parts });
  }
  return out;
}

/**
 * `node dist/bench/lifecycle/profile-summary.js <dir>`: the shares of every process's CPU profile in `dir`, as Markdown,
 * over the measured window the benchmark wrote there (`window.json`), so that start-up is left out.
 */
export function printProfileSummary(dir: string): void {
  const windowFile = join(dir, 'window.json');
  const window = existsSync(windowFile) ? (JSON.parse(readFileSync(windowFile, 'utf8')) as ProfileWindow) : undefined;
  const perLifecycle = window?.lifecycles;
  for (const { process, totalMs, parts } of summarizeProfiles(dir, window)) {
    const per = perLifecycle ? `, ${(totalMs / perLifecycle).toFixed(2)} ms per lifecycle` : '';
    const what = window?.cpu?.[process] ? 'CPU' : 'sampled';
    console.log(`\n**${process}** (${(totalMs / 1000).toFixed(1)} s ${what}${per})\n\n| part | share | ms per lifecycle |\n|---|---|---|`);
    for (const p of parts.filter((x) => x.share >= 0.005)) {
      console.log(`| ${p.part} | ${(p.share * 100).toFixed(1)} % | ${perLifecycle ? (p.ms / perLifecycle).toFixed(2) : '-'} |`);
    }
  }
}

if (require.main === module) {
  const [dir] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: node dist/bench/lifecycle/profile-summary.js <BENCH_CPU_PROF dir>');
    process.exit(2);
  }
  printProfileSummary(dir);
}
