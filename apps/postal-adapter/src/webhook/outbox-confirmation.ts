import { Injectable } from '@nestjs/common';
import { OutboxRelay } from '@lienthong/messaging';
import { Database } from '@lienthong/persistence';

const CHECK_EVERY_MS = 100;

/**
 * Waits until an outbox message is confirmed by the broker. The relay's own wait covers a publish that
 * happens after we start waiting; the `outbox.sent_at` check covers one that happened before (a timer
 * flush between our commit and the wait, or the first attempt of a duplicate callback).
 */
@Injectable()
export class OutboxConfirmation {
  constructor(
    private readonly db: Database,
    private readonly relay: OutboxRelay,
  ) {}

  /** True once the message is on the broker; false when `timeoutMs` passed first (it stays in the outbox). */
  async wait(messageId: string, timeoutMs: number): Promise<boolean> {
    const byRelay = this.relay.confirmed(messageId).then(() => true);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await this.isSent(messageId)) return true;
      const remaining = deadline - Date.now();
      if (remaining <= 0) return false;
      const pause = new Promise<false>((resolve) => setTimeout(() => resolve(false), Math.min(CHECK_EVERY_MS, remaining)));
      if (await Promise.race([byRelay, pause])) return true;
    }
  }

  private async isSent(messageId: string): Promise<boolean> {
    const [row] = await this.db.query<{ sent_at: number | string | null }>('SELECT sent_at FROM outbox WHERE message_id = $1', [messageId]);
    return row !== undefined && row.sent_at !== null;
  }
}
