import { ApiError, apiPath, getJson } from '../api/client';
import type { PlanView, SessionIdentity } from '../api/api-types';
import { dashboardHref, h, replaceChildren, setText } from '../dom';
import { formatShanghaiTime, shanghaiToday } from '../format';
import { nameOf, t, tOr } from '../i18n';
import { followProgress, LiveState } from '../live';
import { PageContext, planTitle } from './context';
import { pageHeader } from './header';
import { insurersView } from './insurers-view';
import { errorDetail, goToLogin, noticePanel } from './messages';
import { progressView } from './progress-view';
import { scorecardView } from './scorecard-view';
import { TabView } from './tab-view';
import { townshipView } from './township-view';

type Tab = 'progress' | 'insurers' | 'scorecard';

/** What each role may read (the ledger enforces it; this only hides what would be refused). */
const PROGRESS_ROLES = ['operator', 'auditor', 'county_official', 'township_official', 'viewer'];
const INSURER_FIGURE_ROLES = ['operator', 'auditor', 'county_official', 'viewer', 'insurer'];

export function tabsFor(role: string, plan: PlanView): Tab[] {
  return [
    ...(PROGRESS_ROLES.includes(role) ? (['progress'] as const) : []),
    ...(INSURER_FIGURE_ROLES.includes(role) ? (['insurers'] as const) : []),
    ...(PROGRESS_ROLES.includes(role) && plan.definition.scorecard?.enabled
      ? (['scorecard'] as const)
      : []),
  ];
}

const TAB_LABELS = {
  progress: 'tabProgress',
  insurers: 'tabInsurers',
  scorecard: 'tabScorecard',
} as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function downloadCsv(file: { name: string; content: string }): void {
  const url = URL.createObjectURL(new Blob([file.content], { type: 'text/csv;charset=utf-8' }));
  const link = h('a', { href: url, download: file.name, hidden: true });
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function loadPlan(root: HTMLElement, planId: string, identity: SessionIdentity) {
  try {
    return await getJson<PlanView>(apiPath(['plans', planId]));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      goToLogin();
      return undefined;
    }
    const text =
      error instanceof ApiError && error.status === 404
        ? t('planNotFound', { planId })
        : error instanceof ApiError && error.status === 403
          ? t('planForbidden', { planId })
          : t('errorGeneric', { detail: errorDetail(error) });
    document.title = `${text} — ${t('appTitle')}`;
    replaceChildren(root, pageHeader(identity), h('main', null, noticePanel(text)));
    return undefined;
  }
}

