import type { Browser, Page } from 'playwright-core';
import { sampleDossierReceived } from '@lienthong/contracts';
import { vietnamTimestamp } from '@lienthong/messaging';
import { eventually } from '@lienthong/messaging/testing/test-broker';
import { expectViewerCannotReplay, launchChromium, logIn as logInAs, shot } from './support/browser';
import {
  type RunningConsole,
  type TestUser,
  consoleQueues,
  deleteQueues,
  startConsole,
} from '../../apps/console/src/testing/console.harness';
import { ServiceBoard } from '../../apps/console/src/heartbeats/service-board';
import { type WholeSystem, startWholeSystem } from './support/whole-system';

const BUS_SERVICES = ['orchestrator', 'ioffice-adapter', 'postal-adapter', 'console'];
const OUTSIDE_SYSTEMS = ['ioffice', 'onestop', 'postal'];
const ADDRESS = {
  recipient: 'Nông Thị Thu',
  phone: '0915123456',
  line: 'Số 12 đường Trần Phú',
  ward: 'Phường Tam Thanh',
  province: 'Lạng Sơn',
  provinceCode: '20',
};
/** Sở Xây dựng: approval online, so the dossier goes to iOffice for signing. */
const AGENCY = '000.00.12.H36';
/**
 * Where the submitted dossier waits once delivered by post: its archive batch (of 50) stays open, unless the
 * test runs past the department's daily cutoff, when the orchestrator's clock dispatches it anyway.
 */
const LATE_STAGES = ['AWAITING_HANDOVER', 'HANDOVER_DISPATCHED', 'HANDOVER_DELIVERED', 'ARCHIVED'];

/**
 * The console in real headless Chromium against the whole system: orchestrator, iOffice adapter and postal
 * adapter with the three simulators (whole-system.ts), and the console beside them on the same broker vhost
 * and the same database, as `npm start` runs them. Log in and see every service and outside system up; follow
 * a dossier the one-stop simulator submitted through its timeline; fix and replay a dead letter the orchestrator
 * made of a bad message from the one-stop system, and find it in the audit trail; a viewer cannot replay; stop
 * the postal adapter and see it go red. Saves `system-*.png` screenshots (see `SCREENSHOTS` in `support/browser.ts`).
 */
