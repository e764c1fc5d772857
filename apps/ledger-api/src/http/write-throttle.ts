import { DynamicModule, ExecutionContext, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule, ThrottlerModuleOptions } from '@nestjs/throttler';
import { Request } from 'express';
import { OPEN_MODE_IDENTITY } from '@ledger/access';
import { HttpSettings, RateLimit } from '@ledger/ledger';

/** Open mode gives every caller one identity: not one to key on. */
const SHARED_OPEN_MODE_ID = OPEN_MODE_IDENTITY.id;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** What the access guard leaves on a request: its decision, with the caller's identity. */
type Identified = Request & { access?: { identity?: { id: string } } };

/** The caller's identity id as the access guard set it; undefined for anonymous callers. */
export function identityIdOf(req: Identified): string | undefined {
  return req.access?.identity?.id;
}

/**
 * Whose writes count together: the identity the access guard set on the request, or, for a
 * caller without one of its own (open mode gives everyone the same), the network address.
 */
export function rateLimitTracker(req: Identified): string {
  const id = identityIdOf(req);
  return id && id !== SHARED_OPEN_MODE_ID ? `id:${id}` : `ip:${req.ip}`;
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

/**
 * The write rate limit as a module of its own, imported after AccessModule: Nest applies global
 * guards in the order their modules are scanned, so the ThrottlerGuard runs after the access
 * guard and keys on the identity it set (not on the network address of everyone).
 */
@Module({})
export class WriteThrottleModule {
  static register(settings: HttpSettings): DynamicModule {
    return {
      module: WriteThrottleModule,
      imports: [ThrottlerModule.forRoot(writeThrottlerOptions(settings))],
      providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }],
    };
  }
}
