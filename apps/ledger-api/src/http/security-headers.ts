import helmet from 'helmet';

/**
 * helmet's headers on every answer, with a strict Content-Security-Policy: everything from this
 * origin only ('self'), no inline script or style, no plugins, not framed. Pages served by the
 * ledger (the dashboard) load their scripts and styles as files from the ledger itself.
 * `upgrade-insecure-requests` is left out on purpose: on a government intranet served over plain
 * HTTP it would send the browser to an https:// that does not exist.
 */
export function securityHeaders() {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        imgSrc: ["'self'"],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
      },
    },
  });
}
