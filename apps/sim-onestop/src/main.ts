import { SIM_ONESTOP_SCHEMA, loadConfigOrExit } from '@lienthong/config';
import { loadScriptFile, ScriptEntry } from './script/script.model';
import { startOnestopSimulator } from './onestop.simulator';
import { isCancelled } from './shared/scheduler';
import { simulatorLog } from './shared/simulator.log';

/**
 * Standalone one-stop system simulator, configured by environment (see README):
 *   node dist/apps/sim-onestop/src/main.js                   generate dossiers and react to the bus
 *   node dist/apps/sim-onestop/src/main.js --script <file>   also replay a script once connected
 * Reconnects by itself when the broker goes away (a restart, a closed connection, a cluster node stopped); exits 1
 * when it cannot get it back for two minutes, so the launcher restarts it (unacked reactions are redelivered).
 */
async function main(argv: string[]): Promise<void> {
  const config = loadConfigOrExit(SIM_ONESTOP_SCHEMA);
  const log = simulatorLog(config.LOG_LEVEL);
  const flag = argv.indexOf('--script');
  if (flag >= 0 && !argv[flag + 1]) throw new Error('SIM_ONESTOP.USAGE: --script needs a file, e.g. --script data/scripts/duplicates.json');
  const scriptFile = flag >= 0 ? argv[flag + 1] : config.ONESTOP_SIM_SCRIPT;
  // Read the script before connecting: a bad script stops start-up with its problems, not half-way through.
  const script: ScriptEntry[] | undefined = scriptFile ? loadScriptFile(scriptFile) : undefined;

  const simulator = await startOnestopSimulator({ log });
  let stopping = false;
  const stop = (signal: string, code: number): void => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down`);
    simulator.close().then(
      () => {
        log('stopped');
        process.exit(code);
      },
      (error: unknown) => {
        console.error(`[sim-onestop] shutdown failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT', 0));
  process.once('SIGTERM', () => stop('SIGTERM', 0));
  void simulator.lost.then(() => stop('broker connection lost', 1));

  if (script) {
    log(`replaying ${script.length} scripted message(s) from ${scriptFile}`);
    try {
      const results = await simulator.play(script);
      const invalid = results.filter((r) => r.problems.length > 0).length;
      log(`script done: ${results.length} sent, ${invalid} deliberately invalid, ${results.filter((r) => !r.routed).length} unrouted`);
    } catch (error) {
      if (isCancelled(error)) return; // shutting down mid-script
      log(`ERROR: the script stopped: ${(error as Error).message}`);
    }
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const code = (error as { code?: string }).code;
  console.error(`[sim-onestop] cannot start${code ? ` (${code})` : ''}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
