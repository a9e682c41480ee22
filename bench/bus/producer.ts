import * as amqp from 'amqplib';
import { randomUUID } from 'node:crypto';
import { sampleDossierReceived } from '@lienthong/contracts/testing/samples';
import { BENCH_QUEUE, SENT_AT_HEADER, type Scenario, nowMs, report } from './bench.protocol';

/**
 * Publishes N persistent messages with confirms to one scenario's queue (default exchange), as fast as the
 * broker confirms them (a window of unconfirmed messages) or paced at `rate` msgs/s.
 */
async function main(): Promise<void> {
  const [scenario, nRaw, rateRaw] = process.argv.slice(2) as [Scenario, string, string];
  const n = Number(nRaw);
  const rate = Number(rateRaw ?? 0);
  const model = await amqp.connect(process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672');
  const channel = await model.createConfirmChannel();
  const queue = BENCH_QUEUE[scenario];
  const base = sampleDossierReceived();
  const window = 500;
  let outstanding = 0;
  let release: (() => void) | undefined;
  const cpuStart = process.cpuUsage();
  const start = nowMs();
  for (let i = 0; i < n; i++) {
    if (rate > 0) {
      const due = start + (i * 1000) / rate;
      const wait = due - nowMs();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    }
    const body = { ...base, dossierCode: `000.00.12.H36-261128-${String(i).padStart(6, '0')}` };
    const content = Buffer.from(JSON.stringify(scenario === 'nest-rmq' ? { pattern: 'onestop.dossier.received', data: body } : body));
    outstanding++;
    const ok = channel.publish(
      '',
      queue,
      content,
      {
        messageId: randomUUID(),
        type: 'onestop.dossier.received',
        contentType: 'application/json',
        appId: 'onestop',
        persistent: true,
        headers: { 'x-schema-version': 1, [SENT_AT_HEADER]: nowMs() },
      },
      () => {
        outstanding--;
        if (release && outstanding < window) {
          const r = release;
          release = undefined;
          r();
        }
      },
    );
    if (!ok) await new Promise((r) => channel.once('drain', r));
    if (outstanding >= window) await new Promise<void>((r) => (release = r));
  }
  await channel.waitForConfirms();
  const cpu = process.cpuUsage(cpuStart);
  await report({ kind: 'done', result: { sent: n, elapsedMs: nowMs() - start, cpuMicros: cpu.user + cpu.system } });
  await model.close();
}

main().catch(async (error) => {
  await report({ kind: 'error', message: String(error) });
  process.exit(1);
});
