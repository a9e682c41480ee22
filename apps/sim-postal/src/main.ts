import { SIM_POSTAL_SCHEMA, loadConfigOrExit } from '@lienthong/config';
import { startPostalSimulator } from './postal.simulator';

/** Standalone postal simulator: `node dist/apps/sim-postal/src/main.js`, configured by environment. */
async function main(): Promise<void> {
  loadConfigOrExit(SIM_POSTAL_SCHEMA);
  const log = (line: string): void => console.log(`[sim-postal] ${line}`);
  const simulator = await startPostalSimulator({ log });
  log(`postal API listening on ${simulator.url} (admin: ${simulator.url}/_admin/faults)`);
  log(`tracking webhooks → ${simulator.webhookUrl ?? 'disabled'}; seed ${simulator.seed}`);
  const shutdown = (signal: NodeJS.Signals): void => {
    log(`${signal} received, shutting down`);
    simulator.close().then(
      () => log('stopped'),
      (error: unknown) => {
        console.error(`[sim-postal] shutdown failed: ${String(error)}`);
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  const code = (error as { code?: string }).code;
  console.error(`[sim-postal] cannot start${code ? ` (${code})` : ''}: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
