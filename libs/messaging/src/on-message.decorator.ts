import { SetMetadata } from '@nestjs/common';
import type { MessageType } from '@lienthong/contracts';

export const ON_MESSAGE = Symbol('lienthong:on-message');

/**
 * Marks a provider method as the handler of one message type: `(body, ctx: BusContext) => Promise<void>`.
 * Only attaches metadata; `HandlerExplorer` finds the handlers at bootstrap and the service's queue is
 * bound to exactly their routing keys.
 */
export const OnMessage = (type: MessageType): MethodDecorator => SetMetadata(ON_MESSAGE, type);
