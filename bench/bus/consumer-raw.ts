import * as amqp from 'amqplib';
import { BENCH_QUEUE, ConsumerMeter, SENT_AT_HEADER, report } from './bench.protocol';
import { trivialWork } from './trivial-work';

/** Baseline: plain amqplib, durable queue, manual ack, bounded prefetch, JSON.parse and the trivial work. */
async function main(): Promise<void> {
  const n = Number(process.argv[2]);
  const model = await amqp.connect(process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672');
  const channel = await model.createChannel();
  await channel.prefetch(200);
  await channel.assertQueue(BENCH_QUEUE.raw, { durable: true });
  const meter = new ConsumerMeter(n, async (result) => {
    await report({ kind: 'done', result });
    await model.close();
    process.exit(0);
  });
  await channel.consume(
    BENCH_QUEUE.raw,
    (msg) => {
      if (!msg) return;
      const body = JSON.parse(msg.content.toString('utf8')) as Record<string, unknown>;
      trivialWork(body);
      channel.ack(msg);
      meter.record(Number(msg.properties.headers?.[SENT_AT_HEADER]));
    },
    { noAck: false },
  );
  meter.resetCpu();
  await report({ kind: 'ready' });
}

main().catch(async (error) => {
  await report({ kind: 'error', message: String(error) });
  process.exit(1);
});
