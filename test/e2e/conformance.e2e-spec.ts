import { randomUUID } from 'node:crypto';
import * as amqp from 'amqplib';
import { sampleDossierStatusChanged } from '@lienthong/contracts/testing/samples';
import { TEST_AMQP_URL, eventually } from '@lienthong/messaging/testing/test-broker';
import { ConformanceMonitor } from './support/conformance';

/**
 * The conformance monitor on the real broker: bound to `#` on lienthong.events, it checks what really travels
 * there, and `assertConforming()` fails naming the message that broke the contract (the whole-lifecycle test
 * relies on exactly this).
 */
describe('the conformance monitor on the contract exchange', () => {
  let monitor: ConformanceMonitor;
  let model: amqp.ChannelModel;
  let channel: amqp.ConfirmChannel;

  beforeAll(async () => {
    monitor = await ConformanceMonitor.start(TEST_AMQP_URL);
    model = await amqp.connect(TEST_AMQP_URL);
    channel = await model.createConfirmChannel();
  });

  afterAll(async () => {
    await model?.close().catch(() => undefined);
    await monitor?.close();
  });

  it('refuses to pass when it saw nothing, passes what conforms, and fails listing what does not', async () => {
    expect(() => monitor.assertConforming()).toThrow(/saw no message/);
    const body = sampleDossierStatusChanged();
    const good: amqp.Options.Publish = {
      messageId: randomUUID(),
      type: 'dossier.status-changed',
      correlationId: body.dossierCode,
      timestamp: Math.floor(Date.now() / 1000),
      contentType: 'application/json',
      appId: 'lienthong',
      persistent: true,
      headers: { 'x-schema-version': 1 },
    };
    channel.publish('lienthong.events', 'dossier.status-changed', Buffer.from(JSON.stringify(body)), good);
    await channel.waitForConfirms();
    await eventually('the good message checked', () => monitor.total === 1);
    expect(() => monitor.assertConforming()).not.toThrow();

    const brokenId = randomUUID();
    channel.publish('lienthong.events', 'dossier.status-changed', Buffer.from(JSON.stringify({ ...body, stage: 'NOWHERE' })), {
      ...good,
      messageId: brokenId,
      persistent: false,
    });
    channel.publish('lienthong.events', 'lienthong.heartbeat.orchestrator', Buffer.from('{}'), { persistent: false });
    await channel.waitForConfirms();
    await eventually('both broken messages checked', () => monitor.total === 3);
    expect(() => monitor.assertConforming()).toThrow(
      new RegExp(
        `2 of 3 messages on lienthong.events do not conform[^]*dossier.status-changed \\(message_id ${brokenId}[^]*delivery_mode[^]*body.stage[^]*lienthong.heartbeat.orchestrator \\(message_id none`,
      ),
    );
  });
});
