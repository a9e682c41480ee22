import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import * as amqp from 'amqplib';
import { describeError } from '../errors';

export interface ConnectionOptions {
  readonly urls: readonly string[];
  /** Name shown in RabbitMQ's connection list (`connection_name` client property). */
  readonly name: string;
  readonly reconnectDelayMs: number;
  readonly reconnectMaxDelayMs: number;
}

/**
 * One AMQP connection that heals itself: when the broker closes it (restart, `rabbitmqctl close_connection`,
 * network loss) it reconnects with capped exponential backoff over the configured URLs and emits `connected`
 * again, so that consumers and publishers re-attach. `closed` is true only after `close()`.
 */
export class AmqpConnection extends EventEmitter {
  private readonly logger: Logger;
  private model: amqp.ChannelModel | undefined;
  private connecting: Promise<amqp.ChannelModel> | undefined;
  private closing = false;
  private urlIndex = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: ConnectionOptions) {
    super();
    this.logger = new Logger(`AMQP ${options.name}`);
  }

  get isConnected(): boolean {
    return this.model !== undefined;
  }

  get closed(): boolean {
    return this.closing;
  }

  /** Connects once (first start): rejects with a clear error when no broker is reachable. */
  async connect(): Promise<amqp.ChannelModel> {
    if (this.model) return this.model;
    this.connecting ??= this.open().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  /** The live connection, or an error when it is down (callers retry after `connected`). */
  current(): amqp.ChannelModel {
    if (!this.model) throw new Error('AMQP connection is down');
    return this.model;
  }

  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.reconnectTimer);
    const model = this.model;
    this.model = undefined;
    if (model) await model.close().catch(() => undefined);
  }

  private async open(): Promise<amqp.ChannelModel> {
    const errors: string[] = [];
    for (let i = 0; i < this.options.urls.length; i++) {
      const url = this.options.urls[(this.urlIndex + i) % this.options.urls.length];
      try {
        const model = await amqp.connect(url, { clientProperties: { connection_name: this.options.name } });
        this.urlIndex = (this.urlIndex + i) % this.options.urls.length;
        this.attach(model);
        this.logger.log(`connected to ${redact(url)}`);
        this.emit('connected', model);
        return model;
      } catch (error) {
        errors.push(`${redact(url)}: ${describeError(error)}`);
      }
    }
    throw new Error(`cannot reach RabbitMQ (${errors.join('; ')})`);
  }

  private attach(model: amqp.ChannelModel): void {
    this.model = model;
    // 'error' is always followed by 'close'; listening to it keeps Node from throwing.
    model.on('error', (error: Error) => this.logger.warn(`connection error: ${error.message}`));
    model.on('blocked', (reason: string) => this.logger.warn(`broker blocked publishing: ${reason}`));
    model.on('close', () => {
      if (this.model !== model) return;
      this.model = undefined;
      this.emit('disconnected');
      if (!this.closing) {
        this.logger.warn('connection lost; reconnecting');
        this.scheduleReconnect(this.options.reconnectDelayMs);
      }
    });
  }

  private scheduleReconnect(delayMs: number): void {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      if (this.closing) return;
      this.connect().catch((error) => {
        this.logger.warn(`${describeError(error)}; next attempt in ${Math.round(delayMs / 100) / 10}s`);
        this.scheduleReconnect(Math.min(delayMs * 2, this.options.reconnectMaxDelayMs));
      });
    }, delayMs);
  }
}

/** Hides the password of an AMQP URL for logs. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
