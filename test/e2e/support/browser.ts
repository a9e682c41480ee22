import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { TEST_USERS, type TestUser } from '../../../apps/console/src/testing/console.harness';

/**
 * Where the browser specs save their screenshots: `test-output/screenshots` (ignored by git), so that `npm test`
 * leaves the work tree as it found it. `npm run screenshots` sets `SCREENSHOTS_DIR=docs/screenshots` to refresh the
 * pictures the README and the console's README show.
 */
export const SCREENSHOTS = process.env.SCREENSHOTS_DIR
  ? resolve(process.env.SCREENSHOTS_DIR)
  : join(__dirname, '..', '..', '..', 'test-output', 'screenshots');

/** Debian's Chromium, headless (`CHROMIUM_PATH` overrides where it is). */
export function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A new page logged in to the console as one of the test users; fails on any script error during the login. */
export async function logIn(browser: Browser, baseUrl: string, user: TestUser): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(baseUrl);
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', TEST_USERS[user].password);
  await page.click('form[data-test=login] button[type=submit]');
  await page.waitForSelector('[data-test=who]');
  expect(errors).toEqual([]);
  return page;
}

/** Saves a full-page screenshot as `<SCREENSHOTS>/<name>.png`. */
export function shot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * On an open dead letter's page: a viewer gets it read-only (no replay button, the body not editable), and the API
 * refuses the replay with 403 even with the viewer's own session and CSRF token.
 */
export async function expectViewerCannotReplay(page: Page, deadLetterId: number): Promise<void> {
  expect(await page.locator('button[data-test=replay]').count()).toBe(0);
  expect(await page.locator('textarea[data-test=body]').getAttribute('readonly')).not.toBeNull();
  const status = await page.evaluate(async (id) => {
    const session = (await (await fetch('/api/session')).json()) as { csrfToken: string };
    const response = await fetch(`/api/dead-letters/${id}/replay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
      body: '{}',
    });
    return response.status;
  }, deadLetterId);
  expect(status).toBe(403);
}
