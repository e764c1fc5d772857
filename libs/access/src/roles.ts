/**
 * The jobs people and services do with the ledger. A role says what kind of data a caller may
 * read or write; its scope (scope.ts) says which plans, places or insurer.
 */
export const ROLES = [
  'operator',
  'township_official',
  'county_official',
  'insurer',
  'auditor',
  'privacy_officer',
  'viewer',
] as const;

export type Role = (typeof ROLES)[number];

export const ALL_ROLES: readonly Role[] = ROLES;

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * Sensitive personal information (PIPL Art. 28) each role may read, with why (docs/access.md):
 * - identity (name, ID number, phone in clear): the privacy officer only, who answers a person's
 *   requests (PIPL Art. 44-47) and checks erasures. Everyone else works with personRef.
 * - health (claim facts: hospital, drugs, service dates, pre-existing condition, expenses):
 *   the operator who submits and approves claims, the auditor who re-checks adjudications, and
 *   the privacy officer answering a person's access request. Officials, insurers and viewers
 *   work on aggregates; an insurer reads a person's history in the de-identified form the
 *   Kafka feed carries.
 */
export const SENSITIVE_READS: Readonly<Record<Role, { identity: boolean; health: boolean }>> = {
  operator: { identity: false, health: true },
  township_official: { identity: false, health: false },
  county_official: { identity: false, health: false },
  insurer: { identity: false, health: false },
  auditor: { identity: false, health: true },
  privacy_officer: { identity: true, health: true },
  viewer: { identity: false, health: false },
};

/** Bilingual names for messages and pages. */
export const ROLE_NAMES: Readonly<Record<Role, { zh: string; en: string }>> = {
  operator: { zh: '经办人员', en: 'operator' },
  township_official: { zh: '乡镇工作人员', en: 'township official' },
  county_official: { zh: '县级工作人员', en: 'county official' },
  insurer: { zh: '共保体成员保险公司', en: 'insurer' },
  auditor: { zh: '审计人员', en: 'auditor' },
  privacy_officer: { zh: '个人信息保护负责人', en: 'privacy officer' },
  viewer: { zh: '只读用户', en: 'viewer' },
};
