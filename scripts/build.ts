/**
 * `npm run build`: compiles every app and lib into `dist/` and puts beside the code everything it reads at run
 * time, so that `dist/` with package.json and package-lock.json is the whole package (`npm ci --omit=dev` then
 * `node dist/apps/<app>/src/main.js`; docs/deployment.md):
 *
 *   apps/console/public   → dist/apps/console/public   the dashboard's UI (ui.controller.ts reads ../../public)
 *   assets/fonts          → dist/assets/fonts          the handover manifest's fonts
 *   config/departments.yaml → dist/config/             the department table to start from
 *   deploy/               → dist/deploy/               systemd units, environment files, RabbitMQ definitions
 *   (generated)           → dist/migrations.json       each service's migrations, for `ops -- migrations status`
 *
 * `--out-dir <dir>` builds elsewhere (the package test builds into a temporary directory).
 * Run with ts-node: it needs the dev dependencies (tsc), as any build does.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');

/** Non-TypeScript files a service reads at run time, copied at the same place under the output directory. */
export const RUNTIME_FILES: readonly string[] = ['apps/console/public', 'assets/fonts', 'config/departments.yaml', 'deploy'];

/** The file `migrations status` reads, relative to the output directory. */
export const MIGRATIONS_MANIFEST = 'migrations.json';

/** What `dist/migrations.json` holds: the version built, and per service the ids of the migrations it applies, in order. */
export interface MigrationsManifest {
  readonly version: string;
  readonly services: Readonly<Record<string, readonly string[]>>;
}

interface MigrationLike {
  readonly id: string;
}

/**
 * Each bus service applies the messaging library's migrations and its own (`apps/<service>/src/<service>.migrations.js`,
 * the one convention every service module follows: `migrations: [...MESSAGING_MIGRATIONS, ...<SERVICE>_MIGRATIONS]`).
 * Read from the compiled output, so the manifest describes exactly what was built. The package test checks it
 * against what the services really apply (nothing pending, nothing unknown after they started).
 */
export function migrationsManifest(outDir: string, version: string): MigrationsManifest {
  const shared = migrationIds(join(outDir, 'libs/messaging/src/messaging.migrations.js'));
  const services: Record<string, readonly string[]> = {};
  for (const app of readdirSync(join(outDir, 'apps')).sort()) {
    const file = join(outDir, 'apps', app, 'src', `${app}.migrations.js`);
    if (existsSync(file)) services[app] = [...shared, ...migrationIds(file)];
  }
  return { version, services };
}

function migrationIds(file: string): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loads a compiled migrations file by path, synchronously
  const exported = require(file) as Record<string, unknown>;
  const lists = Object.values(exported).filter(
    (v): v is MigrationLike[] => Array.isArray(v) && v.every((m) => typeof (m as MigrationLike)?.id === 'string'),
  );
  if (lists.length !== 1) throw new Error(`BUILD.MIGRATIONS: ${file} must export exactly one list of migrations, found ${lists.length}`);
  return lists[0].map((m) => m.id);
}

function run(command: string, args: readonly string[]): void {
  const result = spawnSync(join(ROOT, 'node_modules', '.bin', command), args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`BUILD.FAILED: ${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
    process.exit(1);
  }
}

/** Compiles into `outDir` (emptied first: a file whose source was deleted must not linger in the package). */
export function build(outDir: string): MigrationsManifest {
  rmSync(outDir, { recursive: true, force: true });
  run('tsc', ['-p', 'tsconfig.build.json', '--outDir', outDir]);
  run('tsc-alias', ['-p', 'tsconfig.build.json', '--outDir', outDir]);
  for (const path of RUNTIME_FILES) cpSync(join(ROOT, path), join(outDir, path), { recursive: true });
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const manifest = migrationsManifest(outDir, version);
  writeFileSync(join(outDir, MIGRATIONS_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** `--out-dir <dir>` or nothing; anything else is a usage error naming it. */
function outDirOf(argv: readonly string[]): string {
  if (argv.length === 0) return 'dist';
  if (argv[0] === '--out-dir' && argv.length === 2 && argv[1] !== '') return argv[1];
  console.error(`BUILD.USAGE: unexpected ${JSON.stringify(argv.join(' '))}; the only option is --out-dir <dir>`);
  return process.exit(2);
}

if (require.main === module) build(resolve(ROOT, outDirOf(process.argv.slice(2))));
