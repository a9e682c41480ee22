import { randomUUID } from 'node:crypto';
import { TEST_AMQP_URL } from '../testing/test-broker';
import { AmqpConnection } from './amqp.connection';
import { ConfirmPublisher } from './confirm.publisher';

/**
 * What an operator reads when the broker closes the publishing channel: its own reason (a refused permission, a missing
 * exchange), not amqplib's bare "channel closed"; and the next publish works on a fresh channel.
 */
describe('ConfirmPublisher on a channel the broker closes', () => {
  const connection = new AmqpConnection({
    urls: [TEST_AMQP_URL],
    name: 'confirm-publisher-test',
    reconnectDelayMs: 100,
    reconnectMaxDelayMs: 500,
  });
  const publisher = new ConfirmPublisher(connection);

  afterAll(async () => {
    await publisher.close();
    await connection.close();
  });

  it("rejects with the broker's reason, naming the exchange, then publishes again", async () => {
    const exchange = `lienthong.test-missing-${randomUUID()}`;
    const rejected = publisher.publish({
      exchange,
      routingKey: 'dms.package-sent',
      content: Buffer.from('{}'),
      properties: { messageId: randomUUID() },
    });
    await expect(rejected).rejects.toThrow(
      new RegExp(
        `^broker did not confirm dms\\.package-sent [0-9a-f-]+ on ${exchange.replace(/\./g, '\\.')}: Channel closed by server: 404 \\(NOT-FOUND\\) with message "NOT_FOUND - no exchange '${exchange.replace(/\./g, '\\.')}'`,
      ),
    );
    await expect(
      publisher.publish({
        exchange: 'amq.topic',
        routingKey: 'nothing.bound',
        content: Buffer.from('{}'),
        properties: { messageId: randomUUID() },
      }),
    ).rejects.toThrow('no queue is bound to "nothing.bound" on exchange "amq.topic"');
  });
});
