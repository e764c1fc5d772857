import { logOut } from '../api/client';
import type { SessionIdentity } from '../api/api-types';
import { dashboardHref, h } from '../dom';
import { currentLanguage, setLanguage, t, tOr } from '../i18n';

/** The bar on top of every page: the dashboard's name, the language switch, who is logged in. */
export function pageHeader(
  identity: SessionIdentity | undefined,
  title?: string,
  subtitle?: string,
): HTMLElement {
  const languageButton = h(
    'button',
    {
      type: 'button',
      class: 'language',
      title: t('languageHint'),
      lang: currentLanguage() === 'zh' ? 'en' : 'zh-CN',
      data: { action: 'language' },
      on: {
        click: () => {
          setLanguage(currentLanguage() === 'zh' ? 'en' : 'zh');
          location.reload();
        },
      },
    },
    t('language'),
  );
  const who = identity
    ? h(
        'span',
        { class: 'identity', data: { role: identity.role }, title: identity.scopeText },
        `${tOr('role', identity.role)} · ${identity.via === 'open-mode' ? t('openMode') : identity.id}`,
      )
    : null;
  const logout =
    identity && identity.via !== 'open-mode'
      ? h(
          'button',
          {
            type: 'button',
            class: 'logout',
            data: { action: 'logout' },
            on: {
              click: () => {
                void logOut().finally(() => location.assign(dashboardHref(['login'])));
              },
            },
          },
          t('logout'),
        )
      : null;
  return h(
    'header',
    { class: 'page-header' },
    h(
      'div',
      { class: 'brand' },
      h('a', { href: dashboardHref([]), class: 'brand-name' }, t('appTitle')),
      title ? h('h1', { class: 'plan-title' }, title) : null,
      subtitle ? h('p', { class: 'plan-rule' }, subtitle) : null,
    ),
    h('div', { class: 'header-actions' }, languageButton, who, logout),
  );
}
