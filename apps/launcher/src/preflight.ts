import { connect } from 'node:net';

/** Checks that something listens at the first AMQP URL, so start-up can fail with one clear message. */
export function brokerReachable(amqpUrl: string, timeoutMs = 3000): Promise<boolean> {
  const url = new URL(amqpUrl.split(',')[0].trim());
  const port = Number(url.port || (url.protocol === 'amqps:' ? 5671 : 5672));
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
