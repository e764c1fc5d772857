import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import {
  bp,
  completionBp,
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
 * Issue 14, "Must show", on a real headless Chromium: the county page shows the ledger's figures
 * for the bundled plans, with its trend chart and ranking; enrollments posted meanwhile appear
 * without a reload; a township official sees only their township; malicious names stay text;
 * Yuyao shows task completion per township and 片区, Ganzhou rate and target, Qingliu both
 * levels. Every page is saved as a screenshot under test/browser/screenshots/.
 */

interface Target {
  target: number;
  gap: number;
}
interface Row {
  id: string;
  name: { zh: string; en: string };
  active: number;
  rateBp?: number;
  baseParticipants?: number;
  premiumCollectedFen: number;
  targets: Record<string, Target>;
  bySource: Record<string, number>;
  byCategory: Record<string, number>;
  perDay: Record<string, { enrolled: number; ended: number }>;
}
interface Progress {
  county: Row;
  districts: Row[];
  townships: Row[];
}

describe('Dashboard in a real browser (issue 14)', () => {
  const ledger = new DashboardLedger();
  let browser: Browser;
  /** One page per identity, reused across the tests. */
  const sessions: { context: BrowserContext; page: Page; problems: PageProblems }[] = [];
  let county: Page;
  let operator: Page;

  const open = async (page: Page, path: string) => {
    await page.goto(ledger.url + path);
    await waitForView(page);
  };
  const text = (page: Page, selector: string) => page.locator(selector).first().textContent();
  const kpi = (page: Page, id: string) => text(page, `[data-kpi="${id}"] .kpi-value`);
  const cell = (page: Page, rowSelector: string, col: string) =>
    text(page, `${rowSelector} td[data-col="${col}"]`);
  const count = (n: number) => n.toLocaleString('en-US');
  const progress = (planId: string, query = '') =>
    ledger.api<Progress>(KEYS.operator, `/plans/${planId}/progress${query}`);

  beforeAll(async () => {
    await ledger.start();
    browser = await launchChromium();
    for (let i = 0; i < 2; i++) sessions.push(await newDashboardPage(browser));
    county = sessions[0].page;
    operator = sessions[1].page;
  });

  afterAll(async () => {
    await browser?.close();
    await ledger.dispose();
  });

  afterEach(() => {
    // No script error and no Content-Security-Policy or Trusted Types refusal on any page.
    const problems = sessions.flatMap((s) => s.problems.errors.splice(0));
    expect(problems).toEqual([]);
  });

  it('logs a county official in through the log-in page (key → session cookie) and lists their plans by name', async () => {
    await county.goto(`${ledger.url}/dashboard/ganzhou-2024`);
    await county.waitForURL(/\/dashboard\/login\?next=/);
    await screenshot(county, 'login');
    await logInWithForm(county, ledger.url, KEYS.ningduCounty);
    const cookies = await sessions[0].context.cookies();
    expect(cookies).toEqual([
      expect.objectContaining({ name: 'ledger_session', httpOnly: true, sameSite: 'Strict' }),
    ]);
    await county.waitForSelector('.plan-card');
    const plans = await county.locator('.plan-card h2').allTextContents();
    expect(plans).toEqual(['赣州惠民保 · 宁都县 · 2024年度']);
    await screenshot(county, 'plans-county-official');
    // The session opens the API description too (docs/access.md).
    expect((await sessions[0].context.request.get(`${ledger.url}/docs-json`)).status()).toBe(200);
    await logInWithForm(operator, ledger.url, KEYS.operator);
  });

  it('the dashboard addresses given in the README and docs/dashboard.md open as described', async () => {
    const paths = new Set<string>();
    for (const file of ['README.md', 'docs/dashboard.md']) {
      const md = readFileSync(join(__dirname, '..', '..', file), 'utf8');
      for (const m of md.matchAll(/http:\/\/127\.0\.0\.1:3000(\/dashboard[\w/-]*)/g))
        paths.add(m[1]);
    }
    expect([...paths].sort()).toEqual([
      '/dashboard',
      '/dashboard/ganzhou-2024',
      '/dashboard/login',
    ]);
    await operator.goto(`${ledger.url}/dashboard`);
    await operator.waitForSelector('.plan-card');
    // One card per plan the operator may see (the bundled plans, read from the API).
    const plans = await ledger.api<unknown[]>(KEYS.operator, '/plans');
    expect(await operator.locator('.plan-card').count()).toBe(plans.length);
    await screenshot(operator, 'plans-operator');
    await open(operator, '/dashboard/ganzhou-2024');
    expect(await operator.locator('.notice-panel').count()).toBe(0);
    await operator.goto(`${ledger.url}/dashboard/login`);
    await operator.waitForSelector('form.login-form');
  });

  it('Ganzhou: the county page shows the ledger’s figures, rate and target, with the trend chart and the ranking', async () => {
    await open(county, '/dashboard/ganzhou-2024');
    const api = await progress('ganzhou-2024');
    expect(await county.title()).toBe('赣州惠民保 · 宁都县 · 2024年度 — 参保进度');
    expect(await text(county, '.plan-title')).toBe('赣州惠民保 · 宁都县 · 2024年度');

    expect(numberOnScreen(await kpi(county, 'active'))).toBe(api.county.active);
    expect(await kpi(county, 'rate')).toBe(bp(api.county.rateBp!));
    const required = api.county.targets.required;
    expect(await kpi(county, 'completion-required')).toBe(
      bp(completionBp(api.county.active, required.target)),
    );
    expect(await text(county, '[data-kpi="completion-required"] .kpi-label')).toBe(
      '应达目标 20%完成率',
    );
    expect(await text(county, '[data-kpi="completion-required"] .kpi-note')).toBe(
      `目标 ${count(required.target)} 人 · 还差 ${count(required.gap)} 人`,
    );
    expect(numberOnScreen(await kpi(county, 'premium'))).toBe(api.county.premiumCollectedFen / 100);
    expect(await kpi(county, 'days-left')).toBe('已截止');

    // Every township row: its display name, people, rate, target, gap, premium.
    expect(await county.locator('tr[data-township]').count()).toBe(api.townships.length);
    for (const t of api.townships) {
      const row = `tr[data-township="${t.id}"]`;
      expect(await cell(county, row, 'name')).toBe(t.name.zh);
      expect(numberOnScreen(await cell(county, row, 'active'))).toBe(t.active);
      expect(await cell(county, row, 'rate')).toBe(bp(t.rateBp!));
      expect(numberOnScreen(await cell(county, row, 'target-required'))).toBe(
        t.targets.required.target,
      );
      expect(numberOnScreen(await cell(county, row, 'gap-required'))).toBe(t.targets.required.gap);
      expect(numberOnScreen(await cell(county, row, 'premium'))).toBe(t.premiumCollectedFen / 100);
    }
    const header = await county.locator('.data-table thead th').allTextContents();
    expect(header).toEqual(
      expect.arrayContaining(['参保率', '应达目标 20%', '应达目标 20%完成率', '应达目标 20%差额']),
    );
    // Ranked by completion; the first row has rank 1; statuses carry a colour class.
    expect(await text(county, 'tr[data-township] td[data-col="rank"]')).toBe('1');
    expect(await county.locator('tr[data-township] .status-behind').count()).toBe(
      api.townships.length,
    );
    // The charts exist and are drawn: the trend over the campaign, the ranking of every township.
    expect(await county.locator('.trend-chart canvas').count()).toBe(1);
    expect(Number(await county.getAttribute('.trend-chart', 'data-points'))).toBe(51);
    expect(await county.locator('.ranking-chart canvas').count()).toBe(1);
    expect(Number(await county.getAttribute('.ranking-chart', 'data-points'))).toBe(
      api.townships.length,
    );
    // Display names only: no slug or township id anywhere on the page.
    const body = await county.locator('body').innerText();
    expect(body).not.toContain('ganzhou-2024');
    expect(body).not.toMatch(/\bt\d{2}\b/);
    await screenshot(county, 'county-ganzhou-2024');
    // What the README shows (docs/images/dashboard-county.png is a copy of it).
    await screenshot(county, 'county-ganzhou-2024-top', false);
  });

  it('a batch of enrollments posted meanwhile appears within 5 s, without a reload', async () => {
    const before = await progress('ganzhou-2024');
    const t03 = before.townships.find((t) => t.id === 't03')!;
    await county.evaluate(() => (window.__sameDocument = true));
    const batch = await ledger.enrollGanzhou('t03', 5);
    expect(batch.results.map((r) => r.status)).toEqual(Array(5).fill(201));
    await county.waitForFunction(
      ([selector, expected]) => document.querySelector(selector)?.textContent === expected,
      ['[data-kpi="active"] .kpi-value', String(before.county.active + 5)],
      { timeout: 5000 },
    );
    expect(numberOnScreen(await cell(county, 'tr[data-township="t03"]', 'active'))).toBe(
      t03.active + 5,
    );
    expect(await county.locator('tr[data-township="t03"].changed').count()).toBe(1);
    expect(await county.evaluate(() => window.__sameDocument)).toBe(true);
    expect(await county.getAttribute('.live', 'data-state')).toBe('open');
  });

  it('the as-of picker: the deadline figure one click away, any date by the picker', async () => {
    await county.click('[data-action="as-of-deadline"]');
    await county.waitForURL(/asOf=2024-01-31/);
    await waitForView(county);
    const atDeadline = await progress('ganzhou-2024', '?asOf=2024-01-31');
    expect(numberOnScreen(await kpi(county, 'active'))).toBe(atDeadline.county.active);
    expect(await text(county, '.as-of-status')).toBe('显示截至 2024-01-31 24:00 的数据');
    expect(await kpi(county, 'days-left')).toBe('今日截止');

    await county.fill('input[name="asOf"]', '2024-01-20');
    await county.waitForURL(/asOf=2024-01-20/);
    await waitForView(county);
    const early = await progress('ganzhou-2024', '?asOf=2024-01-20');
    expect(early.county.active).toBeLessThan(atDeadline.county.active);
    expect(numberOnScreen(await kpi(county, 'active'))).toBe(early.county.active);
    expect(await kpi(county, 'days-left')).toBe('11 天');
    for (const t of early.townships.slice(0, 5))
      expect(numberOnScreen(await cell(county, `tr[data-township="${t.id}"]`, 'active'))).toBe(
        t.active,
      );
    await screenshot(county, 'county-ganzhou-2024-as-of-2024-01-20');
  });

  it('downloads as CSV what is on screen (the ranked table, Chinese headings, Excel’s BOM)', async () => {
    const early = await progress('ganzhou-2024', '?asOf=2024-01-20');
    const [download] = await Promise.all([
      county.waitForEvent('download'),
      county.click('[data-action="csv"]'),
    ]);
    expect(download.suggestedFilename()).toBe(
      '赣州惠民保_·_宁都县_·_2024年度-参保进度-2024-01-20.csv',
    );
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.startsWith('\uFEFF排名,乡镇（街道）,参保基数,已参保,待扣款,参保率,')).toBe(true);
    const lines = csv.slice(1).trim().split('\r\n');
    expect(lines).toHaveLength(1 + early.townships.length + 1);
    const shownNames = await county
      .locator('tr[data-township] td[data-col="name"]')
      .allTextContents();
    expect(lines.slice(1, -1).map((l) => l.split(',')[1])).toEqual(shownNames);
    const xiaotian = early.townships.find((t) => t.id === 't02')!;
    const line = lines.find((l) => l.split(',')[1] === xiaotian.name.zh)!.split(',');
    expect(Number(line[3])).toBe(xiaotian.active);
    expect(line[5]).toBe(bp(xiaotian.rateBp!));
    expect(lines[lines.length - 1]).toContain('全县合计（宁都县）');
  });

  it('drills down to a township: by payment source, by subsidy category, daily counts', async () => {
    await open(county, '/dashboard/ganzhou-2024');
    await Promise.all([
      county.waitForURL(/township=t03/),
      county.click('tr[data-township="t03"] a'),
    ]);
    await waitForView(county);
    const api = await ledger.api<{ township: Row; county: Row }>(
      KEYS.operator,
      '/plans/ganzhou-2024/townships/t03/progress',
    );
    expect(await text(county, 'h2.subject')).toBe(api.township.name.zh);
    expect(numberOnScreen(await kpi(county, 'active'))).toBe(api.township.active);
    const sources = await county
      .locator('[data-panel="sources"] tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')));
    expect(sources.sort()).toEqual(
      Object.keys(api.township.bySource)
        .filter((s) => api.township.bySource[s] > 0)
        .map((s) => `source:${s}`)
        .sort(),
    );
    expect(numberOnScreen(await cell(county, '[data-key="source:individual"]', 'count'))).toBe(
      api.township.bySource.individual,
    );
    expect(await cell(county, '[data-key="source:individual"]', 'item')).toBe('个人缴费');
    for (const [code, n] of Object.entries(api.township.byCategory))
      expect(numberOnScreen(await cell(county, `[data-key="category:${code}"]`, 'count'))).toBe(n);
    for (const [day, counts] of Object.entries(api.township.perDay))
      expect(numberOnScreen(await cell(county, `[data-key="day:${day}"]`, 'count'))).toBe(
        counts.enrolled,
      );
    expect(Number(await county.getAttribute('.source-chart', 'data-points'))).toBeGreaterThan(0);
    await screenshot(county, 'township-ganzhou-2024-t03');
  });

  it('the scorecard where the plan turns it on (Ganzhou), not where it does not (Yuyao)', async () => {
    await open(county, '/dashboard/ganzhou-2024?tab=scorecard');
    const api = await ledger.api<{ townships: { townshipId: string; total: number }[] }>(
      KEYS.operator,
      '/plans/ganzhou-2024/scorecard',
    );
    expect(await county.locator('.scorecard-view tbody tr').count()).toBe(api.townships.length);
    for (const t of api.townships.slice(0, 5))
      expect(
        numberOnScreen(await cell(county, `tr[data-township="${t.townshipId}"]`, 'total')),
      ).toBe(t.total);
    await screenshot(county, 'scorecard-ganzhou-2024');
    await open(operator, '/dashboard/yuyao-2024');
    expect(
      await operator
        .locator('nav.tabs a')
        .evaluateAll((a) => a.map((x) => x.getAttribute('data-tab'))),
    ).toEqual(['progress', 'insurers']);
  });

  it('Yuyao: task completion per township and per 片区, from the bundled table (no base, no rate)', async () => {
    await open(operator, '/dashboard/yuyao-2024');
    const api = await progress('yuyao-2024');
    expect(await text(operator, '.plan-title')).toBe('天一甬宁保 · 余姚市 · 2024年度');
    expect(await kpi(operator, 'completion-task')).toBe(
      bp(completionBp(api.county.active, api.county.targets.task.target)),
    );
    expect(await operator.locator('[data-kpi="rate"]').count()).toBe(0);
    expect(await operator.locator('td[data-col="rate"]').count()).toBe(0);
    expect(api.districts.map((d) => d.name.zh)).toEqual([
      '第一片区',
      '第二片区',
      '第三片区',
      '第四片区',
    ]);
    for (const d of api.districts) {
      const row = `tr[data-district="${d.id}"]`;
      expect(await cell(operator, row, 'name')).toBe(`${d.name.zh} 小计`);
      expect(numberOnScreen(await cell(operator, row, 'target-task'))).toBe(d.targets.task.target);
      expect(await cell(operator, row, 'completion-task')).toBe(
        bp(completionBp(d.active, d.targets.task.target)),
      );
    }
    for (const t of api.townships) {
      const row = `tr[data-township="${t.id}"]`;
      expect(await cell(operator, row, 'name')).toBe(t.name.zh);
      expect(numberOnScreen(await cell(operator, row, 'target-task'))).toBe(t.targets.task.target);
      expect(await cell(operator, row, 'completion-task')).toBe(
        bp(completionBp(t.active, t.targets.task.target)),
      );
    }
    // Townships sit under their district's subtotal (片区 grouping), districts in table order.
    const order = await operator
      .locator('.data-table tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-district') ?? 'township'));
    expect(order.filter((x) => x !== 'township')).toEqual(['d1', 'd2', 'd3', 'd4']);
    expect(order[0]).toBe('d1');
    expect(Number(await operator.getAttribute('.district-chart', 'data-points'))).toBe(4);
    await screenshot(operator, 'county-yuyao-2024');
  });

  it('Qingliu: both levels (20% required, 30% aimed) from the bundled table; the unnamed row is named by its row', async () => {
    await open(operator, '/dashboard/qingliu-2025');
    const api = await progress('qingliu-2025');
    expect(await text(operator, '.plan-title')).toBe('三明普惠医联保 · 清流县 · 2025年度');
    expect(await text(operator, '[data-kpi="completion-required"] .kpi-label')).toBe(
      '应达目标 20%完成率',
    );
    expect(await text(operator, '[data-kpi="completion-stretch"] .kpi-label')).toBe(
      '力争目标 30%完成率',
    );
    for (const level of ['required', 'stretch'])
      expect(await text(operator, `[data-kpi="completion-${level}"] .kpi-note`)).toBe(
        `目标 ${count(api.county.targets[level].target)} 人 · 还差 ${count(api.county.targets[level].gap)} 人`,
      );
    const header = await operator.locator('.data-table thead th').allTextContents();
    expect(header).toEqual(expect.arrayContaining(['应达目标 20%', '力争目标 30%']));
    for (const t of api.townships) {
      const row = `tr[data-township="${t.id}"]`;
      expect(numberOnScreen(await cell(operator, row, 'target-required'))).toBe(
        t.targets.required.target,
      );
      expect(numberOnScreen(await cell(operator, row, 'target-stretch'))).toBe(
        t.targets.stretch.target,
      );
      expect(numberOnScreen(await cell(operator, row, 'base'))).toBe(t.baseParticipants);
    }
    expect(await cell(operator, 'tr[data-township="t01"]', 'name')).toBe(
      '未命名乡镇（任务表第 1 行）',
    );
    expect(await kpi(operator, 'days-left')).toBe('未定');
    expect(await operator.locator('body').innerText()).not.toMatch(/\bt\d{2}\b|qingliu-2025/);
    await screenshot(operator, 'county-qingliu-2025');
  });

  it('a township official’s session sees only its township (table, ranking, drill-down)', async () => {
    const official = await newDashboardPage(browser);
    sessions.push(official);
    const page = official.page;
    await logInWithForm(page, ledger.url, KEYS.yuyaoT01);
    expect(await page.locator('.plan-card').count()).toBe(1);
    await open(page, '/dashboard/yuyao-2024');
    const all = await progress('yuyao-2024');
    const own = all.townships.find((t) => t.id === 't01')!;
    expect(
      await page
        .locator('tr[data-township]')
        .evaluateAll((r) => r.map((x) => x.getAttribute('data-township'))),
    ).toEqual(['t01']);
    expect(await text(page, 'h2.subject')).toBe(`本辖区 · ${own.name.zh}`);
    expect(numberOnScreen(await kpi(page, 'active'))).toBe(own.active);
    expect(Number(await page.getAttribute('.ranking-chart', 'data-points'))).toBe(1);
    const body = await page.locator('body').innerText();
    for (const other of all.townships.filter((t) => t.id !== 't01'))
      expect(body).not.toContain(other.name.zh);
    // No coinsurance tab for a township official; another township is refused, in Chinese.
    expect(await page.locator('nav.tabs a').count()).toBe(1);
    await screenshot(page, 'township-official-yuyao-2024');
    await open(page, '/dashboard/yuyao-2024?township=t02');
    expect(await text(page, '.notice-text')).toBe('您的账号无权查看该乡镇。');
    await official.context.close();
  });

  it('the insurer view: its premium income, payouts, loss ratio and rank in the coalition, no other member’s figures', async () => {
    const insurer = await newDashboardPage(browser);
    sessions.push(insurer);
    const page = insurer.page;
    // A claim approved in Yuyao: the coalition's members share the payout.
    await ledger.approveYuyaoClaim('BROWSER-1', 1_000_000);
    await logInWithForm(page, ledger.url, KEYS.picc);
    await open(page, '/dashboard/yuyao-2024');
    const api = await ledger.api<{
      insurers: {
        insurerId: string;
        premiumFen: number;
        rank: number;
        approvedPayoutFen: number;
        lossRatioBp: number;
      }[];
      totalPremiumFen: number;
    }>(KEYS.picc, '/plans/yuyao-2024/coinsurance');
    const own = api.insurers[0];
    expect(own.insurerId).toBe('picc-pc');
    expect(own.approvedPayoutFen).toBeGreaterThan(0);
    expect(
      await page.locator('nav.tabs a').evaluateAll((a) => a.map((x) => x.getAttribute('data-tab'))),
    ).toEqual(['insurers']);
    expect(numberOnScreen(await kpi(page, 'insurer-premium'))).toBe(own.premiumFen / 100);
    expect(await kpi(page, 'insurer-rank')).toBe(`第 ${own.rank} 名 / 共 3 家`);
    expect(numberOnScreen(await kpi(page, 'insurer-approved'))).toBe(own.approvedPayoutFen / 100);
    expect(await kpi(page, 'insurer-loss-ratio')).toBe(bp(own.lossRatioBp));
    expect(numberOnScreen(await kpi(page, 'coalition-premium'))).toBe(api.totalPremiumFen / 100);
    expect(
      await page
        .locator('tr[data-insurer]')
        .evaluateAll((r) => r.map((x) => x.getAttribute('data-insurer'))),
    ).toEqual(['picc-pc']);
    expect(await page.locator('body').innerText()).not.toMatch(/太保财险|平安产险/);
    // Payouts by responsibility, by the plan's own names of its responsibilities.
    const plan = await ledger.api<{
      definition: { benefits: { responsibilities: { code: string; name: { zh: string } }[] } };
    }>(KEYS.operator, '/plans/yuyao-2024');
    const r4 = plan.definition.benefits.responsibilities.find((r) => r.code === 'R4')!;
    expect(await cell(page, '[data-panel="payouts"] tr[data-key="R4"]', 'code')).toBe(r4.name.zh);
    // Insurers do not read township progress (nor its stream): their figures are re-read.
    expect(await page.getAttribute('.live', 'data-state')).toBe('polling');
    await screenshot(page, 'insurer-picc-yuyao-2024');
    await insurer.context.close();
  });

  it('a malicious township name imported through the township-table route renders as text; no script runs', async () => {
    const names = [
      '<img src=x onerror=window.__xss=1>',
      '</script><script>window.__xss=2</script>',
      '"><svg onload=window.__xss=3>',
      '=HYPERLINK("http://example.invalid")',
    ];
    await ledger.importTownshipTable('yichun', {
      source: 'browser test: hostile names',
      targets: {
        kind: 'task_numbers',
        levels: [{ name: 'task', description: { zh: '任务数', en: 'Task' } }],
      },
      table: {
        rows: names.map((name, i) => ({
          name,
          nameEn: name,
          district: i < 2 ? '<b onmouseover=window.__xss=4>片区</b>' : undefined,
          targets: { task: 100 },
        })),
      },
    });
    await open(operator, '/dashboard/yichun');
    const shown = await operator.locator('tr[data-township] td[data-col="name"]').allTextContents();
    expect([...shown].sort()).toEqual([...names].sort());
    expect(await cell(operator, 'tr[data-district]', 'name')).toBe(
      '<b onmouseover=window.__xss=4>片区</b> 小计',
    );
    await operator.hover('tr[data-district] td[data-col="name"]');
    const injected = await operator.evaluate(() => ({
      xss: window.__xss,
      img: document.querySelectorAll('img').length,
      svg: document.querySelectorAll('main svg').length,
      b: document.querySelectorAll('main b').length,
      scripts: Array.from(document.scripts).map((s) => s.getAttribute('src')),
    }));
    expect(injected).toEqual({
      xss: undefined,
      img: 0,
      svg: 0,
      b: 0,
      scripts: ['/dashboard/assets/dashboard.js'],
    });
    await screenshot(operator, 'xss-township-names');
  });

  it('the path cannot inject script either; an unknown plan is a clear Chinese message, not an empty table', async () => {
    await open(operator, '/dashboard/%3C%2Fscript%3E%3Cscript%3Ewindow.__xss%3D5%3C%2Fscript%3E');
    expect(await text(operator, '.notice-text')).toBe(
      '找不到保险方案“</script><script>window.__xss=5</script>”。',
    );
    expect(await operator.evaluate(() => window.__xss)).toBeUndefined();
    expect(await operator.evaluate(() => document.scripts.length)).toBe(1);
    await screenshot(operator, 'xss-path');
    await open(operator, '/dashboard/no-such-plan');
    expect(await text(operator, '.notice-text')).toBe('找不到保险方案“no-such-plan”。');
    expect(await operator.locator('table').count()).toBe(0);
    await screenshot(operator, 'unknown-plan');
    // A scoped official asking for a plan outside their county learns nothing more than "no".
    await open(county, '/dashboard/yuyao-2024');
    expect(await text(county, '.notice-text')).toBe('您的账号无权查看保险方案“yuyao-2024”。');
  });

  it('English on request: labels and names switch, figures stay', async () => {
    await open(operator, '/dashboard/ganzhou-2024');
    const zhActive = await kpi(operator, 'active');
    await Promise.all([operator.waitForEvent('load'), operator.click('[data-action="language"]')]);
    await waitForView(operator);
    expect(await operator.getAttribute('html', 'lang')).toBe('en');
    expect(await text(operator, '.plan-title')).toBe('Ganzhou Huiminbao · Ningdu County · 2024');
    expect(await text(operator, '[data-kpi="active"] .kpi-label')).toBe('Enrolled');
    expect(await kpi(operator, 'active')).toBe(zhActive);
    expect(await cell(operator, 'tr[data-township="t02"]', 'name')).toBe('Xiaotian');
    await screenshot(operator, 'county-ganzhou-2024-english');
    await Promise.all([operator.waitForEvent('load'), operator.click('[data-action="language"]')]);
    await waitForView(operator);
    expect(await text(operator, '[data-kpi="active"] .kpi-label')).toBe('已参保人数');
  });

  it('a role without a dashboard is told so; logging out ends the session', async () => {
    const privacy = await newDashboardPage(browser);
    sessions.push(privacy);
    await logInWithForm(privacy.page, ledger.url, KEYS.privacy);
    await open(privacy.page, '/dashboard/ganzhou-2024');
    expect(await text(privacy.page, '.notice-text')).toBe(
      '您的角色（个人信息保护负责人）没有参保看板可查看。',
    );
    await privacy.context.close();

    await open(county, '/dashboard/ganzhou-2024');
    await Promise.all([
      county.waitForURL(/\/dashboard\/login$/),
      county.click('[data-action="logout"]'),
    ]);
    expect(await sessions[0].context.cookies()).toEqual([]);
    await county.goto(`${ledger.url}/dashboard/ganzhou-2024`);
    await county.waitForURL(/\/dashboard\/login\?next=%2Fdashboard%2Fganzhou-2024$/);
  });
});
