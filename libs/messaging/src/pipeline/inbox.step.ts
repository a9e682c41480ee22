import type { Queryable } from '@lienthong/persistence';

/**
 * Third step: records (message id, consumer) in the inbox. Returns false when this consumer has already
 * had the message's effect: the caller then acks without running the handler. Runs in the handler's
 * transaction, so the inbox row and the effect commit (or roll back) together.
 */
export async function claimInbox(tx: Queryable, messageId: string, consumer: string, now: number): Promise<boolean> {
  const changed = await tx.run('INSERT INTO inbox (message_id, consumer, received_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
    messageId,
    consumer,
    now,
  ]);
  return changed === 1;
}

/**
 * `claimInbox` for several messages in one statement (a batch's first, optimistic pass: one round trip instead of one
 * per message), PostgreSQL only. Returns the ids this consumer had not seen, each once: a message listed twice is
 * claimed once. The ids go as one array, so the statement's text is the same for every batch.
 */
export async function claimInboxAll(tx: Queryable, messageIds: readonly string[], consumer: string, now: number): Promise<Set<string>> {
  if (messageIds.length === 0) return new Set();
  const rows = await tx.query<{ message_id: string }>(
    'INSERT INTO inbox (message_id, consumer, received_at) SELECT unnest($3::text[]), $1, $2 ON CONFLICT DO NOTHING RETURNING message_id',
    [consumer, now, messageIds],
  );
  return new Set(rows.map((r) => r.message_id));
}
