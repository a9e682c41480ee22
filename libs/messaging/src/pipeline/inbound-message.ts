import type { MessageType } from '@lienthong/contracts';

/** Headers the bus itself adds while a message is retried; never part of the contract. */
export const RETRY_HEADERS = {
  attempt: 'x-lienthong-attempt',
  firstFailureAt: 'x-lienthong-first-failure-at',
  lastError: 'x-lienthong-last-error',
  replayOf: 'x-lienthong-replay-of',
} as const;

/** A consumed message after decoding: envelope checked, body parsed and NFC-normalized (not yet validated). */
export interface InboundMessage {
  readonly messageId: string;
  readonly type: MessageType;
  readonly body: Record<string, unknown>;
  readonly correlationId: string | undefined;
  readonly appId: string | undefined;
  /** Seconds since epoch when the fact happened at the producer, if given. */
  readonly timestamp: number | undefined;
  readonly traceparent: string | undefined;
  readonly headers: Readonly<Record<string, unknown>>;
  /** 1 for the first delivery, n for the n-th try after retries. */
  readonly attempt: number;
  /** The broker delivered it before (to a consumer whose channel closed before it acked). */
  readonly redelivered: boolean;
}

/**
 * Whether a handler may already have run for this message in an earlier delivery: the broker redelivered it,
 * or it is a retry, or an operator's replay from the dead-letter store. False means this is the first time this
 * message reaches any handler (except a re-run inside one batch, which the handler sees in its own process).
 * A handler whose outside call is not idempotent checks the outside system only when this is true.
 */
export function mayHaveRunBefore(message: InboundMessage): boolean {
  return message.redelivered || message.attempt > 1 || message.headers[RETRY_HEADERS.replayOf] !== undefined;
}
