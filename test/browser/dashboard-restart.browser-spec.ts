import { Browser, Page } from 'playwright-core';
import {
  launchChromium,
  logInWithForm,
  newDashboardPage,
  numberOnScreen,
  PageProblems,
  screenshot,
  waitForView,
} from './support/chromium';
import { DashboardLedger, KEYS } from './support/dashboard-ledger';
import type { PageDocument, PageWindow } from './support/page-globals';

declare const window: PageWindow;
declare const document: PageDocument;

/**
 * Issue 14, "Live": the page follows the progress stream; when the ledger restarts, the browser
 * reconnects (same port, same files, same session key: the session cookie stays valid) and the
 * figures catch up, all without reloading the page.
 */
describe('Dashboard live updates across a restart of the ledger (issue 14)', () => {
  const ledger = new DashboardLedger();
  let browser: Browser;
  let page: Page;
  let problems: PageProblems;

  beforeAll(async () => {
    await ledger.start();
    browser = await launchChromium();
    ({ page, problems } = await newDashboardPage(browser));
    await logInWithForm(page, ledger.url, KEYS.ningduCounty);
  });

  afterAll(async () => {
    await browser?.close();
    await ledger.dispose();
  });

  const activeOnScreen = async () =>
    numberOnScreen(await page.locator('[data-kpi="active"] .kpi-value').textContent());
  const liveState = () => page.getAttribute('.live', 'data-state');

  it('reconnects after the ledger restarts and shows what was recorded since, without a reload', async () => {
    await page.goto(`${ledger.url}/dashboard/ganzhou-2024`);
    await waitForView(page);
    await page.waitForFunction(() => document.querySelector('.live')?.dataset.state === 'open');
    const before = await activeOnScreen();
    await page.evaluate(() => (window.__sameDocument = true));

    await ledger.stop();
    await page.waitForFunction(
      () => document.querySelector('.live')?.dataset.state === 'reconnecting',
    );
    expect(await liveState()).toBe('reconnecting');
    await screenshot(page, 'county-ganzhou-2024-ledger-stopped');

    await ledger.start();
    const batch = await ledger.enrollGanzhou('t04', 3);
    expect(batch.results.map((r) => r.status)).toEqual([201, 201, 201]);
    await page.waitForFunction(
      (expected) =>
        document.querySelector('[data-kpi="active"] .kpi-value')?.textContent === expected,
      String(before + 3),
      { timeout: 30_000 },
    );
    expect(await liveState()).toBe('open');
    expect(await page.evaluate(() => window.__sameDocument)).toBe(true);

    // And it keeps following: one more enrollment arrives as a live update.
    await ledger.enrollGanzhou('t04', 1);
    await page.waitForFunction(
      (expected) =>
        document.querySelector('[data-kpi="active"] .kpi-value')?.textContent === expected,
      String(before + 4),
      { timeout: 5000 },
    );
    await screenshot(page, 'county-ganzhou-2024-after-restart');
    expect(problems.errors).toEqual([]);
  });
});
