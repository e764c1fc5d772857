import './trusted-types';
import { whoAmI } from './api/client';
import { h, replaceChildren } from './dom';
import { currentLanguage, setLanguage, t } from './i18n';
import { renderLoginPage } from './views/login-page';
import { errorDetail, goToLogin, noticePanel } from './views/messages';
import { renderPlanList } from './views/plan-list-page';
import { renderPlanPage } from './views/plan-page';

/**
 * The dashboard's router. The server sends the same static page for /dashboard,
 * /dashboard/login and /dashboard/{planId}; the path is read here, as data: the plan id is
 * decoded and only ever used in API paths (percent-encoded again) and in text nodes.
 */
async function start(root: HTMLElement): Promise<void> {
  setLanguage(currentLanguage());
  const segments = location.pathname.split('/').filter(Boolean);
  if (segments[1] === 'login') return renderLoginPage(root);
  const identity = await whoAmI();
  if (!identity) return goToLogin();
  if (segments.length < 2) return renderPlanList(root, identity);
  let planId: string;
  try {
    planId = decodeURIComponent(segments[1]);
  } catch {
    planId = segments[1];
  }
  return renderPlanPage(root, planId, identity);
}

function boot(): void {
  const root = document.getElementById('app');
  if (!root) return;
  start(root).catch((error: unknown) => {
    replaceChildren(
      root,
      h('main', null, noticePanel(t('errorGeneric', { detail: errorDetail(error) }))),
    );
  });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
else boot();
