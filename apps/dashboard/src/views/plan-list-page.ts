import { getJson } from '../api/client';
import type { PlanSummary, SessionIdentity } from '../api/api-types';
import { dashboardHref, h, replaceChildren } from '../dom';
import { formatCount } from '../format';
import { t } from '../i18n';
import { planTitle } from './context';
import { pageHeader } from './header';
import { errorDetail, noticePanel } from './messages';

/** The plans the caller may see, by display name, each opening its dashboard. */
export async function renderPlanList(root: HTMLElement, identity: SessionIdentity): Promise<void> {
  document.title = `${t('plans')} — ${t('appTitle')}`;
  replaceChildren(
    root,
    pageHeader(identity),
    h('main', null, h('p', { class: 'loading' }, t('loading'))),
  );
  let plans: PlanSummary[];
  try {
    plans = await getJson<PlanSummary[]>('/plans');
  } catch (error) {
    replaceChildren(
      root,
      pageHeader(identity),
      h(
        'main',
        null,
        noticePanel(t('errorGeneric', { detail: errorDetail(error) }), 'error', false),
      ),
    );
    return;
  }
  const cards = plans.map((plan) =>
    h(
      'li',
      { class: 'plan-card', data: { plan: plan.planId } },
      h('h2', null, h('a', { href: dashboardHref([plan.planId]) }, planTitle(plan))),
      h(
        'p',
        { class: 'plan-meta' },
        plan.status === 'draft' ? t('planStatusDraft') : t('planStatusReady'),
        ' · ',
        plan.enrollmentWindow
          ? t('planWindow', {
              from: plan.enrollmentWindow.opensOn,
              to: plan.enrollmentWindow.closesOn,
            })
          : t('planNoWindow'),
        ' · ',
        t('planTownships', { n: formatCount(plan.townships) }),
      ),
      h('a', { class: 'button', href: dashboardHref([plan.planId]) }, t('open')),
    ),
  );
  replaceChildren(
    root,
    pageHeader(identity),
    h(
      'main',
      null,
      h('h1', null, t('plans')),
      h('p', null, plans.length ? t('plansIntro') : t('noPlans')),
      h('ul', { class: 'plan-list' }, cards),
    ),
  );
}
