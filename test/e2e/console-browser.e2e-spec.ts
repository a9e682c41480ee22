import type { Browser, Page } from 'playwright-core';
import { sampleDossierReceived } from '@lienthong/contracts';
import { eventually } from '@lienthong/messaging/testing/test-broker';
import { expectViewerCannotReplay, launchChromium, logIn as logInAs, shot } from './support/browser';
import {
  type RunningConsole,
  type RunningService,
  type TestUser,
  consoleQueues,
  deleteQueues,
  sendToQueue,
  startBusService,
  startConsole,
  tempDatabaseUrl,
} from '../../apps/console/src/testing/console.harness';
import { ORCHESTRATOR_MIGRATIONS } from '../../apps/orchestrator/src/orchestrator.migrations';

const SERVICE = 'console-e2e-svc';
const QUEUE = `lienthong.${SERVICE}`;
const DOSSIER = '000.00.12.H36-261128-0042';
/** Never declared: the one-stop system shows as down (nobody consumes its queue). */
const ONESTOP_QUEUE = `onestop.inbox.console-e2e-${process.pid}`;

/**
 * The console in real headless Chromium against a running console and a real bus service that heartbeats:
 * log in, see the service healthy, fix and replay a dead letter and find it in the audit trail, trace a dossier,
 * a viewer cannot replay, stop the service and see it go red. Saves screenshots of the main pages.
 */
