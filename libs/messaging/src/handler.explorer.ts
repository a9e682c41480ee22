import { Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { MessageType } from '@lienthong/contracts';
import type { BusContext } from './bus.context';
import { ON_MESSAGE } from './on-message.decorator';

/** A discovered handler, bound to its provider instance. */
export type BoundHandler = (body: Record<string, unknown>, ctx: BusContext) => Promise<unknown> | unknown;

/** Finds every `@OnMessage` method among the application's providers and controllers (once, at bootstrap). */
@Injectable()
export class HandlerExplorer {
  private found: Map<MessageType, BoundHandler> | undefined;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  /** Handlers by message type. Two handlers for one type in one service is a programming error. */
  handlers(): ReadonlyMap<MessageType, BoundHandler> {
    if (this.found) return this.found;
    const found = new Map<MessageType, BoundHandler>();
    const owners = new Map<MessageType, string>();
    for (const wrapper of [...this.discovery.getProviders(), ...this.discovery.getControllers()]) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const method = instance[name] as ((...args: unknown[]) => unknown) | undefined;
        if (typeof method !== 'function') continue;
        const type = this.reflector.get<MessageType | undefined>(ON_MESSAGE, method);
        if (!type) continue;
        const owner = `${prototype.constructor.name}.${name}`;
        if (found.has(type))
          throw new Error(`two handlers for ${type}: ${owners.get(type)} and ${owner}; one message type has one handler`);
        found.set(type, method.bind(instance) as BoundHandler);
        owners.set(type, owner);
      }
    }
    this.found = found;
    return found;
  }
}
