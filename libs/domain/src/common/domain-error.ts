/** How a caller should treat a refusal: bad input, a state conflict, or something missing. */
export type DomainErrorKind = 'invalid' | 'conflict' | 'not_found';

/**
 * A refusal by a domain rule. `field` is the input path the rule is about ("person.idNumber",
 * "contributions[1].relation"); `rule` names the rule (stable, for clients and tests).
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly kind: DomainErrorKind,
    readonly field: string,
    readonly rule: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const invalid = (
  field: string,
  rule: string,
  message: string,
  details?: Record<string, unknown>,
) => new DomainError('invalid', field, rule, message, details);

export const conflict = (
  field: string,
  rule: string,
  message: string,
  details?: Record<string, unknown>,
) => new DomainError('conflict', field, rule, message, details);

export const notFound = (field: string, rule: string, message: string) =>
  new DomainError('not_found', field, rule, message);

/** What a decider returns: the events to append, or the refusal. */
export type Decision<E> = { ok: true; events: E[] } | { ok: false; error: DomainError };

/** Runs a decision body that throws DomainError, as a Decision. Other errors are bugs: rethrown. */
export function decide<E>(body: () => E[]): Decision<E> {
  try {
    return { ok: true, events: body() };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, error };
    throw error;
  }
}
