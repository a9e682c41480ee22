import { BaseRpcContext } from '@nestjs/microservices';
import type { MessageBody, MessageType } from '@lienthong/contracts';
import type { Transaction } from '@lienthong/persistence';
import type { OutboxWriter } from './outbox/outbox.writer';
import type { InboundMessage } from './pipeline/inbound-message';
import { childTraceparent } from './trace-context';

/**
 * What a handler gets besides the body: the consumed message's envelope, the open transaction its
 * effect must be written in, and `publish`, which adds outgoing messages to the outbox in that same
 * transaction (so they exist exactly when the effect committed).
 */
export class BusContext extends BaseRpcContext<[InboundMessage]> {
  constructor(
    readonly message: InboundMessage,
    readonly tx: Transaction,
    private readonly outbox: OutboxWriter,
  ) {
    super([message]);
  }

  /** Queues a message caused by the one being handled: inherits its trace, and its correlation id unless the body names a dossier or batch (see `OutboxWriter`). */
  publish<T extends MessageType>(type: T, body: MessageBody<T>, options: { correlationId?: string } = {}): Promise<string> {
    return this.outbox.write(this.tx, type, body, {
      correlationId: options.correlationId ?? this.message.correlationId,
      causationId: this.message.messageId,
      traceparent: childTraceparent(this.message.traceparent),
    });
  }
}
