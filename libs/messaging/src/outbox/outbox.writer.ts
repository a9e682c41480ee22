import {
  type AppId,
  HEADERS,
  type MessageBody,
  type MessageType,
  SCHEMA_VERSION,
  correlationIdOf,
  exchangeOf,
  normalizeNfc,
  validateMessage,
} from '@lienthong/contracts';
import type { Queryable } from '@lienthong/persistence';
import { PermanentFailure } from '../errors';
import { SENT_AT_HEADER } from '../hop-latency';
import { newMessageId } from '../message-id';

/** Where a message comes from: what it inherits from the message that caused it. */
export interface Provenance {
  /** The dossier code for dossier-scoped messages. */
  readonly correlationId?: string;
  /** message_id of the consumed message that caused this one. */
  readonly causationId?: string;
  readonly traceparent?: string;
}

/** AMQP properties as stored in the outbox and replayed from it. */
export interface StoredProperties {
  readonly messageId: string;
  readonly type: string;
  readonly correlationId?: string;
  readonly timestamp: number;
  readonly appId: string;
  readonly contentType: 'application/json';
  readonly contentEncoding: 'utf-8';
  readonly persistent: true;
  readonly headers: Record<string, unknown>;
}

/**
 * Writes outgoing messages as outbox rows in the caller's transaction, so that a message exists exactly
 * when the state change that caused it committed. The relay publishes it afterwards. The body is checked
 * against its contract here: the bus never publishes what it would itself reject. Contract messages go to
 * `lienthong.events`, bus-internal ones to `lienthong.internal` (`exchangeOf`), with the same envelope.
 */
export class OutboxWriter {
  private listener: (() => void) | undefined;

  constructor(private readonly producer: string) {}

  /** Called after every row written (the relay: there may be something to publish once the transaction commits). */
  onWrite(listener: () => void): void {
    this.listener = listener;
  }

  /** Adds one message to the outbox in `tx`; returns its message_id. */
  async write<T extends MessageType>(tx: Queryable, type: T, body: MessageBody<T>, provenance: Provenance = {}): Promise<string> {
    const normalized = normalizeNfc(body);
    const problems = validateMessage(type, normalized);
    if (problems.length > 0) {
      throw new PermanentFailure(
        'BUS.INVALID_OUTGOING',
        `the bus built an invalid ${type}: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`,
      );
    }
    // Every message about a dossier carries its dossierCode as correlation_id (the batch id for a batch): taken from
    // the body, so that no caller can get it wrong; a message without such a field (message-rejected) keeps the
    // correlation it was given.
    const correlationId = correlationIdOf(type, normalized) ?? provenance.correlationId;
    const now = Date.now();
    const messageId = newMessageId(now);
    const headers: Record<string, unknown> = { [HEADERS.schemaVersion]: SCHEMA_VERSION, [SENT_AT_HEADER]: now };
    if (provenance.traceparent) headers[HEADERS.traceparent] = provenance.traceparent;
    if (provenance.causationId) headers[HEADERS.causationId] = provenance.causationId;
    const properties: StoredProperties = {
      messageId,
      type,
      ...(correlationId ? { correlationId } : {}),
      timestamp: Math.floor(now / 1000),
      appId: 'lienthong' satisfies AppId,
      contentType: 'application/json',
      contentEncoding: 'utf-8',
      persistent: true,
      headers,
    };
    await tx.run(
      'INSERT INTO outbox (producer, message_id, exchange, routing_key, body, properties, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [this.producer, messageId, exchangeOf(type), type, JSON.stringify(normalized), JSON.stringify(properties), now],
    );
    this.listener?.();
    return messageId;
  }
}
