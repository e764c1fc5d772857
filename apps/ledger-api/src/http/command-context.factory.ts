import { randomUUID } from 'node:crypto';
import { CommandContext, parseIdempotencyKey } from '@ledger/ledger';
import { correlationIdOf } from './correlation-id';
import { AuthedRequest } from './roles.guard';

/** Idempotency-Key (a retried request writes nothing twice) and correlation id from headers. */
export function commandContext(req: AuthedRequest): CommandContext {
  const commandId = parseIdempotencyKey(req.header('idempotency-key')) ?? randomUUID();
  return {
    commandId,
    correlationId: correlationIdOf(req),
    actor: req.actor ?? 'unknown',
  };
}
