import type { ConsumeMessage } from 'amqplib';
import { EXCHANGE } from '@lienthong/contracts';
import { type DeliveryOutcome, HopLatency } from '@lienthong/messaging';
import { OnestopIntake } from './onestop.health';

const T0 = 1_800_000_000_000;
const MINUTE = 60_000;

describe('OnestopIntake', () => {
  const hops = new HopLatency();
  const settle = (type: string, outcome: DeliveryOutcome, at: number): void =>
    hops.settled(
      {
        content: Buffer.from('{}'),
        fields: { exchange: EXCHANGE, routingKey: type },
        properties: { headers: {} },
      } as unknown as ConsumeMessage,
      outcome,
      at,
      at,
    );
  const intake = new OnestopIntake(() => hops.entries(), T0);

  it('knows nothing before the first message', () => {
    expect(intake.snapshot(T0)).toEqual({
      via: 'broker',
      circuit: 'not-applicable',
      lastSuccessAt: null,
      lastFailureAt: null,
      recentMessages: 0,
      recentErrorRate: 0,
    });
  });

  it("reports the one-stop's last handled and last rejected message and the share rejected, ignoring the bus's own messages", () => {
    settle('onestop.dossier.received', 'handled', T0 + 1_000);
    settle('onestop.dossier.appraised', 'rejected', T0 + 2_000);
    settle('onestop.decision.issued', 'handled', T0 + 3_000);
    settle('onestop.dossier.withdrawn', 'dead-lettered', T0 + 3_500);
    settle('dms.package-sent', 'rejected', T0 + 4_000);
    expect(intake.snapshot(T0 + 5_000)).toEqual({
      via: 'broker',
      circuit: 'not-applicable',
      lastSuccessAt: new Date(T0 + 3_000).toISOString(),
      lastFailureAt: new Date(T0 + 2_000).toISOString(),
      recentMessages: 4,
      recentErrorRate: 0.25,
    });
  });

  it('forgets what is older than the window, but not the last success and failure', () => {
    // Read as the heartbeat does, every few seconds: the samples the window needs are taken then.
    for (let at = T0 + 10_000; at <= T0 + 6 * MINUTE; at += 10_000) intake.snapshot(at);
    settle('onestop.dossier.received', 'handled', T0 + 6 * MINUTE);
    expect(intake.snapshot(T0 + 6 * MINUTE + 1_000)).toMatchObject({
      recentMessages: 1,
      recentErrorRate: 0,
      lastFailureAt: new Date(T0 + 2_000).toISOString(),
    });
  });
});
