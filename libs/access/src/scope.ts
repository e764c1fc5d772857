import { Role } from './roles';

/**
 * What part of the ledger an identity works on. Every field narrows; an absent field does not.
 * - plans: plan ids (e.g. ganzhou-2024).
 * - counties: region codes (GB/T 2260) a plan's target county or region must have (360730 Ningdu).
 * - districts / townships: ids inside each plan in scope (片区 d1, 乡镇 t01); township officials only.
 * - insurer: the coalition member an insurer key speaks for.
 * An identity with no field at all is ledger-wide (needed for erasure, rebuild, the access log).
 */
export interface Scope {
  readonly plans?: readonly string[];
  readonly counties?: readonly string[];
  readonly districts?: readonly string[];
  readonly townships?: readonly string[];
  readonly insurer?: string;
}

export const SCOPE_FIELDS = ['plans', 'counties', 'districts', 'townships', 'insurer'] as const;
type ListField = 'plans' | 'counties' | 'districts' | 'townships';
const LIST_FIELDS: readonly ListField[] = ['plans', 'counties', 'districts', 'townships'];

const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export class ScopeError extends Error {
  override readonly name = 'ScopeError';
}

export function isLedgerWide(scope: Scope): boolean {
  return SCOPE_FIELDS.every((f) => scope[f] === undefined);
}

/**
 * Checks a scope from a file, a token or the environment against what the role can be given:
 * place fields only for township officials (who must name some, with the plans or counties they
 * belong to, since township ids are per plan), an insurer id exactly for insurers.
 */
export function checkScope(role: Role, raw: unknown, where: string): Scope {
  if (raw === undefined || raw === null) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw new ScopeError(`${where}: scope must be an object`);
  const input = raw as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!(SCOPE_FIELDS as readonly string[]).includes(key))
      throw new ScopeError(
        `${where}: unknown scope field "${key}" (fields: ${SCOPE_FIELDS.join(', ')})`,
      );
  }
  const scope: { -readonly [K in keyof Scope]: Scope[K] } = {};
  for (const field of LIST_FIELDS) {
    const value = input[field];
    if (value === undefined) continue;
    if (!Array.isArray(value) || value.length === 0)
      throw new ScopeError(`${where}: scope.${field} must be a non-empty list of ids`);
    for (const id of value) {
      if (typeof id !== 'string' || !ID.test(id))
        throw new ScopeError(`${where}: scope.${field} has an invalid id ${JSON.stringify(id)}`);
    }
    scope[field] = [...new Set(value as string[])];
  }
  if (input.insurer !== undefined) {
    if (typeof input.insurer !== 'string' || !ID.test(input.insurer))
      throw new ScopeError(`${where}: scope.insurer must be an insurer id`);
    scope.insurer = input.insurer;
  }
  const places = scope.districts !== undefined || scope.townships !== undefined;
  if (role === 'township_official') {
    if (!places)
      throw new ScopeError(
        `${where}: a township_official needs scope.townships or scope.districts`,
      );
    if (!scope.plans && !scope.counties)
      throw new ScopeError(
        `${where}: township and district ids are per plan: name scope.plans or scope.counties too`,
      );
  } else if (places) {
    throw new ScopeError(
      `${where}: scope.townships and scope.districts are for township_official only (a ${role} works on whole plans or counties)`,
    );
  }
  if (role === 'insurer' && scope.insurer === undefined)
    throw new ScopeError(`${where}: an insurer needs scope.insurer (its insurer id)`);
  if (role !== 'insurer' && scope.insurer !== undefined)
    throw new ScopeError(`${where}: scope.insurer is for the insurer role only`);
  return scope;
}

/**
 * The scope part of a LEDGER_API_KEYS entry: `field=id+id;field=id`, e.g.
 * `plans=yuyao-2024;townships=t01+t02` or `insurer=picc-pc`.
 */
export function parseScopeText(role: Role, text: string, where: string): Scope {
  const raw: Record<string, unknown> = {};
  for (const part of text
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new ScopeError(`${where}: scope parts are field=value, got "${part}"`);
    const field = part.slice(0, eq).trim();
    const values = part
      .slice(eq + 1)
      .split('+')
      .map((s) => s.trim())
      .filter(Boolean);
    raw[field] = field === 'insurer' ? values.join('+') : values;
  }
  return checkScope(role, raw, where);
}

/** A short description for logs and the session endpoint. */
export function describeScope(scope: Scope): string {
  if (isLedgerWide(scope)) return 'ledger-wide';
  return SCOPE_FIELDS.filter((f) => scope[f] !== undefined)
    .map((f) => `${f}=${Array.isArray(scope[f]) ? (scope[f] as string[]).join('+') : scope[f]}`)
    .join(';');
}
