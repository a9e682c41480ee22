import type { Database } from '@lienthong/persistence';
import { columnsOf } from '../db/tables';

/** What the archive page gets: nothing yet (`available: false`), or a page of batches with whatever columns the table has. */
export type ArchiveBatchPage = { available: false } | { available: true; columns: string[]; items: Record<string, unknown>[]; total: number; statuses: string[] };

const STATUS_COLUMNS = ['state', 'status'];

/** Columns preferred for ordering, newest first. */
const ORDER_COLUMNS = ['created_at', 'opened_at', 'updated_at', 'id'];

/**
 * Reads `archive_batches` (kept by the orchestrator's archive handover, when deployed). Its columns are the
 * orchestrator's to define, so they are read as they are; a `state` (or `status`) column, when present, can be filtered on.
 */
export class ArchiveBatchesQuery {
  constructor(private readonly db: Database) {}

  async page(options: { status?: string; limit: number; offset: number }): Promise<ArchiveBatchPage> {
    const columns = await columnsOf(this.db, 'archive_batches');
    if (columns.length === 0) return { available: false };
    // The orchestrator calls it `state`; accept `status` too.
    const statusColumn = STATUS_COLUMNS.find((c) => columns.includes(c));
    const where = statusColumn && options.status ? `WHERE ${statusColumn} = $1` : '';
    const params = where ? [options.status] : [];
    const order = ORDER_COLUMNS.find((c) => columns.includes(c));
    const [{ n }] = await this.db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM archive_batches ${where}`, params);
    const items = await this.db.query<Record<string, unknown>>(
      `SELECT * FROM archive_batches ${where} ${order ? `ORDER BY ${order} DESC` : ''} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, options.limit, options.offset],
    );
    const statuses = statusColumn ? (await this.db.query<{ s: string }>(`SELECT DISTINCT ${statusColumn} AS s FROM archive_batches ORDER BY ${statusColumn}`)).map((r) => String(r.s)) : [];
    return { available: true, columns, items: items.map(plain), total: Number(n), statuses };
  }

  /** The sha256 of a batch's manifest PDF, if the batch was dispatched. */
  async manifestOf(batchId: string): Promise<string | undefined> {
    const columns = await columnsOf(this.db, 'archive_batches');
    if (!columns.includes('manifest_sha256')) return undefined;
    const [row] = await this.db.query<{ manifest_sha256: string | null }>('SELECT manifest_sha256 FROM archive_batches WHERE batch_id = $1', [batchId]);
    return row?.manifest_sha256 ?? undefined;
  }
}

/** Rows as JSON-safe values (BIGINT as numbers, long texts cut). */
function plain(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (typeof value === 'bigint') out[key] = Number(value);
    else if (typeof value === 'string' && value.length > 500) out[key] = `${value.slice(0, 500)}…`;
    else if (Buffer.isBuffer(value)) out[key] = `(${value.length} bytes)`;
    else out[key] = value;
  }
  return out;
}
