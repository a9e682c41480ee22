import { readFileSync } from 'node:fs';
import * as amqp from 'amqplib';
import type { NodePlan, PlannedMessage } from './skeleton-plan';

/** Driver → node. */
export type NodeCommand = { kind: 'start'; rate: number } | { kind: 'stop' };
/** Node → driver. */
export type NodeReport =
  { kind: 'ready' } | { kind: 'stopped'; published: number; unconfirmed: number; returned: number } | { kind: 'error'; message: string };

/**
 * One process of the skeleton lifecycle (`node skeleton-node.js <plan.json>`): raw amqplib that does nothing but what
 * the plan says: consume its queue with manual ack and the real consumer's prefetch, and for each message that arrives
 * publish the messages it triggers (persistent, mandatory, on a confirm channel, as the bus's outbox does); the
 * one-stop node also publishes the roots (the receptions) when told to start. Deliveries are acked once per turn of
 * the event loop with one multiple-ack, as the bus's transport acks a batch.
 */
async function main(): Promise<void> {
  const plan = JSON.parse(readFileSync(process.argv[2], 'utf8')) as NodePlan;
  const model = await amqp.connect(process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672');
  const consumer = await model.createChannel();
  const publisher = await model.createConfirmChannel();
  const largest = Math.max(1, ...plan.roots.map((m) => m.size), ...Object.values(plan.next).flatMap((list) => list.map((m) => m.size)));
  const body = Buffer.alloc(largest, 0x20);
  let unconfirmed = 0;
  let published = 0;
  let returned = 0;
  publisher.on('return', () => returned++);
  const send = (m: PlannedMessage): boolean => {
    unconfirmed++;
    return publisher.publish(
      m.exchange,
      m.routingKey,
      body.subarray(0, m.size),
      { ...m.properties, persistent: true, mandatory: true },
      (error) => {
        unconfirmed--;
        if (!error) published++;
      },
    );
  };
  await consumer.prefetch(plan.prefetch);
  let last: amqp.ConsumeMessage | undefined;
  let ackQueued = false;
  let closing = false;
  const ackAll = (): void => {
    ackQueued = false;
    // Once the connection is closing, an ack would throw (IllegalOperationError) from this timer: the broker requeues instead.
    if (last && !closing) consumer.ack(last, true);
    last = undefined;
  };
  await consumer.consume(
    plan.queue,
    (msg) => {
      if (!msg) return;
      for (const m of plan.next[String(msg.properties.messageId)] ?? []) send(m);
      last = msg;
      if (!ackQueued) {
        ackQueued = true;
        setImmediate(ackAll);
      }
    },
    { noAck: false },
  );
  process.on('message', (command: NodeCommand) => {
    if (command.kind === 'start') {
      void publishRoots(plan.roots, command.rate, send, publisher).catch(
        (error: unknown) => void report({ kind: 'error', message: String(error) }),
      );
    } else {
      void (async () => {
        await publisher.waitForConfirms().catch(() => undefined);
        await report({ kind: 'stopped', published, unconfirmed, returned });
        closing = true;
        await model.close().catch(() => undefined);
        process.exit(0);
      })();
    }
  });
  await report({ kind: 'ready' });
}

/** The receptions, at `rate` per second (0: all at once, as fast as the socket takes them). */
async function publishRoots(
  roots: readonly PlannedMessage[],
  rate: number,
  send: (m: PlannedMessage) => boolean,
  channel: amqp.ConfirmChannel,
): Promise<void> {
  const start = Date.now();
  for (const [i, m] of roots.entries()) {
    if (rate > 0) {
      const wait = start + (i * 1000) / rate - Date.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    if (!send(m)) await new Promise((resolve) => channel.once('drain', resolve));
  }
}

function report(message: NodeReport): Promise<void> {
  return new Promise((resolve) => (process.send ? process.send(message, undefined, {}, () => resolve()) : resolve()));
}

main().catch(async (error: unknown) => {
  await report({ kind: 'error', message: String((error as Error)?.stack ?? error) });
  process.exit(1);
});