describe('console: in the browser', () => {
  const databaseUrl = tempDatabaseUrl();
  let consoleApp: RunningConsole;
  let service: RunningService;
  let browser: Browser;

  beforeAll(async () => {
    consoleApp = await startConsole(databaseUrl, { expectedServices: ['console', SERVICE], onestopQueue: ONESTOP_QUEUE });
    service = await startBusService(SERVICE, databaseUrl);
    await seedDossiers(consoleApp);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await service?.close().catch(() => undefined);
    await consoleApp?.close();
    await deleteQueues([...(service?.queues ?? []), ...consoleQueues()]);
  });

  const logIn = (user: TestUser): Promise<Page> => logInAs(browser, consoleApp.baseUrl, user);

  it('logs in and shows the services healthy', async () => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
    await page.goto(consoleApp.baseUrl);
    await page.waitForSelector('form[data-test=login]');
    await shot(page, 'login');
    await page.close();

    const operator = await logIn('operator');
    await operator.waitForSelector(`tr[data-service="${SERVICE}"][data-state="up"]`);
    await operator.waitForSelector('tr[data-service="console"][data-state="up"]');
    expect(await operator.textContent('[data-test=broker]')).toContain('Đã kết nối');
    await shot(operator, 'health');
    await operator.close();
  });

  it('fixes and replays a dead letter, then shows the action in the audit trail', async () => {
    const good = sampleDossierReceived({ dossierCode: DOSSIER });
    const messageId = await sendToQueue(
      QUEUE,
      'onestop.dossier.received',
      { ...good, receivedAt: '15/04/2026 08:30' },
      { correlationId: DOSSIER },
    );
    await sendToQueue(
      QUEUE,
      'onestop.dossier.received',
      { dossierCode: '000.00.15.H36-261128-0007' },
      { correlationId: '000.00.15.H36-261128-0007' },
    );
    await eventually(
      'two dead letters',
      async () =>
        Number((await consoleApp.db.query<{ n: number }>("SELECT COUNT(*) AS n FROM dead_letters WHERE status = 'open'"))[0].n) === 2,
    );

    const page = await logIn('operator');
    await page.click('a[data-nav=deadLetters]');
    await page.waitForSelector('table[data-test=dead-letters] tr[data-status=open]');
    await shot(page, 'dead-letters');
    const row = page.locator('table[data-test=dead-letters] tr', { hasText: DOSSIER });
    await row.locator('a[href^="#/dead-letters/"]').click();
    const body = page.locator('textarea[data-test=body]');
    await body.waitFor();
    expect(await page.textContent('ul[data-test=reasons]')).toContain('receivedAt');
    await body.fill((await body.inputValue()).replace('15/04/2026 08:30', '2026-04-15T08:30:00+07:00'));
    await page.click('button[data-test=check]');
    await page.waitForSelector('.notice-ok');
    await shot(page, 'dead-letter-fixed');
    await page.click('button[data-test=replay]');
    await page.waitForSelector('[data-test=status]:has-text("Đã gửi lại")');
    await eventually(
      'the replayed message handled by the service',
      async () => (await consoleApp.db.query('SELECT 1 FROM test_effects WHERE message_id = $1', [messageId])).length === 1,
    );

    await page.click('a[data-nav=audit]');
    const entry = page.locator('table[data-test=audit] tr[data-action="dead-letter.edit-and-replay"][data-actor=operator]');
    await entry.waitFor();
    await entry.click(); // shows the body before and after
    expect(await page.textContent('table[data-test=audit]')).toContain('2026-04-15T08:30:00+07:00');
    await shot(page, 'audit');
    await page.close();
  });

  it("finds a dossier's timeline", async () => {
    const page = await logIn('viewer');
    await page.click('a[data-nav=trace]');
    await page.fill('input[data-test=code]', DOSSIER);
    await page.press('input[data-test=code]', 'Enter');
    await page.waitForSelector('table[data-test=timeline] tr[data-source=orchestrator]');
    expect(await page.textContent('[data-test=stage]')).toBe('SENT_FOR_SIGNING');
    expect(await page.locator('table[data-test=timeline] tr[data-source=orchestrator]').count()).toBe(3);
    expect(await page.locator('table[data-test=timeline] tr[data-source=dead-letter]').count()).toBe(1);
    await shot(page, 'trace');
    await page.close();
  });

  it('keeps the page the user went to when the page before it answers later', async () => {
    const page = await logIn('viewer');
    await page.waitForSelector(`tr[data-service="${SERVICE}"]`);
    // The health page's figures answer late (a busy console): meanwhile the user goes to the trace page and types.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/overview', async (route) => {
      await held;
      await route.continue();
    });
    await page.click('a[data-nav=trace]');
    await page.waitForSelector('input[data-test=code]');
    await page.click('a[data-nav=health]');
    await page.click('a[data-nav=trace]');
    await page.fill('input[data-test=code]', DOSSIER);
    const answered = page.waitForResponse('**/api/overview');
    release();
    await answered;
    await page.waitForTimeout(500); // the late health page would have replaced the trace page by now
    expect(await page.inputValue('input[data-test=code]')).toBe(DOSSIER);
    expect(await page.locator('a[data-nav=trace].active').count()).toBe(1);
    await page.press('input[data-test=code]', 'Enter');
    await page.waitForSelector('table[data-test=timeline] tr[data-source=orchestrator]');
    await page.close();
  });

  it('does not let a viewer replay', async () => {
    const page = await logIn('viewer');
    const [open] = await consoleApp.db.query<{ id: number }>("SELECT id FROM dead_letters WHERE status = 'open'");
    await page.goto(`${consoleApp.baseUrl}/#/dead-letters/${open.id}`);
    await page.waitForSelector('[data-test=read-only]');
    await expectViewerCannotReplay(page, open.id);
    await page.close();
  });

  it('shows queues, deadlines and archive batches, and switches to English', async () => {
    const page = await logIn('viewer');
    await page.click('a[data-nav=queues]');
    await page.waitForSelector(`table[data-test=queue-services] tr[data-service="${SERVICE}"]`);
    await shot(page, 'queues');
    await page.click('a[data-nav=deadlines]');
    await page.waitForSelector('table[data-test=deadlines] tr[data-agency="000.00.12.H36"]');
    await page.click('tr[data-agency="000.00.12.H36"] td[data-test=overdue] a');
    await page.waitForSelector('table[data-test=deadline-dossiers] tbody tr');
    await shot(page, 'deadlines');
    // A batch whose postal order the operator refused: stalled, with the dead letter it waits on.
    const stalled = 'SKHDT-261128-163005-7K3QF9';
    await consoleApp.db.run(
      `INSERT INTO archive_batches (batch_id, agency_code, state, dossier_count, created_at, updated_at) VALUES ($1, '000.00.20.H36', 'dispatching', 7, $2, $2)`,
      [stalled, Date.now()],
    );
    await consoleApp.db.run(
      `INSERT INTO dead_letters (message_id, queue, routing_key, correlation_id, body, body_encoding, properties, error_code, reasons, attempts, first_failed_at, last_failed_at, status)
       VALUES ('seed-stalled', 'lienthong.postal-adapter', 'postal.order-requested', $1, '{}', 'utf8', '{}', 'POSTAL.VALIDATION', $2, 1, $3, $3, 'open')`,
      [
        stalled,
        JSON.stringify([{ field: 'receiver.line', problem: 'địa chỉ nằm ngoài vùng phục vụ của bưu cục (postal operator)' }]),
        Date.now(),
      ],
    );
    await page.click('a[data-nav=archive]');
    await page.waitForSelector('table[data-test=archive] tbody tr');
    expect(await page.textContent(`tr[data-stalled="${stalled}"] td[data-test=stalled]`)).toContain('POSTAL.VALIDATION');
    await shot(page, 'archive');
    await page.click('button[data-test=lang]');
    await page.waitForSelector('a[data-nav=health]:has-text("Health")');
    await page.click('a[data-nav=health]');
    await page.waitForSelector(`tr[data-service="${SERVICE}"] .badge:has-text("Up")`);
    // The two rejected deliveries, charted per hop from the service's heartbeats; the one-stop next to the outside systems.
    await page.waitForSelector(`table[data-test=hops] tr[data-hop="onestop.dossier.received → ${SERVICE}"]`);
    expect(await page.textContent('tr[data-system=onestop] [data-test=circuit]')).toContain('Not applicable');
    expect(await page.getAttribute('tr[data-system=onestop]', 'data-state')).toBe('down');
    await shot(page, 'health-en');
    await page.close();
  });

  it('turns a stopped service red', async () => {
    const page = await logIn('viewer');
    await page.waitForSelector(`tr[data-service="${SERVICE}"][data-state="up"]`);
    const stoppedAt = Date.now();
    await service.close();
    await page.waitForSelector(`tr[data-service="${SERVICE}"][data-state="down"]`, { timeout: 15_000 });
    expect(Date.now() - stoppedAt).toBeLessThan(consoleApp.config.heartbeatTimeoutMs + 5_000);
    await shot(page, 'health-service-down');
    await page.close();
  });
});

