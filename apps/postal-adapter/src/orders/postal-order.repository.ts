import { Injectable } from '@nestjs/common';
import type { ShipmentPurpose } from '@lienthong/contracts';
import { Database, type Queryable } from '@lienthong/persistence';

/** An order the bus placed with the operator, and how far its shipment has been applied. */
export interface PostalOrderRecord {
  readonly orderNumber: string;
  readonly trackingCode: string;
  readonly purpose: ShipmentPurpose;
  readonly dossierCode: string | null;
  readonly batchId: string | null;
  readonly serviceCode: string;
  /** Last applied status; at creation the operator's status, with `occurredAtMs` null. */
  readonly statusCode: number | null;
  readonly statusName: string | null;
  readonly occurredAt: string | null;
  readonly occurredAtMs: number | null;
  readonly lastNewsAt: number;
  readonly createdAt: number;
}

interface Row {
  order_number: string;
  tracking_code: string;
  purpose: ShipmentPurpose;
  dossier_code: string | null;
  batch_id: string | null;
  service_code: string;
  status_code: number | null;
  status_name: string | null;
  occurred_at: string | null;
  occurred_at_ms: number | string | null;
  last_news_at: number | string;
  created_at: number | string;
}

const COLUMNS =
  'order_number, tracking_code, purpose, dossier_code, batch_id, service_code, status_code, status_name, occurred_at, occurred_at_ms, last_news_at, created_at';

/** Reads and writes `postal_orders` in the caller's transaction. */
@Injectable()
export class PostalOrderRepository {
  constructor(private readonly db: Database) {}

  async find(q: Queryable, orderNumber: string): Promise<PostalOrderRecord | undefined> {
    const [row] = await q.query<Row>(`SELECT ${COLUMNS} FROM postal_orders WHERE order_number = $1`, [orderNumber]);
    return row && toRecord(row);
  }

  /**
   * The order, locked until `tx` ends (PostgreSQL `FOR UPDATE`; SQLite transactions are serialized anyway),
   * so that two events for one shipment are ordered against each other, not applied side by side.
   */
  async lock(tx: Queryable, orderNumber: string): Promise<PostalOrderRecord | undefined> {
    const forUpdate = this.db.dialect === 'postgres' ? ' FOR UPDATE' : '';
    const [row] = await tx.query<Row>(`SELECT ${COLUMNS} FROM postal_orders WHERE order_number = $1${forUpdate}`, [orderNumber]);
    return row && toRecord(row);
  }

  /** Records a placed order; false when it is already recorded (a handler run twice). */
  async insert(
    q: Queryable,
    order: Omit<PostalOrderRecord, 'occurredAt' | 'occurredAtMs' | 'statusName' | 'lastNewsAt'>,
  ): Promise<boolean> {
    const changed = await q.run(
      `INSERT INTO postal_orders (order_number, tracking_code, purpose, dossier_code, batch_id, service_code, status_code, status_name, occurred_at, occurred_at_ms, settled, last_news_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, NULL, NULL, 0, $8, $8, $8) ON CONFLICT DO NOTHING`,
      [
        order.orderNumber,
        order.trackingCode,
        order.purpose,
        order.dossierCode,
        order.batchId,
        order.serviceCode,
        order.statusCode,
        order.createdAt,
      ],
    );
    return changed === 1;
  }

  /** Moves the shipment to the event's status (the caller decided it is a forward move). */
  async applyStatus(
    q: Queryable,
    orderNumber: string,
    status: { statusCode: number; statusName: string; occurredAt: string; occurredAtMs: number; trackingCode: string; settled: boolean },
    now: number,
  ): Promise<void> {
    await q.run(
      `UPDATE postal_orders SET status_code = $2, status_name = $3, occurred_at = $4, occurred_at_ms = $5, tracking_code = $6, settled = $7, last_news_at = $8, updated_at = $8
       WHERE order_number = $1`,
      [
        orderNumber,
        status.statusCode,
        status.statusName,
        status.occurredAt,
        status.occurredAtMs,
        status.trackingCode,
        status.settled ? 1 : 0,
        now,
      ],
    );
  }

  /** Notes that something was heard about the shipment (resets its staleness). */
  async touch(q: Queryable, orderNumber: string, now: number): Promise<void> {
    await q.run('UPDATE postal_orders SET last_news_at = $2, updated_at = $2 WHERE order_number = $1', [orderNumber, now]);
  }

  /** Unsettled shipments with no news since `before`, oldest news first. */
  async stale(q: Queryable, before: number, limit: number): Promise<PostalOrderRecord[]> {
    const rows = await q.query<Row>(
      `SELECT ${COLUMNS} FROM postal_orders WHERE settled = 0 AND last_news_at < $1 ORDER BY last_news_at LIMIT $2`,
      [before, limit],
    );
    return rows.map(toRecord);
  }
}

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

function toRecord(row: Row): PostalOrderRecord {
  return {
    orderNumber: row.order_number,
    trackingCode: row.tracking_code,
    purpose: row.purpose,
    dossierCode: row.dossier_code,
    batchId: row.batch_id,
    serviceCode: row.service_code,
    statusCode: num(row.status_code),
    statusName: row.status_name,
    occurredAt: row.occurred_at,
    occurredAtMs: num(row.occurred_at_ms),
    lastNewsAt: Number(row.last_news_at),
    createdAt: Number(row.created_at),
  };
}
