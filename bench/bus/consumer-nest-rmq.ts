import { Controller, Module, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, type MicroserviceOptions, Payload, RmqContext, Transport } from '@nestjs/microservices';
import type { Channel, Message } from 'amqplib';
import { DossierReceivedMessage } from '@lienthong/contracts';
import { BENCH_QUEUE, ConsumerMeter, SENT_AT_HEADER, report } from './bench.protocol';
import { trivialWork } from './trivial-work';

const n = Number(process.argv[2]);
let meter: ConsumerMeter;

@Controller()
class BenchController {
  @EventPattern('onestop.dossier.received')
  handle(@Payload() body: DossierReceivedMessage, @Ctx() ctx: RmqContext): void {
    trivialWork(body as unknown as Record<string, unknown>);
    const message = ctx.getMessage() as Message;
    (ctx.getChannelRef() as Channel).ack(message);
    meter.record(Number(message.properties.headers?.[SENT_AT_HEADER]));
  }
}

@Module({ controllers: [BenchController] })
class BenchModule {}

/** Nest's built-in RMQ transport with ValidationPipe on the contract class, manual ack, same prefetch. */
async function main(): Promise<void> {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(BenchModule, {
    transport: Transport.RMQ,
    options: {
      urls: [process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672'],
      queue: BENCH_QUEUE['nest-rmq'],
      queueOptions: { durable: true },
      noAck: false,
      prefetchCount: 200,
    },
    logger: ['error'],
  });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  meter = new ConsumerMeter(n, async (result) => {
    await report({ kind: 'done', result });
    await app.close();
    process.exit(0);
  });
  await app.listen();
  meter.resetCpu();
  await report({ kind: 'ready' });
}

main().catch(async (error) => {
  await report({ kind: 'error', message: String(error) });
  process.exit(1);
});
