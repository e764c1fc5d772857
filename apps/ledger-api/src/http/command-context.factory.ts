import { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { actorOf, callerOf } from '@ledger/access';
import { CommandContext } from '@ledger/ledger';

/** Idempotency-Key (a retried request writes nothing twice), correlation id, and the actor. */
export function commandContext(req: Request): CommandContext {
  const key = req.header('idempotency-key')?.trim();
  const commandId = key && key.length <= 200 ? key : randomUUID();
  return {
    commandId,
    correlationId: req.header('x-correlation-id')?.trim() || commandId,
    actor: actorOf(callerOf(req)),
  };
}
