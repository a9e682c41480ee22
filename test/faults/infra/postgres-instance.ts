import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { portOpen } from './rabbit-node';
import { onExitCleanup, runAs, waitFor } from './run';

const PG_BIN = '/usr/lib/postgresql/15/bin';
const PG_USER = 'postgres';
const PG_ENV = { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8', HOME: '/var/lib/postgresql' };

/** How `stop()` shuts the server down (pg_ctl's modes): `fast` rolls back sessions, `immediate` is a crash. */
export type StopMode = 'smart' | 'fast' | 'immediate';

/**
 * A PostgreSQL 15 instance of our own (never the machine's, port 5432): `initdb` into a temp dir owned by
 * `postgres`, trust authentication on 127.0.0.1 only, a port in 5440-5449. Start, stop (fast or immediate, the
 * latter is a crash followed by recovery on the next start), restart; `dispose()` stops it and deletes the data
 * (also from an exit hook when a test fails or is interrupted).
 */
export class PostgresInstance {
  readonly dataDir: string;
  private readonly baseDir: string;
  private unregister: (() => void) | undefined;
  private database = 'lienthong';

  private constructor(readonly port: number) {
    if (port < 5440 || port > 5449) throw new Error(`port ${port} is outside 5440-5449`);
    this.baseDir = mkdtempSync(join(tmpdir(), 'lt22-pg-'));
    this.dataDir = join(this.baseDir, 'data');
  }

  /** Creates the cluster, starts it and creates `database`. */
  static async start(options: { port?: number; database?: string } = {}): Promise<PostgresInstance> {
    const pg = new PostgresInstance(options.port ?? 5440);
    if (await portOpen(pg.port)) throw new Error(`port ${pg.port} is taken: is an earlier instance still running?`);
    pg.unregister = onExitCleanup(() => pg.killAndDelete());
    try {
      await pg.init();
      await pg.startServer();
      await runAs(
        PG_USER,
        join(PG_BIN, 'createdb'),
        ['-h', '127.0.0.1', '-p', String(pg.port), '-U', PG_USER, options.database ?? 'lienthong'],
        PG_ENV,
      );
      pg.database = options.database ?? 'lienthong';
    } catch (error) {
      await pg.dispose();
      throw error;
    }
    return pg;
  }

  /** `postgres://postgres@127.0.0.1:<port>/<database>` for `DATABASE_URL`. */
  get url(): string {
    return `postgres://${PG_USER}@127.0.0.1:${this.port}/${this.database}`;
  }

  /** Stops the server; `immediate` skips the shutdown checkpoint (the next start runs crash recovery). */
  async stop(mode: StopMode = 'fast'): Promise<void> {
    await this.pgCtl('stop', '-m', mode, '-w', '-t', '60');
  }

  async startServer(): Promise<void> {
    await this.pgCtl(
      'start',
      '-w',
      '-t',
      '60',
      '-l',
      join(this.baseDir, 'server.log'),
      '-o',
      `-p ${this.port} -k ${this.baseDir} -c listen_addresses=127.0.0.1`,
    );
    await waitFor(`PostgreSQL on ${this.port}`, () => portOpen(this.port), 30_000, 100);
  }

  /** Stops and starts again; the time the database was away is about `downMs` plus the stop and start. */
  async restart(mode: StopMode = 'fast', downMs = 0): Promise<void> {
    await this.stop(mode);
    if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
    await this.startServer();
  }

  async isRunning(): Promise<boolean> {
    return runAs(PG_USER, join(PG_BIN, 'pg_ctl'), ['status', '-D', this.dataDir], PG_ENV).then(
      () => true,
      () => false,
    );
  }

  /** The server log (for a failed start). */
  log(): string {
    const file = join(this.baseDir, 'server.log');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  async dispose(): Promise<void> {
    if (await this.isRunning()) await this.stop('immediate').catch(() => undefined);
    this.killAndDelete();
    this.unregister?.();
    this.unregister = undefined;
  }

  private async init(): Promise<void> {
    mkdirSync(this.dataDir);
    const uid = Number(execFileSync('id', ['-u', PG_USER]).toString().trim());
    const gid = Number(execFileSync('id', ['-g', PG_USER]).toString().trim());
    chownSync(this.baseDir, uid, gid);
    chownSync(this.dataDir, uid, gid);
    await runAs(
      PG_USER,
      join(PG_BIN, 'initdb'),
      ['-D', this.dataDir, '-U', PG_USER, '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8'],
      PG_ENV,
    );
  }

  private pgCtl(...args: string[]): Promise<unknown> {
    return runAs(PG_USER, join(PG_BIN, 'pg_ctl'), [...args.slice(0, 1), '-D', this.dataDir, ...args.slice(1)], PG_ENV, 90_000).catch(
      (error: unknown) => {
        throw new Error(`${(error as Error).message}\n${this.log().split('\n').slice(-15).join('\n')}`);
      },
    );
  }

  /** Exit hook: kill the postmaster (its pid is the first line of postmaster.pid) and delete the data. */
  private killAndDelete(): void {
    const pidFile = join(this.dataDir, 'postmaster.pid');
    if (existsSync(pidFile)) {
      const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
      if (Number.isInteger(pid) && pid > 1) {
        try {
          // SIGQUIT is PostgreSQL's immediate shutdown: the postmaster takes its backends down with it.
          process.kill(pid, 'SIGQUIT');
        } catch {
          /* already gone */
        }
      }
    }
    rmSync(this.baseDir, { recursive: true, force: true });
  }
}
