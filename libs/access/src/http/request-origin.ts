import { Request } from 'express';
import { isLoopbackHost } from '../access-config';
import { refuse } from './access-refusal';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isWrite(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/** The ledger's own origin as the browser addressed it. */
export function ownOrigin(req: Request): string {
  return `${req.protocol}://${req.headers.host ?? ''}`;
}

/**
 * Cross-site request forgery: a browser attaches cookies by itself, so a write authenticated by
 * the session cookie (or made in open mode, where nothing authenticates at all) is accepted only
 * from the ledger's own pages or a configured origin. Browsers send Origin on every write and
 * Sec-Fetch-Site where they support it; a cookie write without Origin is refused. SameSite=Strict
 * on the cookie and JSON-only writes (no form can send them cross-site without a CORS preflight,
 * which the ledger never grants) are the other two layers.
 */
export function checkBrowserOrigin(
  req: Request,
  allowedOrigins: readonly string[],
  requireOrigin: boolean,
): void {
  if (!isWrite(req.method)) return;
  const fetchSite = req.headers['sec-fetch-site'];
  if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') {
    if (!(fetchSite === 'same-site' && originAllowed(req, allowedOrigins)))
      throw refuse.origin(String(req.headers.origin ?? fetchSite));
  }
  const origin = req.headers.origin;
  if (origin === undefined) {
    if (requireOrigin) throw refuse.origin('(none)');
    return;
  }
  if (!originAllowed(req, allowedOrigins)) throw refuse.origin(origin);
}

function originAllowed(req: Request, allowedOrigins: readonly string[]): boolean {
  const origin = req.headers.origin;
  return origin !== undefined && (origin === ownOrigin(req) || allowedOrigins.includes(origin));
}

/**
 * Open mode answers only requests addressed to a loopback name: a page on another site whose
 * name an attacker re-points at 127.0.0.1 (DNS rebinding) sends its own name in Host.
 */
export function checkOpenModeHost(req: Request): void {
  const host = String(req.headers.host ?? '');
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
  if (!isLoopbackHost(name)) throw refuse.host(host);
}
