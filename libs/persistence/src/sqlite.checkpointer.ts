import { Worker } from 'node:worker_threads';

/** Pages the WAL may hold before the writer checkpoints by itself: a safety net should the background thread die. */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 20_000;

// Runs in the worker thread, on a connection of its own. PASSIVE never blocks the writer: it copies what no
// reader still needs and stops; the writer restarts the WAL from the top once it has all been copied.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.modulePath);
const db = new Database(workerData.file, { timeout: 5000 });
const checkpoint = (mode) => { try { db.pragma('wal_checkpoint(' + mode + ')'); } catch (error) { /* busy: next time */ } };
const timer = setInterval(() => checkpoint('PASSIVE'), workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint('PASSIVE');
  db.close();
  parentPort.postMessage('stopped');
});
`;

/**
 * Checkpoints a WAL-mode SQLite file from a worker thread. A checkpoint copies pages into the database file
 * and syncs it, which takes milliseconds; done by the writer (SQLite's default) it stalls the event loop that
 * is consuming messages. Here it happens beside it.
 */
export class SqliteCheckpointer {
  private readonly worker: Worker;

  constructor(file: string, intervalMs = 200) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file, intervalMs, modulePath: require.resolve('better-sqlite3') },
    });
    this.worker.on('error', () => undefined); // the writer's fallback autocheckpoint takes over
    this.worker.unref();
  }

  /** Runs a last checkpoint and stops the thread (at most `timeoutMs`). */
  async stop(timeoutMs = 5_000): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        void this.worker.terminate();
        resolve();
      }, timeoutMs);
      this.worker.once('message', () => {
        clearTimeout(timer);
        resolve();
      });
      this.worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.worker.postMessage('stop');
    });
    await this.worker.terminate();
  }
}