/** Dossiers as the orchestrator keeps them, in the shared database: one with a timeline, some overdue or at risk, an archive batch. */
async function seedDossiers(app: RunningConsole): Promise<void> {
  await app.db.migrate(ORCHESTRATOR_MIGRATIONS);
  const now = Date.now();
  const hour = 3_600_000;
  const rows: [string, string, string, number][] = [
    [DOSSIER, '000.00.12.H36', 'SENT_FOR_SIGNING', now - 5 * hour],
    ['000.00.12.H36-261127-0013', '000.00.12.H36', 'AWAITING_APPROVAL', now - 30 * hour],
    ['000.00.12.H36-261127-0020', '000.00.12.H36', 'RECEIVED', now + 20 * hour],
    ['000.00.15.H36-261126-0003', '000.00.15.H36', 'READY_FOR_ISSUE', now + 6 * hour],
    ['000.00.19.H36-261120-0001', '000.00.19.H36', 'ISSUED', now - 50 * hour],
    ['000.00.19.H36-261125-0002', '000.00.19.H36', 'RECEIVED', now + 10 * 24 * hour],
  ];
  for (const [code, agency, stage, due] of rows) {
    await app.db.run(
      `INSERT INTO dossiers (dossier_code, agency_code, procedure_code, stage, previous_stage, return_method, received_at, due_at, due_at_ms, data, version, created_at, updated_at)
       VALUES ($1, $2, '1.009794', $3, NULL, 'center', '2026-11-20T08:30:00+07:00', $4, $5, '{}', 1, $6, $6)`,
      [code, agency, stage, new Date(due).toISOString(), due, now - 48 * hour],
    );
  }
  const events: [string, string | null, string, number, string][] = [
    ['onestop.dossier.received', null, 'RECEIVED', now - 26 * hour, 'Hoàng Văn Đức — Tiếp nhận hồ sơ'],
    ['onestop.dossier.appraised', 'RECEIVED', 'AWAITING_APPROVAL', now - 8 * hour, 'Thẩm định: đủ điều kiện'],
    ['dms.send-requested', 'AWAITING_APPROVAL', 'SENT_FOR_SIGNING', now - 7 * hour, 'Gửi iOffice Sở Xây dựng để ký số'],
  ];
  for (const [type, from, to, at, note] of events) {
    await app.db.run(
      'INSERT INTO dossier_events (dossier_code, message_id, message_type, from_stage, to_stage, note, at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [DOSSIER, `seed-${at}`, type, from, to, note, at],
    );
  }
  await app.db.run(
    `INSERT INTO archive_batches (batch_id, agency_code, state, dossier_count, created_at, updated_at)
     VALUES ('LT-SXD-20261127-01', '000.00.12.H36', 'dispatched', 50, $1, $1), ('LT-STP-20261128-01', '000.00.15.H36', 'open', 12, $2, $2)`,
    [now - 20 * hour, now - hour],
  );
}
