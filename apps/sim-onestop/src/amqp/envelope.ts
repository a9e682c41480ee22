import { randomBytes } from 'node:crypto';
import type { Options } from 'amqplib';
import { CONTENT_TYPE, DELIVERY_MODE_PERSISTENT, HEADERS, SCHEMA_VERSION } from '@lienthong/contracts';

/** The one-stop system's `app_id`. */
export const ONESTOP_APP_ID = 'onestop';

/** AMQP properties with the message id the confirm and return handling key on. */
export type PublishProperties = Options.Publish & { messageId: string };

/** What varies between two messages' envelopes. */
export interface EnvelopeFacts {
  readonly type: string;
  readonly messageId: string;
  /** The dossier code for dossier-scoped messages. */
  readonly correlationId?: string;
  /** When the fact happened at the producer (the AMQP `timestamp`, whole seconds). */
  readonly occurredAt: Date;
  readonly traceparent: string;
}

/**
 * The properties contract v1 requires on every message ("Message properties"): message_id, type equal to
 * the routing key, correlation_id, timestamp in seconds, content_type application/json, app_id onestop,
 * persistent, header `x-schema-version: 1` (integer) and a W3C `traceparent`.
 */
export function contractProperties(facts: EnvelopeFacts): PublishProperties {
  const properties: PublishProperties = {
    messageId: facts.messageId,
    type: facts.type,
    timestamp: Math.floor(facts.occurredAt.getTime() / 1000),
    contentType: CONTENT_TYPE,
    appId: ONESTOP_APP_ID,
    deliveryMode: DELIVERY_MODE_PERSISTENT,
    headers: { [HEADERS.schemaVersion]: SCHEMA_VERSION, [HEADERS.traceparent]: facts.traceparent },
  };
  if (facts.correlationId !== undefined) properties.correlationId = facts.correlationId;
  return properties;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** A W3C trace context starting a new trace (a dossier received at the counter). */
export function newTraceparent(): string {
  return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
}

/**
 * A W3C trace context for a message caused by `parent` (the bus message the Center reacted to): same trace
 * id, new span id. A new trace when the parent carried none or an invalid one.
 */
export function childTraceparent(parent: unknown): string {
  const match = typeof parent === 'string' ? TRACEPARENT.exec(parent) : null;
  if (!match || match[1] === '0'.repeat(32)) return newTraceparent();
  return `00-${match[1]}-${randomBytes(8).toString('hex')}-${match[3]}`;
}

/** Whether a value is a W3C traceparent of version 00. */
export function isTraceparent(value: unknown): boolean {
  return typeof value === 'string' && TRACEPARENT.test(value);
}
