import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MessageBody } from '@lienthong/contracts';
import {
  type BusContext,
  BusServer,
  MESSAGING_MIGRATIONS,
  MessagingModule,
  OnMessage,
  messagingOptionsFromEnv,
} from '@lienthong/messaging';
import { PersistenceModule } from '@lienthong/persistence';
import { ConsumerMeter, SENT_AT_HEADER, report } from './bench.protocol';
import { trivialWork } from './trivial-work';

const n = Number(process.argv[2]);
let meter: ConsumerMeter;

@Injectable()
class BenchHandler {
  @OnMessage('onestop.dossier.received')
  handle(body: MessageBody<'onestop.dossier.received'>, ctx: BusContext): void {
    trivialWork(body as unknown as Record<string, unknown>);
    meter.record(Number(ctx.message.headers[SENT_AT_HEADER]));
  }
}

const databaseUrl = process.env.BENCH_DATABASE_URL ?? `sqlite:${join(mkdtempSync(join(tmpdir(), 'lienthong-bench-')), 'bench.db')}`;

@Module({
  imports: [
    PersistenceModule.forRoot({ url: databaseUrl, migrations: MESSAGING_MIGRATIONS }),
    MessagingModule.forRoot(messagingOptionsFromEnv('bench')),
  ],
  providers: [BenchHandler],
})
class BenchModule {}

/** This project's full pipeline: decode, validate, inbox dedupe, handler + outbox transaction, ack after commit. */
async function main(): Promise<void> {
  const app = await NestFactory.create(BenchModule, { logger: ['error', 'warn'] });
  meter = new ConsumerMeter(n, async (result) => {
    await report({ kind: 'done', result: { ...result, batches: app.get(BusServer).stats.batches } });
    await app.close();
    process.exit(0);
  });
  app.connectMicroservice({ strategy: app.get(BusServer) });
  await app.startAllMicroservices();
  await app.init();
  meter.resetCpu();
  await report({ kind: 'ready' });
}

main().catch(async (error) => {
  await report({ kind: 'error', message: String(error) });
  process.exit(1);
});
