import { randomUUID } from 'node:crypto';
import { Request } from 'express';
import { actorOf, callerOf } from '@ledger/access';
import { CommandContext, parseIdempotencyKey } from '@ledger/ledger';
import { correlationIdOf } from './correlation-id';

/** Idempotency-Key (a retried request writes nothing twice), correlation id, and the actor. */
export function commandContext(req: Request): CommandContext {
  const commandId = parseIdempotencyKey(req.header('idempotency-key')) ?? randomUUID();
  return {
    commandId,
    correlationId: correlationIdOf(req),
    actor: actorOf(callerOf(req)),
  };
}
