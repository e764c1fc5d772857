import { ExecutionContext } from '@nestjs/common';
import { ThrottlerModuleOptions } from '@nestjs/throttler';
import { Request } from 'express';
import { HttpSettings, RateLimit } from '@ledger/ledger';

/** The actor the open-mode guard gives every caller: one identity for all, so not one to key on. */
const SHARED_OPEN_MODE_ACTOR = 'open-mode';
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** What the access guard leaves on a request: an identity decision, or (older guard) an actor. */
type Identified = Request & { access?: { identity?: { id: string } }; actor?: string };

/** The caller's identity id as the access guard set it; undefined for anonymous callers. */
export function identityIdOf(req: Identified): string | undefined {
  return req.access?.identity?.id ?? req.actor;
}

/**
 * Whose writes count together: the identity the access guard set on the request, or, for a
 * caller without one of its own (open mode gives everyone the same), the network address.
 */
export function rateLimitTracker(req: Identified): string {
  const id = identityIdOf(req);
  return id && id !== SHARED_OPEN_MODE_ACTOR ? `id:${id}` : `ip:${req.ip}`;
}

function limitOf(settings: HttpSettings, req: Identified): RateLimit | undefined {
  const id = identityIdOf(req);
  return (id ? settings.writeRateLimitsByIdentity.get(id) : undefined) ?? settings.writeRateLimit;
}

/**
 * @nestjs/throttler's options: writes limited in a fixed window per identity
 * (LEDGER_RATE_LIMIT_WRITES, overridden per identity by LEDGER_RATE_LIMIT_WRITES_BY_IDENTITY),
 * counted per API process. Its ThrottlerGuard runs after the access guard, so the identity is
 * known; a 429 is a problem document with rule request.tooManyRequests and a Retry-After header.
 */
export function writeThrottlerOptions(settings: HttpSettings): ThrottlerModuleOptions {
  const request = (context: ExecutionContext) => context.switchToHttp().getRequest<Identified>();
  return {
    throttlers: [
      {
        limit: (context) => limitOf(settings, request(context))?.limit ?? Number.MAX_SAFE_INTEGER,
        ttl: (context) => (limitOf(settings, request(context))?.windowSeconds ?? 1) * 1000,
      },
    ],
    // Writes only (reads are cheap and cached), and only while a limit applies to the caller.
    skipIf: (context) => {
      if (context.getType() !== 'http') return true;
      const req = request(context);
      return !WRITES.has(req.method) || limitOf(settings, req) === undefined;
    },
    getTracker: (req) => rateLimitTracker(req as Identified),
    errorMessage: (_context, detail) =>
      `too many writes: at most ${detail.limit} per ${detail.ttl / 1000} s for this caller; retry after ${detail.timeToBlockExpire} s`,
  };
}
