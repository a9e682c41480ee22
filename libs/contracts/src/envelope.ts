/**
 * The AMQP envelope of contract v1 (onestop-amqp.md, "Message properties"): names and constants every
 * producer and consumer shares. Bodies are described by the message classes; this file is the rest.
 */

/** The one topic exchange every contract message is published to (durable, declared by the bus). */
export const EXCHANGE = 'lienthong.events';

/** Exchange type of {@link EXCHANGE} and {@link INTERNAL_EXCHANGE}. */
export const EXCHANGE_TYPE = 'topic';

/**
 * The topic exchange of the bus-internal messages (orchestrator ⇄ adapters: `dms.*` commands and events,
 * `postal.order-*`, `postal.tracking-received`). Same envelope as the contract's, but kept off {@link EXCHANGE}
 * so that a subscriber of the contract exchange, whatever it binds (`#`, `postal.#`), sees only messages of
 * contract v1. Durable, declared by every bus service; no outside system needs it.
 */
export const INTERNAL_EXCHANGE = 'lienthong.internal';

/** Major schema version this library describes; sent as the integer header `x-schema-version`. */
export const SCHEMA_VERSION = 1;

/** Header names used on every message. */
export const HEADERS = {
  /** `1` (integer when the bus sends; the bus also accepts the string `"1"`). */
  schemaVersion: 'x-schema-version',
  /** Optional W3C trace context, propagated by the bus. */
  traceparent: 'traceparent',
  /** Optional `message_id` of the message that caused this one (set by the bus on what it publishes). */
  causationId: 'x-causation-id',
} as const;

/** `app_id` values: the systems allowed to produce contract messages. */
export const APP_IDS = ['onestop', 'lienthong'] as const;

/** A producing system (`app_id`). */
export type AppId = (typeof APP_IDS)[number];

/** `content_type` of every body (UTF-8 JSON). */
export const CONTENT_TYPE = 'application/json';

/** `delivery_mode` of every message: persistent. */
export const DELIVERY_MODE_PERSISTENT = 2;

/** Default `MAX_MESSAGE_BYTES`: larger bodies are rejected (1 MiB). */
export const DEFAULT_MAX_MESSAGE_BYTES = 1_048_576;

/**
 * One reason a message was refused: `field` is a dotted path into the body (`documents.3.file.sha256`),
 * or `body` / `x-schema-version` when the problem is not a body field; `problem` is a short English sentence.
 */
export type FieldProblem = { field: string; problem: string };
