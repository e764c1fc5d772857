import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import type { PageDocument } from './page-globals';

declare const document: PageDocument;

/**
 * Debian's Chromium (installed by scripts/ensure-chromium.sh), driven by playwright-core: no
 * browser is ever downloaded. Playwright starts it with a fresh temporary profile
 * (--user-data-dir) per launch; the flags keep it off the network it cannot reach (background
 * requests are refused on closed networks and would only add noise) and off a GPU.
 */
export const CHROMIUM_PATH = process.env.LEDGER_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where the run saves a screenshot of each page (git-ignored; docs/dashboard.md). */
export const SCREENSHOT_DIR = join(__dirname, '..', 'screenshots');

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(
      `no Chromium at ${CHROMIUM_PATH}: run "bash scripts/ensure-chromium.sh" (installs Debian's chromium and fonts-noto-cjk)`,
    );
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** What went wrong in a page: script errors and Content-Security-Policy / Trusted Types refusals. */
export interface PageProblems {
  errors: string[];
}

export async function newDashboardPage(
  browser: Browser,
): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  const context = await browser.newContext({
    viewport: { width: 1400, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const problems: PageProblems = { errors: [] };
  page.on('pageerror', (e) => problems.errors.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    // Refusals the page expects (401 before log-in, 404 of an unknown plan) are logged by the
    // browser as failed loads; a policy refusal or a script error is a defect.
    if (/Content Security Policy|Trusted ?Type|TrustedHTML|Refused to/i.test(m.text()))
      problems.errors.push(`console: ${m.text()}`);
  });
  return { context, page, problems };
}

export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage });
}

/** Logs in through the log-in page, as an official would: the key goes in, a cookie comes back. */
export async function logInWithForm(page: Page, baseUrl: string, key: string): Promise<void> {
  await page.goto(`${baseUrl}/dashboard/login`);
  await page.fill('#credential', key);
  await Promise.all([
    page.waitForURL((url) => url.pathname === '/dashboard'),
    page.click('form.login-form button[type=submit]'),
  ]);
  // The plan list is drawn in one step, cards and all, once the plans have been read.
  await page.waitForSelector('ul.plan-list', { state: 'attached' });
}

/** Waits until the page's current view has drawn its figures. */
export async function waitForView(page: Page): Promise<void> {
  await page.waitForSelector('.view [data-kpi], .view .data-table tbody tr, .notice-panel', {
    state: 'attached',
  });
  await page.waitForFunction(() =>
    Array.from(document.querySelectorAll('.chart')).every(
      (c) => c.hidden || c.closest('[hidden]') || c.dataset.points,
    ),
  );
}

/** A number as the page prints it ("131,630", "15,000.00 元", "0.02%"). */
export function numberOnScreen(text: string | null): number {
  return Number((text ?? '').replace(/[,\s元%¥]/g, ''));
}

/** Basis points as the page prints them. */
export const bp = (value: number) => `${(value / 100).toFixed(2)}%`;

/** active ÷ target in basis points, half-up (as the ledger rounds its rates). */
export const completionBp = (active: number, target: number) =>
  Math.floor((active * 10_000 * 2 + target) / (2 * target));
