import { randomUUID } from 'node:crypto';
import type { ConsumeMessage } from 'amqplib';
import { sampleDossierReceived } from '@lienthong/contracts/testing/samples';
import { ConsumePipeline, type DeadLetterStore, MESSAGING_MIGRATIONS, OutboxWriter } from '@lienthong/messaging';
import { newMessageId } from '@lienthong/messaging/message-id';
import { createDatabase } from '@lienthong/persistence';
import { dropTestSchema, testDatabaseUrls } from '@lienthong/persistence/testing';
import { trivialWork } from './trivial-work';

/**
 * `node dist/bench/bus/pipeline-cpu.js`: the consume pipeline alone, in one process, without a broker: decode,
 * validate, inbox claim, the bench handler and the commit, in batches, on the bench body. Prints CPU µs per message.
 * Apart from the transport's receiving and settling, this is what the lienthong consumer of `bench:bus` adds to raw.
 * Options: --n 30000 --batch 60 --store sqlite|postgres --ids random|ordered (ordered: time-ordered like the bus's own).
 */
const args = parseArgs(process.argv.slice(2));
const N = Number(args.n ?? 30_000);
const BATCH = Number(args.batch ?? 60);
const STORE = args.store ?? 'sqlite';
const ORDERED = args.ids === 'ordered';

function delivery(i: number): ConsumeMessage {
  const body = { ...sampleDossierReceived(), dossierCode: `000.00.12.H36-261128-${String(i).padStart(6, '0')}` };
  // The bus's own time-ordered ids (UUID version 7): the inbox B-tree grows at its end.
  const messageId = ORDERED ? newMessageId() : randomUUID();
  return {
    content: Buffer.from(JSON.stringify(body)),
    fields: { deliveryTag: i, redelivered: false, exchange: '', routingKey: 'lienthong.bench', consumerTag: 'bench' },
    properties: {
      messageId,
      type: 'onestop.dossier.received',
      contentType: 'application/json',
      appId: 'onestop',
      headers: { 'x-schema-version': 1 },
    },
  } as unknown as ConsumeMessage;
}

async function main(): Promise<void> {
  const url = testDatabaseUrls()
    .find((t) => t.name === STORE)!
    .url();
  const db = createDatabase(url);
  try {
    await db.migrate(MESSAGING_MIGRATIONS);
    const handler = (body: Record<string, unknown>): void => trivialWork(body);
    // Every bench message is valid and its handler does not throw: the dead-letter store is never reached.
    const pipeline = new ConsumePipeline(
      db,
      new OutboxWriter('bench'),
      undefined as unknown as DeadLetterStore,
      new Map([['onestop.dossier.received', handler]]),
      {
        queue: 'lienthong.bench',
        maxMessageBytes: 1024 * 1024,
        retryLevels: 3,
      },
    );
    const warmUp = Array.from({ length: 3_000 }, (_, i) => delivery(N + i));
    const deliveries = Array.from({ length: N }, (_, i) => delivery(i));
    for (let i = 0; i < warmUp.length; i += BATCH) await pipeline.run(warmUp.slice(i, i + BATCH));
    const start = process.cpuUsage();
    for (let i = 0; i < N; i += BATCH) {
      const settlements = await pipeline.run(deliveries.slice(i, i + BATCH));
      if (settlements.some((s) => s.action !== 'ack' || s.outcome !== 'handled'))
        throw new Error(`not handled: ${JSON.stringify(settlements[0])}`);
    }
    const cpu = process.cpuUsage(start);
    console.log(
      `pipeline-cpu  ${STORE}, ${ORDERED ? 'ordered' : 'random'} ids, N=${N}, batches of ${BATCH}: ${((cpu.user + cpu.system) / N).toFixed(1)} µs CPU per message`,
    );
  } finally {
    await db.close();
    await dropTestSchema(url);
  }
}

function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) if (argv[i].startsWith('--')) out[argv[i].slice(2)] = argv[i + 1];
  return out;
}

main().catch((error) => {
  console.error(`pipeline-cpu failed: ${(error as Error).message}`);
  process.exit(1);
});
