import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BusError } from '@lienthong/messaging';
import type { Queryable } from '@lienthong/persistence';

/**
 * `dist/migrations.json`, written by `npm run build` (scripts/build.ts): the version built and, per service, the ids
 * of the migrations it applies at start; `dist/` is four levels above this file (`dist/apps/console/src/ops`).
 */
export const DEFAULT_MANIFEST = resolve(__dirname, '../../../../migrations.json');

export interface MigrationsManifest {
  readonly version: string;
  readonly services: Readonly<Record<string, readonly string[]>>;
}

export interface ServiceMigrations {
  readonly service: string;
  readonly applied: ReadonlyArray<{ readonly id: string; readonly appliedAt: string }>;
  readonly pending: readonly string[];
}

/** What a database holds compared with a build: per service, applied and pending; and what no service of the build knows. */
export interface MigrationsStatus {
  readonly version: string;
  readonly services: readonly ServiceMigrations[];
  /** Applied in the database but unknown to this build: a newer version ran here (do not start an older one). */
  readonly unknown: ReadonlyArray<{ readonly id: string; readonly appliedAt: string }>;
}

export function readManifest(file: string): MigrationsManifest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new BusError(
      'MIGRATIONS.NO_MANIFEST',
      `cannot read the migrations manifest ${file} (${(error as Error).message}); it is written by npm run build`,
    );
  }
  const manifest = parsed as Partial<MigrationsManifest>;
  const valid =
    typeof manifest.version === 'string' &&
    manifest.services !== null &&
    typeof manifest.services === 'object' &&
    Object.values(manifest.services).every((ids) => Array.isArray(ids) && ids.every((id) => typeof id === 'string'));
  if (!valid)
    throw new BusError('MIGRATIONS.NO_MANIFEST', `${file} is not a migrations manifest ({ version, services: { <service>: [ids] } })`);
  return manifest as MigrationsManifest;
}

/** Reads `schema_migrations` (none applied when the table does not exist yet) and compares it with the manifest. */
export async function migrationsStatus(db: Queryable, manifest: MigrationsManifest): Promise<MigrationsStatus> {
  let rows: Array<{ id: string; applied_at: number | string }>;
  try {
    rows = await db.query<{ id: string; applied_at: number | string }>('SELECT id, applied_at FROM schema_migrations');
  } catch (error) {
    if (!/no such table|does not exist/i.test((error as Error).message)) throw error;
    rows = [];
  }
  const applied = new Map(rows.map((r) => [r.id, new Date(Number(r.applied_at)).toISOString()]));
  const known = new Set(Object.values(manifest.services).flat());
  return {
    version: manifest.version,
    services: Object.entries(manifest.services).map(([service, ids]) => ({
      service,
      applied: ids.filter((id) => applied.has(id)).map((id) => ({ id, appliedAt: applied.get(id)! })),
      pending: ids.filter((id) => !applied.has(id)),
    })),
    unknown: [...applied]
      .filter(([id]) => !known.has(id))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, appliedAt]) => ({ id, appliedAt })),
  };
}

/** The status for a person: one line per service, then the pending and unknown migrations by name. */
export function formatMigrationsStatus(status: MigrationsStatus, database: string): string[] {
  const width = Math.max(7, ...status.services.map((s) => s.service.length));
  const lines = [
    `database ${database}; this build: version ${status.version}`,
    '',
    `${'service'.padEnd(width)}  applied  pending  last applied`,
  ];
  for (const s of status.services) {
    const last = s.applied.at(-1);
    lines.push(
      `${s.service.padEnd(width)}  ${String(s.applied.length).padStart(7)}  ${String(s.pending.length).padStart(7)}  ${last ? `${last.id} (${last.appliedAt})` : '-'}`,
    );
  }
  const pending = status.services.filter((s) => s.pending.length > 0);
  lines.push('');
  if (pending.length === 0) lines.push('nothing pending: every service of this build finds its schema up to date.');
  else {
    lines.push('pending (applied by the service when it starts, in this order):');
    for (const s of pending) lines.push(`  ${s.service}: ${s.pending.join(', ')}`);
  }
  if (status.unknown.length) {
    lines.push(
      `applied here but unknown to this build (a newer version ran on this database; do not start this one): ${status.unknown.map((u) => u.id).join(', ')}`,
    );
  }
  return lines;
}