describe('console: in the browser, against the whole system', () => {
  let system: WholeSystem;
  let consoleApp: RunningConsole;
  let browser: Browser;
  /** The dossier the one-stop simulator submits at the start (by post, approved). */
  let dossierCode: string;
  const day = vietnamTimestamp(new Date()).slice(2, 10).replace(/-/g, '');
  /** Dossiers the one-stop system sends broken: the first is fixed in the browser, the second left for the viewer. */
  const FIXED = `${AGENCY}-${day}-9901`;
  const LEFT_OPEN = `${AGENCY}-${day}-9902`;

  beforeAll(async () => {
    // Before any service starts (each reads it once): beats well inside the console's timeout below.
    process.env.HEARTBEAT_INTERVAL_MS ??= '500';
    // Big batches: the dossier waits at AWAITING_HANDOVER after its postal delivery (see LATE_STAGES).
    system = await startWholeSystem({ maxBatch: 50, sharedDatabase: true });
    // The file every service shares: the console reads dossiers, SOAP packages, postal orders and dead letters from it.
    consoleApp = await startConsole(system.databaseUrls.orchestrator, {
      expectedServices: BUS_SERVICES,
      onestopQueue: system.onestop.queue,
      postalAdapterUrl: system.postalAdapterUrl,
      departmentsFile: system.departmentsFile,
      // Generous for a loaded machine: a clean stop turns a service red at once anyway (its last heartbeat says so).
      heartbeatTimeoutMs: 5_000,
    });
    // The console counts a hop's traffic from the second heartbeat of a service on: submit once it has heard them all.
    const board = consoleApp.app.get(ServiceBoard);
    await eventually('the console hears every bus service', () => board.services(Date.now()).every((s) => s.state === 'up'), 30_000, 100);
    ({ dossierCode } = await system.onestop.submit(
      { agencyCode: AGENCY, returnMethod: 'postal', deliveryAddress: ADDRESS },
      { outcome: 'approve' },
    ));
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await consoleApp?.close();
    await system?.close();
    await deleteQueues(consoleQueues());
  }, 60_000);

  const logIn = (user: TestUser): Promise<Page> => logInAs(browser, consoleApp.baseUrl, user);

  const stageOf = async (code: string): Promise<string | undefined> =>
    (await consoleApp.db.query<{ stage: string }>('SELECT stage FROM dossiers WHERE dossier_code = $1', [code]))[0]?.stage;
  /** Waits until the orchestrator keeps `code` at a stage `wanted` accepts; a timeout names the stage it was last at. */
  const reaches = async (code: string, what: string, wanted: (stage: string | undefined) => boolean, timeoutMs: number): Promise<void> => {
    let last: string | undefined;
    await eventually(`${code} ${what}`, async () => wanted((last = await stageOf(code))), timeoutMs, 200).catch((error: Error) => {
      throw new Error(`${error.message} (last stage: ${last ?? 'none'})`);
    });
  };
  const openDeadLetterOf = async (code: string): Promise<{ id: number } | undefined> =>
    (await consoleApp.db.query<{ id: number }>("SELECT id FROM dead_letters WHERE correlation_id = $1 AND status = 'open'", [code]))[0];

  it('shows every bus service and outside system up', async () => {
    const page = await logIn('operator');
    for (const service of BUS_SERVICES) await page.waitForSelector(`tr[data-service="${service}"][data-state="up"]`, { timeout: 20_000 });
    for (const name of OUTSIDE_SYSTEMS) await page.waitForSelector(`tr[data-system="${name}"][data-state="up"]`, { timeout: 20_000 });
    expect(await page.textContent('[data-test=services-up]')).toContain(`${BUS_SERVICES.length}/${BUS_SERVICES.length}`);
    expect(await page.textContent('[data-test=broker]')).toContain('Đã kết nối');
    // The submitted dossier's traffic, from the services' heartbeats: a message hop and a call to an outside system.
    await page.waitForSelector('table[data-test=hops] tr[data-hop="onestop.dossier.received → orchestrator"]', { timeout: 20_000 });
    await page.waitForSelector('table[data-test=hops] tr[data-kind=call]', { timeout: 20_000 });
    await shot(page, 'system-health');
    await page.close();
  });

  it("finds the dossier's timeline: bus messages, SOAP calls to iOffice and postal events", async () => {
    await reaches(dossierCode, 'delivered by post', (stage) => LATE_STAGES.includes(stage ?? ''), 90_000);
    const page = await logIn('viewer');
    await page.click('a[data-nav=trace]');
    await page.fill('input[data-test=code]', dossierCode);
    await page.press('input[data-test=code]', 'Enter');
    await page.waitForSelector('table[data-test=timeline] tr[data-source=postal]');
    expect(LATE_STAGES).toContain(await page.textContent('[data-test=stage]'));
    const timeline = page.locator('table[data-test=timeline]');
    const transitions = (await timeline.locator('tr[data-source=orchestrator]').allTextContents()).join('\n');
    for (const stage of ['RECEIVED', 'SENT_FOR_SIGNING', 'READY_FOR_ISSUE', 'DELIVERY_ORDERED', 'DELIVERED', 'AWAITING_HANDOVER'])
      expect(transitions).toContain(`→ ${stage}`);
    expect(await timeline.locator('tr[data-source=ioffice]', { hasText: 'SendPackage (sign)' }).count()).toBe(1);
    expect(await timeline.locator('tr[data-source=postal]', { hasText: 'order (result-delivery)' }).count()).toBe(1);
    expect(await timeline.locator('tr[data-source=postal]', { hasText: 'tracking' }).count()).toBeGreaterThan(0);
    expect(await timeline.locator('tr[data-source=dead-letter]').count()).toBe(0);
    await shot(page, 'system-trace');
    await page.close();
  });

  it('fixes a dead letter the orchestrator made of a bad message, replays it, and shows the audit entry', async () => {
    // The one-stop system sends two broken dossiers: a date in the wrong format, and a due date before reception.
    const receivedAt = vietnamTimestamp(new Date()).replace(/\.\d{3}/, '');
    const [date, time] = receivedAt.split('T');
    const badReceivedAt = `${date.split('-').reverse().join('/')} ${time.slice(0, 5)}`;
    const dueAt = vietnamTimestamp(new Date(Date.now() + 10 * 86_400_000)).replace(/\.\d{3}/, '');
    const results = await system.onestop.play([
      {
        type: 'onestop.dossier.received',
        body: sampleDossierReceived({ dossierCode: FIXED, agencyCode: AGENCY, receivedAt: badReceivedAt, dueAt }),
      },
      {
        type: 'onestop.dossier.received',
        body: sampleDossierReceived({ dossierCode: LEFT_OPEN, agencyCode: AGENCY, receivedAt, dueAt: '2020-01-01T08:00:00+07:00' }),
      },
    ]);
    expect(results.map((r) => r.routed)).toEqual([true, true]);
    await eventually(
      'two dead letters in the orchestrator',
      async () => (await openDeadLetterOf(FIXED)) !== undefined && (await openDeadLetterOf(LEFT_OPEN)) !== undefined,
    );

    const page = await logIn('operator');
    await page.click('a[data-nav=deadLetters]');
    const row = page.locator('table[data-test=dead-letters] tr[data-status=open]', { hasText: FIXED });
    await row.waitFor();
    expect(await row.textContent()).toContain('lienthong.orchestrator');
    await shot(page, 'system-dead-letters');
    await row.locator('a[href^="#/dead-letters/"]').click();
    const body = page.locator('textarea[data-test=body]');
    await body.waitFor();
    expect(await page.textContent('ul[data-test=reasons]')).toContain('receivedAt');
    const original = await body.inputValue();
    expect(original).toContain(badReceivedAt);

    // The edit form checks against the contract: still a wrong format is refused, naming the field.
    await body.fill(original.replace(badReceivedAt, receivedAt.slice(0, 16)));
    await page.click('button[data-test=check]');
    await page.waitForSelector('[data-test=message] .error');
    expect(await page.textContent('[data-test=message] .error')).toContain('receivedAt');
    await body.fill(original.replace(badReceivedAt, receivedAt));
    await page.click('button[data-test=check]');
    await page.waitForSelector('[data-test=message] .notice-ok');
    await body.evaluate((textarea) => (textarea.scrollTop = 0)); // the fixed field near the top, in the screenshot
    await shot(page, 'system-dead-letter-fixed');
    await page.click('button[data-test=replay]');
    await page.waitForSelector('[data-test=status]:has-text("Đã gửi lại")');

    // The orchestrator takes the fixed dossier in, and the one-stop system moves it on (it adopts what the bus announces).
    await reaches(FIXED, 'received and moved on', (stage) => stage !== undefined && stage !== 'RECEIVED', 30_000);
    expect(await openDeadLetterOf(FIXED)).toBeUndefined();
    await page.click('a[data-nav=deadLetters]');
    await page.waitForSelector(`table[data-test=dead-letters] tr[data-status=open]:has-text("${LEFT_OPEN}")`);
    expect(await page.locator('table[data-test=dead-letters] tr[data-status=open]', { hasText: FIXED }).count()).toBe(0);

    await page.click('a[data-nav=audit]');
    const entry = page.locator('table[data-test=audit] tr[data-action="dead-letter.edit-and-replay"][data-actor=operator]');
    await entry.waitFor();
    await entry.click(); // shows the body before and after
    const diff = page.locator('table[data-test=audit] tr.detail:not([hidden])');
    expect(await diff.locator('pre').first().textContent()).toContain(badReceivedAt);
    expect(await diff.locator('pre').nth(1).textContent()).toContain(receivedAt);
    await shot(page, 'system-audit');
    await page.close();
  });

  it('shows a viewer the dead letter but does not let them replay it', async () => {
    const letter = await openDeadLetterOf(LEFT_OPEN);
    expect(letter).toBeDefined();
    const page = await logIn('viewer');
    await page.click('a[data-nav=deadLetters]');
    const row = page.locator('table[data-test=dead-letters] tr[data-status=open]', { hasText: LEFT_OPEN });
    await row.locator('a[href^="#/dead-letters/"]').click();
    await page.waitForSelector('[data-test=read-only]');
    expect(await page.textContent('ul[data-test=reasons]')).toContain('dueAt');
    await expectViewerCannotReplay(page, letter!.id);
    expect(await openDeadLetterOf(LEFT_OPEN)).toEqual(letter);
    await page.close();
  });

  it('turns the postal adapter red within seconds of stopping it', async () => {
    const page = await logIn('viewer');
    await page.waitForSelector('tr[data-service="postal-adapter"][data-state="up"]');
    const stoppedAt = Date.now();
    await system.stopService('postal-adapter');
    await page.waitForSelector('tr[data-service="postal-adapter"][data-state="down"]', { timeout: 20_000 });
    expect(Date.now() - stoppedAt).toBeLessThan(consoleApp.config.heartbeatTimeoutMs + 10_000);
    expect(await page.textContent('[data-test=services-up]')).toContain(`${BUS_SERVICES.length - 1}/${BUS_SERVICES.length}`);
    // Nobody alive reports the postal operator any more.
    expect(await page.getAttribute('tr[data-system=postal]', 'data-state')).toBe('unknown');
    for (const service of BUS_SERVICES.filter((s) => s !== 'postal-adapter'))
      expect(await page.getAttribute(`tr[data-service="${service}"]`, 'data-state')).toBe('up');
    await shot(page, 'system-service-down');
    await page.close();
  });
});
