import { ApiError } from '../api/client';
import { dashboardHref, h } from '../dom';
import { t } from '../i18n';

/** A full-page notice (unknown plan, no rights, errors) with a way back. */
export function noticePanel(
  text: string,
  kind: 'error' | 'info' = 'error',
  withBack = true,
): HTMLElement {
  return h(
    'section',
    { class: `notice-panel notice-${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    h('p', { class: 'notice-text' }, text),
    withBack ? h('p', null, h('a', { href: dashboardHref([]) }, t('backToPlans'))) : null,
  );
}

/** The ledger's own explanation (its problem document, Chinese unless English is chosen). */
export function errorDetail(error: unknown): string {
  if (error instanceof ApiError)
    return error.problem?.detail ?? error.problem?.title ?? error.message;
  return error instanceof Error ? error.message : String(error);
}

/** Sends the browser to the log-in page, coming back here afterwards. */
export function goToLogin(): void {
  const next = location.pathname + location.search;
  location.assign(dashboardHref(['login'], { next }));
}
