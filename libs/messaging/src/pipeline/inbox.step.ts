import type { Queryable } from '@lienthong/persistence';

/**
 * Third step: records (message id, consumer) in the inbox. Returns false when this consumer has already
 * had the message's effect: the caller then acks without running the handler. Runs in the handler's
 * transaction, so the inbox row and the effect commit (or roll back) together.
 */
export async function claimInbox(tx: Queryable, messageId: string, consumer: string, now: number): Promise<boolean> {
  const changed = await tx.run('INSERT INTO inbox (message_id, consumer, received_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [messageId, consumer, now]);
  return changed === 1;
}
