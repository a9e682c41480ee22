import * as amqp from 'amqplib';
import { EXCHANGE_TYPE } from '@lienthong/contracts';
import { OnestopSimError } from '../shared/simulator.error';

/** `amqp://user:***@host` for logs. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

/**
 * Connects to the first broker that answers among comma-separated URLs (a cluster). Fails with
 * `SIM_ONESTOP.AMQP_UNREACHABLE` naming every URL tried.
 */
export async function connectAmqp(urls: string, connectionName: string): Promise<amqp.ChannelModel> {
  const failures: string[] = [];
  for (const url of urls
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean)) {
    try {
      return await amqp.connect(url, { clientProperties: { connection_name: connectionName } });
    } catch (error) {
      failures.push(`${redactUrl(url)}: ${(error as Error).message}`);
    }
  }
  throw new OnestopSimError('SIM_ONESTOP.AMQP_UNREACHABLE', `no RabbitMQ answered (${failures.join('; ')}); start one or set AMQP_URL`);
}

/**
 * Makes sure the exchange exists. The bus declares it; an outside system needs no configure permission
 * when it is already there, so check passively first and declare (topic, durable, as the bus does) only
 * when it is missing, e.g. when the simulator starts before the bus.
 */
export async function ensureExchange(model: amqp.ChannelModel, exchange: string): Promise<void> {
  const probe = await model.createChannel();
  probe.on('error', () => undefined); // a failed passive check closes the channel with 404; handled below
  try {
    await probe.checkExchange(exchange);
    await probe.close();
    return;
  } catch {
    // the channel is closed by the broker; declare on a fresh one
  }
  const channel = await model.createChannel();
  try {
    await channel.assertExchange(exchange, EXCHANGE_TYPE, { durable: true });
  } finally {
    await channel.close().catch(() => undefined);
  }
}
