import { Logger } from '@nestjs/common';
import type { Database, Queryable } from '@lienthong/persistence';
import type { ConfirmPublisher, OutgoingMessage } from '../amqp/confirm.publisher';
import { UnroutableMessage, describeError } from '../errors';
import type { StoredProperties } from './outbox.writer';

interface OutboxRow {
  id: number;
  message_id: string;
  exchange: string;
  routing_key: string;
  body: string;
  properties: string;
}

const BATCH = 500;
/** How often a wait for a confirm looks for its row in the table (another instance's relay may have sent it). */
const WAIT_POLL_MS = 250;

/**
 * Publishes committed outbox rows with broker confirms, in id order, and marks them sent. Woken after every
 * commit that wrote rows (`kick`) and on a timer (rows left by a crash or a broker outage). One flush runs at
 * a time per process; on PostgreSQL an advisory lock per producer keeps other instances from interleaving,
 * which keeps each dossier's messages in order. A row is marked sent only after its confirm, so a crash
 * between publish and mark re-publishes it with the same message_id, which consumers deduplicate.
 */
export class OutboxRelay {
  private readonly logger = new Logger('OutboxRelay');
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  /** A row was written since the last `kickIfWritten` (maybe not committed yet, maybe rolled back). */
  private written = false;
  private readonly waiters = new Map<string, Array<{ resolve: () => void; reject: (e: Error) => void }>>();
  /** While someone waits for a confirm: looks in the table for rows another instance's relay confirmed. */
  private waitPoll: NodeJS.Timeout | undefined;
  private readonly warnedUnroutable = new Set<string>();
  /** Messages published since start, for metrics. */
  published = 0;
  unroutable = 0;

  constructor(
    private readonly db: Database,
    private readonly publisher: ConfirmPublisher,
    private readonly producer: string,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.stopped = false;
    this.timer ??= setInterval(() => this.kick(), this.intervalMs);
    this.timer.unref();
    this.kick();
  }

  /** Notes that an outbox row was written (`OutboxWriter.onWrite`). */
  noteWritten(): void {
    this.written = true;
  }

  /**
   * Kicks only if a row was written since the last call: the consumer calls it after every batch it committed, and a
   * batch that published nothing costs no outbox query (on PostgreSQL a transaction and an advisory lock).
   */
  kickIfWritten(): void {
    if (!this.written) return;
    this.written = false;
    this.kick();
  }

  /** Asks for a flush soon; coalesces with one already running. */
  kick(): void {
    if (this.flushing) {
      this.again = true;
      return;
    }
    this.flushing = this.drain().finally(() => (this.flushing = undefined));
  }