/** A plan's dashboard: header, tabs, the as-of picker, CSV, live status, and the tab's view. */
export async function renderPlanPage(root: HTMLElement, planId: string, identity: SessionIdentity) {
  replaceChildren(
    root,
    pageHeader(identity),
    h('main', null, h('p', { class: 'loading' }, t('loading'))),
  );
  const plan = await loadPlan(root, planId, identity);
  if (!plan) return;
  const query = new URLSearchParams(location.search);
  const asOfParam = query.get('asOf') ?? '';
  const today = shanghaiToday();
  const asOf = DATE.test(asOfParam) ? asOfParam : undefined;
  const definition = plan.definition;
  const ctx: PageContext = {
    planId,
    plan,
    identity,
    ...(asOf ? { asOf } : {}),
    referenceDate: asOf ?? today,
    opensOn: definition.enrollmentWindow?.opensOn,
    deadline: definition.targets?.deadline ?? definition.enrollmentWindow?.closesOn,
    query,
  };
  const title = planTitle(plan);
  const rule = definition.targets?.description ? nameOf(definition.targets.description) : undefined;
  const subtitle = [rule, ctx.deadline ? t('kpiDeadlineOn', { date: ctx.deadline }) : undefined]
    .filter(Boolean)
    .join(' · ');
  const tabs = tabsFor(identity.role, plan);
  const header = pageHeader(identity, title, subtitle);
  if (tabs.length === 0) {
    replaceChildren(
      root,
      header,
      h('main', null, noticePanel(t('noDashboardForRole', { role: tOr('role', identity.role) }))),
    );
    return;
  }
  const requested = query.get('tab') as Tab | null;
  const tab: Tab = requested && tabs.includes(requested) ? requested : tabs[0];
  const townshipId = tab === 'progress' ? (query.get('township') ?? undefined) : undefined;
  const view: TabView =
    townshipId !== undefined
      ? townshipView(ctx, townshipId)
      : tab === 'progress'
        ? progressView(ctx)
        : tab === 'insurers'
          ? insurersView(ctx)
          : scorecardView(ctx);
  document.title = `${title} — ${t(TAB_LABELS[tab])}`;

  const href = (q: Record<string, string | undefined>) =>
    dashboardHref([planId], { tab: tab === tabs[0] ? undefined : tab, township: townshipId, ...q });
  const nav = h(
    'nav',
    { class: 'tabs', 'aria-label': t('appTitle') },
    tabs.map((x) =>
      h(
        'a',
        {
          href: dashboardHref([planId], { tab: x === tabs[0] ? undefined : x, asOf }),
          class: x === tab ? 'tab active' : 'tab',
          'aria-current': x === tab ? 'page' : undefined,
          data: { tab: x },
        },
        t(TAB_LABELS[x]),
      ),
    ),
  );
  const dateInput = h('input', {
    type: 'date',
    name: 'asOf',
    value: asOf ?? '',
    min: ctx.opensOn,
    max: today,
    'aria-label': t('asOf'),
    on: {
      change: (e) => {
        const value = (e.target as HTMLInputElement).value;
        if (DATE.test(value) || value === '') location.assign(href({ asOf: value || undefined }));
      },
    },
  });
  const liveStatus = h('span', {
    class: 'live',
    role: 'status',
    'aria-live': 'polite',
    data: { state: 'connecting' },
  });
  const status = h(
    'p',
    { class: 'as-of-status', data: { asOf: asOf ?? 'latest' } },
    asOf ? t('asOfShowing', { date: asOf }) : t('asOfShowingLatest'),
  );
  const toolbar = h(
    'div',
    { class: 'toolbar' },
    nav,
    h(
      'div',
      { class: 'as-of' },
      h('label', null, t('asOf'), ' ', dateInput),
      ctx.deadline
        ? h(
            'a',
            {
              class: 'button',
              href: href({ asOf: ctx.deadline }),
              data: { action: 'as-of-deadline' },
            },
            t('asOfDeadline', { date: ctx.deadline }),
          )
        : null,
      h(
        'a',
        { class: 'button', href: href({ asOf: undefined }), data: { action: 'as-of-latest' } },
        t('asOfLatest'),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'button',
          data: { action: 'csv' },
          on: {
            click: () => {
              const file = view.csv();
              if (file) downloadCsv(file);
            },
          },
        },
        t('downloadCsv'),
      ),
      liveStatus,
    ),
  );
  const main = h('main', null, toolbar, status, view.element);
  replaceChildren(root, header, main);

  const showError = (error: unknown) => {
    if (error instanceof ApiError && error.status === 401) return goToLogin();
    const text =
      error instanceof ApiError && error.status === 403 && townshipId !== undefined
        ? t('townshipForbidden')
        : error instanceof ApiError && error.status === 404 && townshipId !== undefined
          ? errorDetail(error)
          : t('errorGeneric', { detail: errorDetail(error) });
    view.dispose();
    replaceChildren(main, toolbar, noticePanel(text));
  };
  try {
    await view.refresh();
  } catch (error) {
    showError(error);
    return;
  }

  // Live: each change reloads the figures (the report is cached server-side with an ETag); a
  // burst of changes is one reload, and a change arriving during a reload queues one more.
  let pending: Set<string> | undefined;
  let running = false;
  let timer: number | undefined;
  const run = async () => {
    if (running) return;
    running = true;
    while (pending) {
      const changed = pending;
      pending = undefined;
      try {
        await view.refresh(changed);
        if (liveStatus.dataset.state === 'open')
          setText(liveStatus, t('liveOn', { time: formatShanghaiTime(Date.now()) }));
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return goToLogin();
      }
    }
    running = false;
  };
  const queue = (changed: ReadonlySet<string>) => {
    pending = new Set([...(pending ?? []), ...changed]);
    if (running || timer !== undefined) return;
    timer = window.setTimeout(() => {
      timer = undefined;
      void run();
    }, 150);
  };
  // The progress stream is for the roles that read township progress; an insurer's figures
  // (coinsurance, payouts) are read again every minute instead.
  if (!PROGRESS_ROLES.includes(identity.role)) {
    liveStatus.dataset.state = 'polling';
    setText(liveStatus, t('livePolling', { time: formatShanghaiTime(Date.now()) }));
    window.setInterval(() => {
      queue(new Set());
      setText(liveStatus, t('livePolling', { time: formatShanghaiTime(Date.now()) }));
    }, 60_000);
    return;
  }
  followProgress(planId, {
    onChange: queue,
    onReconnected: () => queue(new Set()),
    onState: (state: LiveState) => {
      liveStatus.dataset.state = state;
      setText(
        liveStatus,
        state === 'open'
          ? t('liveOn', { time: formatShanghaiTime(Date.now()) })
          : state === 'connecting'
            ? t('liveConnecting')
            : t('liveReconnecting'),
      );
    },
    onUnauthorized: () => {
      liveStatus.dataset.state = 'closed';
      setText(liveStatus, t('sessionExpired'));
    },
  });
}
