import { Logger } from '@nestjs/common';
import type { Database } from '@lienthong/persistence';
import { describeError } from '../errors';

/** How long the inbox and the sent outbox rows are kept (`INBOX_RETENTION_MS`, `OUTBOX_RETENTION_MS`). */
export interface RetentionOptions {
  /** An inbox row (message id, consumer) is kept this long after the message was handled: the window duplicates are recognised in. */
  readonly inboxRetentionMs: number;
  /** A published outbox row is kept this long after it was written (pending and unroutable rows are kept until they are sent or looked at). */
  readonly outboxRetentionMs: number;
}

/** Most rows one pruning statement deletes: a long backlog is pruned in several short transactions. */
const CHUNK = 5_000;

/**
 * Prunes the two tables every message grows: `inbox` (one row per message handled, needed only as long as a duplicate
 * can still arrive: a redelivery after a lost ack, an outbox row published again after a crash) and `outbox` (one row per
 * message published, needed only until its confirm). Without it both grow forever, by the message rate.
 *
 * Runs on a timer, at most every minute (more often when a retention is short), and once at start; each instance of a
 * service prunes its own database's rows (harmless when several do it on one PostgreSQL: a DELETE of rows already gone
 * deletes nothing).
 */
export class MessagingRetention {
  private readonly logger = new Logger('MessagingRetention');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly db: Database,
    private readonly options: RetentionOptions,
  ) {}

  /** How often the timer prunes: a quarter of the shorter retention, at most a minute, at least a second. */
  get intervalMs(): number {
    return Math.max(1_000, Math.min(60_000, Math.floor(Math.min(this.options.inboxRetentionMs, this.options.outboxRetentionMs) / 4)));
  }

  start(): void {
    this.timer ??= setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
    void this.tick();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Prunes once, as of `now`; returns how many rows went from each table. */
  async pruneOnce(now = Date.now()): Promise<{ inbox: number; outbox: number }> {
    const inbox = await this.pruneInbox(now - this.options.inboxRetentionMs);
    const outbox = await this.pruneOutbox(now - this.options.outboxRetentionMs);
    return { inbox, outbox };
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.pruneOnce()
      .then(({ inbox, outbox }) => {
        if (inbox + outbox > 0) this.logger.debug(`pruned ${inbox} inbox and ${outbox} outbox rows`);
      })
      .catch((error) => this.logger.warn(`could not prune the inbox and outbox, will try again: ${describeError(error)}`))
      .finally(() => (this.running = undefined));
    await this.running;
  }

  /** Inbox rows handled before `before` (the index on received_at finds them). */
  private async pruneInbox(before: number): Promise<number> {
    let total = 0;
    for (;;) {
      const gone = await this.db.run(
        'DELETE FROM inbox WHERE (message_id, consumer) IN (SELECT message_id, consumer FROM inbox WHERE received_at < $1 ORDER BY received_at LIMIT $2)',
        [before, CHUNK],
      );
      total += gone;
      if (gone < CHUNK) return total;
    }
  }

  /**
   * Sent outbox rows written before `before`. Ids grow with time, so the rows to prune are those below the first id
   * written at or after `before`, found by a binary search over the primary key (no index on created_at to pay for on
   * every insert); below it the pending and unroutable rows stay.
   */
  private async pruneOutbox(before: number): Promise<number> {
    const boundary = await this.firstIdWrittenAtOrAfter(before);
    if (boundary === undefined) return 0;
    let total = 0;
    for (;;) {
      const gone = await this.db.run(
        'DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE id < $1 AND sent_at IS NOT NULL AND unroutable = 0 ORDER BY id LIMIT $2)',
        [boundary, CHUNK],
      );
      total += gone;
      if (gone < CHUNK) return total;
    }
  }

  /** The smallest id whose row was written at or after `at`, or one past the last id if every row is older; undefined when the table is empty. */
  private async firstIdWrittenAtOrAfter(at: number): Promise<number | undefined> {
    const [bounds] = await this.db.query<{ lo: number | string | null; hi: number | string | null }>(
      'SELECT MIN(id) AS lo, MAX(id) AS hi FROM outbox',
    );
    if (bounds?.lo == null || bounds.hi == null) return undefined;
    // The first row at or after `id`, and when it was written (ids may have gaps).
    const rowFrom = async (id: number): Promise<{ id: number; createdAt: number } | undefined> => {
      const [row] = await this.db.query<{ id: number | string; created_at: number | string }>(
        'SELECT id, created_at FROM outbox WHERE id >= $1 ORDER BY id LIMIT 1',
        [id],
      );
      return row ? { id: Number(row.id), createdAt: Number(row.created_at) } : undefined;
    };
    let lo = Number(bounds.lo);
    let hi = Number(bounds.hi) + 1; // invariant: every row below lo is older than `at`; the row at hi (if any) is not
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      const row = await rowFrom(mid);
      if (!row || row.createdAt >= at) hi = mid;
      else lo = row.id + 1;
    }
    return lo;
  }
}
