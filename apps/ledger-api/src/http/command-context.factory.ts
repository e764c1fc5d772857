import { randomUUID } from 'node:crypto';
import { AuthedRequest } from './roles.guard';
import { CommandContext } from '@ledger/ledger';

/** Idempotency-Key (a retried request writes nothing twice) and correlation id from headers. */
export function commandContext(req: AuthedRequest): CommandContext {
  const key = req.header('idempotency-key')?.trim();
  const commandId = key && key.length <= 200 ? key : randomUUID();
  return {
    commandId,
    correlationId: req.header('x-correlation-id')?.trim() || commandId,
    actor: req.actor ?? 'unknown',
  };
}
