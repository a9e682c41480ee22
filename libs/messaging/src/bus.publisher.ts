import type { MessageBody, MessageType } from '@lienthong/contracts';
import type { Database, Queryable } from '@lienthong/persistence';
import type { OutboxRelay } from './outbox/outbox.relay';
import type { OutboxWriter, Provenance } from './outbox/outbox.writer';
import { childTraceparent } from './trace-context';

/**
 * Publishing from outside a handler (an adapter that polled a DMS, a webhook, a timer). Goes through the
 * outbox like everything else, so a message is sent once its state change committed and never lost.
 */
export class BusPublisher {
  constructor(
    private readonly db: Database,
    private readonly writer: OutboxWriter,
    private readonly relay: OutboxRelay,
  ) {}

  /** Adds a message to the outbox in `tx` (the caller's transaction); it is sent after that commits. */
  async publishIn<T extends MessageType>(tx: Queryable, type: T, body: MessageBody<T>, provenance: Provenance = {}): Promise<string> {
    return this.writer.write(tx, type, body, { ...provenance, traceparent: provenance.traceparent ?? childTraceparent(undefined) });
  }

  /**
   * Publishes one message and resolves only when the broker has confirmed it (e.g. before answering a
   * webhook 200 or acknowledging a DMS package). Returns its message_id.
   */
  async publishConfirmed<T extends MessageType>(type: T, body: MessageBody<T>, provenance: Provenance = {}): Promise<string> {
    const messageId = await this.db.transaction((tx) => this.publishIn(tx, type, body, provenance));
    await this.relay.confirmed(messageId);
    return messageId;
  }
}
