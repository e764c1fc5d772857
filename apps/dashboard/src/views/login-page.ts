import { ApiError, logIn } from '../api/client';
import { dashboardHref, h, replaceChildren } from '../dom';
import { t } from '../i18n';
import { pageHeader } from './header';
import { errorDetail } from './messages';

/** Where to go after logging in: a dashboard path of this site, nothing else (no open redirect). */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/dashboard') || next.startsWith('//') || next.includes('\\'))
    return dashboardHref([]);
  try {
    const url = new URL(next, location.origin);
    return url.origin === location.origin ? url.pathname + url.search : dashboardHref([]);
  } catch {
    return dashboardHref([]);
  }
}

/** The log-in page: a key (or a JWT) is exchanged for the HttpOnly session cookie. */
export function renderLoginPage(root: HTMLElement): void {
  const next = safeNext(new URLSearchParams(location.search).get('next'));
  const input = h('input', {
    type: 'password',
    name: 'credential',
    id: 'credential',
    autocomplete: 'off',
    spellcheck: 'false',
    required: true,
  });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'button primary' }, t('loginSubmit'));
  const form = h(
    'form',
    {
      class: 'login-form',
      method: 'post',
      action: '#',
      on: {
        submit: (event) => {
          event.preventDefault();
          const credential = input.value.trim();
          error.hidden = true;
          if (!credential) {
            error.textContent = t('loginEmpty');
            error.hidden = false;
            return;
          }
          submit.disabled = true;
          logIn(credential).then(
            () => location.assign(next),
            (e: unknown) => {
              submit.disabled = false;
              input.value = '';
              error.textContent = t('loginFailed', {
                detail: e instanceof ApiError ? errorDetail(e) : String(e),
              });
              error.hidden = false;
              input.focus();
            },
          );
        },
      },
    },
    h('label', { for: 'credential' }, t('loginKey')),
    input,
    error,
    submit,
  );
  document.title = `${t('loginTitle')} — ${t('appTitle')}`;
  replaceChildren(
    root,
    pageHeader(undefined),
    h(
      'main',
      { class: 'login' },
      h(
        'section',
        { class: 'panel login-panel' },
        h('h1', null, t('loginTitle')),
        h('p', null, t('loginIntro')),
        form,
      ),
    ),
  );
  input.focus();
}
