import { currentLanguage } from '../i18n';
import type { ProblemDocument, SessionIdentity } from './api-types';

/** A refusal of the ledger: its status and problem document (Chinese unless English is chosen). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ProblemDocument | undefined,
  ) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
  }
}

/** A path of the ledger from raw segments: each is percent-encoded, none can add a segment. */
export function apiPath(
  segments: readonly string[],
  query: Record<string, string | undefined> = {},
): string {
  const path = '/' + segments.map((s) => encodeURIComponent(s)).join('/');
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, v);
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  return {
    accept: 'application/json, application/problem+json',
    'accept-language': currentLanguage() === 'zh' ? 'zh-CN' : 'en',
    ...extra,
  };
}

async function problemOf(res: Response): Promise<ProblemDocument | undefined> {
  try {
    return (await res.json()) as ProblemDocument;
  } catch {
    return undefined;
  }
}

async function send<T>(method: string, path: string, body?: unknown): Promise<T> {
  // Same-origin requests carry the HttpOnly session cookie; the page never sees a credential.
  // "no-cache" revalidates with the ETag the progress report carries (304 when unchanged).
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    cache: 'no-cache',
    headers: headers(body === undefined ? {} : { 'content-type': 'application/json' }),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new ApiError(res.status, await problemOf(res));
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const getJson = <T>(path: string) => send<T>('GET', path);

/** Who is logged in; undefined when nobody is (401). */
export async function whoAmI(): Promise<SessionIdentity | undefined> {
  try {
    return (await getJson<{ identity: SessionIdentity }>('/session')).identity;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return undefined;
    throw error;
  }
}

/** A key, or a JWT (three base64url parts), exchanged for the session cookie. */
export async function logIn(credential: string): Promise<SessionIdentity> {
  const trimmed = credential.trim();
  const isJwt = /^[\w-]+\.[\w-]+\.[\w-]+$/.test(trimmed);
  const answer = await send<{ identity: SessionIdentity }>(
    'POST',
    '/session',
    isJwt ? { token: trimmed } : { key: trimmed },
  );
  return answer.identity;
}

export const logOut = () => send<void>('DELETE', '/session');
