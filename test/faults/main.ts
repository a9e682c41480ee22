import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type RowResult, runScenario, runningSystems, table } from './harness/run';
import { ROOT } from './harness/system';
import { SCENARIOS } from './scenarios';

/**
 * `npm run test:faults [-- --only <id prefix>[,<id prefix>…]] [--repeat N] [--list] [--keep-logs]`: runs the fault
 * scenarios (test/faults/scenarios) one after the other against the built dist/, prints one table, writes it with
 * every row's details to test-output/faults/, and exits 1 when a row is not 0 lost / 0 duplicated / all finished.
 * Environment: FAULTS_AMQP_URL (else TEST_AMQP_URL; its vhost is emptied at each run), FAULTS_POSTGRES_URL (else
 * TEST_POSTGRES_URL; one schema per service and run, dropped after), FAULTS_BASE_PORT (default 21100; ~20 ports).
 */
const argv = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};

async function main(): Promise<void> {
  if (argv.includes('--list')) {
    for (const s of SCENARIOS) console.log(`${s.id.padEnd(48)} ${s.fault}`);
    return;
  }
  const only = option('only')
    ?.split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const repeat = Math.max(1, Number(option('repeat') ?? 1));
  const chosen = only ? SCENARIOS.filter((s) => only.some((o) => s.id === o || s.id.startsWith(o))) : SCENARIOS;
  if (chosen.length === 0) throw new Error(`no scenario matches --only ${only?.join(',')} (--list shows them)`);
  const basePort = Number(process.env.FAULTS_BASE_PORT ?? 21100);
  const outDir = join(ROOT, 'test-output', 'faults');
  mkdirSync(outDir, { recursive: true });
  const started = new Date();
  console.log(`test:faults: ${chosen.length} scenario(s) × ${repeat}, results in ${outDir}`);
  const rows: RowResult[] = [];
  for (const scenario of chosen) {
    for (let r = 0; r < repeat; r++) {
      const row = await runScenario(scenario, {
        basePort,
        repeat: r,
        outDir,
        keepLogs: argv.includes('--keep-logs'),
        log: (line) => console.log(line),
      });
      rows.push(row);
      if (!row.passed) console.log(`  logs kept in ${row.logs}`);
      writeFileSync(join(outDir, 'results.json'), JSON.stringify({ started: started.toISOString(), rows }, null, 2));
    }
  }
  const text = table(rows);
  const minutes = ((Date.now() - started.getTime()) / 60_000).toFixed(1);
  writeFileSync(join(outDir, 'table.md'), `npm run test:faults ${argv.join(' ')} — ${started.toISOString()}, ${minutes} min\n\n${text}\n`);
  console.log(`\n${text}\n\n${rows.filter((r) => r.passed).length}/${rows.length} passed in ${minutes} min`);
  process.exitCode = rows.every((r) => r.passed) ? 0 : 1;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(`\n${signal}: stopping the running system`);
    void Promise.all([...runningSystems].map((s) => s.stop(true).catch(() => undefined))).finally(() => process.exit(130));
  });
}

main().catch((error) => {
  console.error(`test:faults failed: ${(error as Error).stack ?? error}`);
  process.exit(2);
});
