import type { Database } from '@lienthong/persistence';
import { columnsOf, tableExists } from '../db/tables';

/** An open dead letter a batch waits on: the step (dispatch, resend) or the command (postal order, DMS package) that failed. */
export interface BatchDeadLetter {
  readonly id: number;
  readonly queue: string;
  readonly type: string;
  readonly errorCode: string;
  readonly problem: string;
  readonly lastFailedAt: number;
}

/**
 * What the archive page gets: nothing yet (`available: false`), or a page of batches with whatever columns the
 * table has, each with `stalled` and the open dead letters it waits on (`deadLetters`), and how many are stalled.
 */
export type ArchiveBatchPage =
  | { available: false }
  | {
      available: true;
      columns: string[];
      items: Array<Record<string, unknown> & { stalled: boolean; deadLetters: BatchDeadLetter[] }>;
      total: number;
      statuses: string[];
      stalledTotal: number;
    };

/** Dead letters still to be dealt with (a replaying one is open again if its replay fails). */
const OPEN_LETTERS = "SELECT correlation_id FROM dead_letters WHERE status IN ('open', 'replaying') AND correlation_id IS NOT NULL";

const STATUS_COLUMNS = ['state', 'status'];

/** Columns preferred for ordering, newest first. */
const ORDER_COLUMNS = ['created_at', 'opened_at', 'updated_at', 'id'];

/**
 * Reads `archive_batches` (kept by the orchestrator's archive handover, when deployed). Its columns are the
 * orchestrator's to define, so they are read as they are; a `state` (or `status`) column, when present, can be filtered on.
 * A batch is *stalled* while a dead letter correlated with it is open: its dispatch or resend step, its postal
 * order or its manifest package failed (every message about a batch carries its id as correlation id). It waits
 * for that dead letter to be replayed (or discarded) by an operator.
 */
export class ArchiveBatchesQuery {
  constructor(private readonly db: Database) {}

  async page(options: { status?: string; stalled?: boolean; limit: number; offset: number }): Promise<ArchiveBatchPage> {
    const columns = await columnsOf(this.db, 'archive_batches');
    if (columns.length === 0) return { available: false };
    const letters = columns.includes('batch_id') && (await tableExists(this.db, 'dead_letters'));
    // The orchestrator calls it `state`; accept `status` too.
    const statusColumn = STATUS_COLUMNS.find((c) => columns.includes(c));
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (statusColumn && options.status) {
      params.push(options.status);
      conditions.push(`${statusColumn} = $${params.length}`);
    }
    if (options.stalled) conditions.push(letters ? `batch_id IN (${OPEN_LETTERS})` : '1 = 0');
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const order = ORDER_COLUMNS.find((c) => columns.includes(c));
    const [{ n }] = await this.db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM archive_batches ${where}`, params);
    const rows = await this.db.query<Record<string, unknown>>(
      `SELECT * FROM archive_batches ${where} ${order ? `ORDER BY ${order} DESC` : ''} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, options.limit, options.offset],
    );
    const statuses = statusColumn
      ? (await this.db.query<{ s: string }>(`SELECT DISTINCT ${statusColumn} AS s FROM archive_batches ORDER BY ${statusColumn}`)).map(
          (r) => String(r.s),
        )
      : [];
    const waiting = letters ? await this.deadLettersOf(rows.map((r) => String(r.batch_id))) : new Map<string, BatchDeadLetter[]>();
    const [{ stalled }] = letters
      ? await this.db.query<{ stalled: number }>(`SELECT COUNT(*) AS stalled FROM archive_batches WHERE batch_id IN (${OPEN_LETTERS})`)
      : [{ stalled: 0 }];
    const items = rows.map((row) => {
      const deadLetters = waiting.get(String(row.batch_id)) ?? [];
      return { ...plain(row), stalled: deadLetters.length > 0, deadLetters };
    });
    return { available: true, columns, items, total: Number(n), statuses, stalledTotal: Number(stalled) };
  }

  /** The open dead letters of these batches, oldest failure first. */
  private async deadLettersOf(batchIds: readonly string[]): Promise<Map<string, BatchDeadLetter[]>> {
    const byBatch = new Map<string, BatchDeadLetter[]>();
    if (batchIds.length === 0) return byBatch;
    const rows = await this.db.query<{
      id: number;
      correlation_id: string;
      queue: string;
      routing_key: string;
      error_code: string;
      reasons: string;
      last_failed_at: number;
    }>(
      `SELECT id, correlation_id, queue, routing_key, error_code, reasons, last_failed_at FROM dead_letters
       WHERE status IN ('open', 'replaying') AND correlation_id IN (${batchIds.map((_, i) => `$${i + 1}`).join(', ')}) ORDER BY last_failed_at, id`,
      batchIds,
    );
    for (const row of rows) {
      const reasons = JSON.parse(row.reasons) as Array<{ field: string; problem: string }>;
      const letter: BatchDeadLetter = {
        id: Number(row.id),
        queue: row.queue,
        type: row.routing_key,
        errorCode: row.error_code,
        problem: reasons.map((r) => (r.field === 'handler' ? r.problem : `${r.field}: ${r.problem}`)).join('; '),
        lastFailedAt: Number(row.last_failed_at),
      };
      byBatch.set(row.correlation_id, [...(byBatch.get(row.correlation_id) ?? []), letter]);
    }
    return byBatch;
  }

  /** The sha256 of a batch's manifest PDF, if the batch was dispatched. */
  async manifestOf(batchId: string): Promise<string | undefined> {
    const columns = await columnsOf(this.db, 'archive_batches');
    if (!columns.includes('manifest_sha256')) return undefined;
    const [row] = await this.db.query<{ manifest_sha256: string | null }>(
      'SELECT manifest_sha256 FROM archive_batches WHERE batch_id = $1',
      [batchId],
    );
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
