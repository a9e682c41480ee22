import type { MessageBody, MessageType } from '@lienthong/contracts';
import type { BusContext, BusPublisher } from '@lienthong/messaging';
import type { Transaction } from '@lienthong/persistence';

/**
 * One transaction's worth of work: the open transaction and a way to queue outgoing messages in it (the
 * outbox). Built from a handler's BusContext, or from the BusPublisher for work started by a timer.
 */
export interface UnitOfWork {
  readonly tx: Transaction;
  /** The message being handled, when there is one (for the trace). */
  readonly cause?: { readonly messageId: string; readonly type: string };
  publish<T extends MessageType>(type: T, body: MessageBody<T>, correlationId?: string): Promise<string>;
}

export function fromContext(ctx: BusContext): UnitOfWork {
  return {
    tx: ctx.tx,
    cause: { messageId: ctx.message.messageId, type: ctx.message.type },
    publish: (type, body, correlationId) => ctx.publish(type, body, correlationId ? { correlationId } : {}),
  };
}

export function fromPublisher(tx: Transaction, publisher: BusPublisher, cause?: UnitOfWork['cause']): UnitOfWork {
  return { tx, cause, publish: (type, body, correlationId) => publisher.publishIn(tx, type, body, { correlationId }) };
}