  /** Publishes everything pending now; resolves when done (or when the broker is down: rows stay pending). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    this.flushing = this.drain().finally(() => (this.flushing = undefined));
    await this.flushing;
  }

  /**
   * Resolves once the outbox row with this message_id has been confirmed by the broker, by this relay or by another
   * instance's: with several instances on one database, whichever relay holds the producer's lock publishes every
   * instance's rows, so the row is also looked up in the table every `WAIT_POLL_MS` while someone waits (a wait for a
   * row another instance published ends then, not at the caller's timeout).
   */
  confirmed(messageId: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const list = this.waiters.get(messageId) ?? [];
      list.push({ resolve, reject });
      this.waiters.set(messageId, list);
      this.kick();
      this.pollWaiters();
    });
  }

  /** Stops the timer after a last flush. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    clearTimeout(this.waitPoll);
    this.waitPoll = undefined;
    await this.flush().catch((error) => this.logger.warn(`last outbox flush failed: ${describeError(error)}`));
    this.stopped = true;
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      let more = true;
      while (more && !this.stopped) {
        try {
          more = await this.flushOnce();
        } catch (error) {
          this.logger.warn(`outbox flush failed, will retry: ${describeError(error)}`);
          return;
        }
      }
    } while (this.again && !this.stopped);
  }

  /** One batch; true when a full batch was sent (there may be more). */
  private async flushOnce(): Promise<boolean> {
    // Counters and waiters are settled once the rows' new state is committed, not before.
    const afterCommit: Array<() => void> = [];
    const idle = { more: false, failure: undefined };
    let outcome: { more: boolean; failure?: string };
    if (this.db.dialect === 'postgres') {
      outcome = await this.db.transaction(async (tx) => {
        const [lock] = await tx.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS ok', [`outbox:${this.producer}`]);
        return lock.ok ? this.publishBatch(tx, afterCommit) : idle;
      });
    } else {
      outcome = await this.publishBatch(this.db, afterCommit);
    }
    for (const settle of afterCommit) settle();
    // A failure is reported after the commit, so that the rows the broker did confirm stay marked sent.
    if (outcome.failure) throw new Error(outcome.failure);
    return outcome.more;
  }

  private async publishBatch(q: Queryable, afterCommit: Array<() => void>): Promise<{ more: boolean; failure?: string }> {
    const rows = await q.query<OutboxRow>(
      'SELECT id, message_id, exchange, routing_key, body, properties FROM outbox WHERE producer = $1 AND sent_at IS NULL ORDER BY id LIMIT $2',
      [this.producer, BATCH],
    );
    if (rows.length === 0) return { more: false };
    const results = await this.publisher.publishAll(rows.map(toOutgoing));
    const sent: number[] = [];
    const unroutable: number[] = [];
    let failure: string | undefined;
    results.forEach((result, i) => {
      if (result.status === 'fulfilled') sent.push(rows[i].id);
      else if (result.reason instanceof UnroutableMessage) {
        unroutable.push(rows[i].id);
        this.reportUnroutable(rows[i].routing_key);
      } else failure ??= describeError(result.reason);
    });
    const now = Date.now();
    await markIds(q, 'UPDATE outbox SET sent_at = $1 WHERE id IN', now, sent);
    await markIds(q, 'UPDATE outbox SET sent_at = $1, unroutable = 1 WHERE id IN', now, unroutable);
    afterCommit.push(() => {
      this.published += sent.length;
      this.unroutable += unroutable.length;
      rows.forEach((row, i) => this.settleWaiters(row.message_id, results[i]));
    });
    if (failure) {
      const failed = rows.filter((_, i) => results[i].status === 'rejected' && !unroutable.includes(rows[i].id)).map((r) => r.id);
      await markIds(q, 'UPDATE outbox SET attempts = attempts + 1, last_error = $1 WHERE id IN', failure.slice(0, 500), failed);
      return { more: false, failure };
    }
    return { more: rows.length === BATCH };
  }

  /** Settles the waiters whose rows are marked sent (by any instance); polls again while some are left. */
  private pollWaiters(): void {
    if (this.waitPoll || this.waiters.size === 0) return;
    this.waitPoll = setTimeout(() => {
      void this.settleSentElsewhere()
        .catch((error) => this.logger.warn(`looking up confirmed outbox rows failed: ${describeError(error)}`))
        .finally(() => {
          this.waitPoll = undefined;
          if (!this.stopped) this.pollWaiters();
        });
    }, WAIT_POLL_MS);
    this.waitPoll.unref();
  }

  private async settleSentElsewhere(): Promise<void> {
    const ids = [...this.waiters.keys()].slice(0, BATCH);
    if (ids.length === 0) return;
    const placeholders = ids.map((_, i) => `$${i + 1}`).join(', ');
    const rows = await this.db.query<{ message_id: string }>(
      `SELECT message_id FROM outbox WHERE sent_at IS NOT NULL AND message_id IN (${placeholders})`,
      ids,
    );
    for (const row of rows) this.settleWaiters(row.message_id, { status: 'fulfilled', value: undefined });
  }

  private settleWaiters(messageId: string, result: PromiseSettledResult<void>): void {
    const list = this.waiters.get(messageId);
    if (!list) return;
    // An unroutable message was still taken by the broker (and reported): the caller's wait is over.
    const ok = result.status === 'fulfilled' || result.reason instanceof UnroutableMessage;
    if (!ok) return; // stays pending; a later flush settles it
    this.waiters.delete(messageId);
    for (const w of list) w.resolve();
  }

  private reportUnroutable(routingKey: string): void {
    if (this.warnedUnroutable.has(routingKey)) return;
    this.warnedUnroutable.add(routingKey);
    this.logger.warn(
      `no queue is bound to "${routingKey}": such messages are kept in the outbox marked unroutable (reported once per routing key)`,
    );
  }
}

function toOutgoing(row: OutboxRow): OutgoingMessage {
  const properties = JSON.parse(row.properties) as StoredProperties;
  return { exchange: row.exchange, routingKey: row.routing_key, content: Buffer.from(row.body, 'utf8'), properties };
}

async function markIds(q: Queryable, sqlPrefix: string, first: unknown, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  const placeholders = ids.map((_, i) => `$${i + 2}`).join(', ');
  await q.run(`${sqlPrefix} (${placeholders})`, [first, ...ids]);
}
