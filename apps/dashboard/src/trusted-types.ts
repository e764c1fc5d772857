/**
 * The page requires Trusted Types (CSP "require-trusted-types-for 'script'"): the browser
 * refuses any string written to innerHTML, outerHTML, insertAdjacentHTML, document.write or a
 * script source. The only such write the page makes is ECharts' canvas painter clearing its
 * container (`innerHTML = ''`), so the default policy lets the empty string through and refuses
 * everything else: text with markup can never become HTML on this page, whatever a library does.
 * Imported first by main.ts, before any chart exists.
 */
interface TrustedTypePolicyFactory {
  createPolicy(name: string, rules: { createHTML?: (input: string) => string }): unknown;
}

const factory = (window as unknown as { trustedTypes?: TrustedTypePolicyFactory }).trustedTypes;

if (factory) {
  factory.createPolicy('default', {
    createHTML: (input: string) => {
      if (input === '') return '';
      throw new TypeError('HTML from a string is not allowed on this page (Trusted Types)');
    },
  });
}

export {};
