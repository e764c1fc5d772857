import request from 'supertest';
import { ALL_ROLES, Role, Scope } from '@ledger/access';
import { composeResidentId } from '@ledger/domain';
import { EventStore } from '@ledger/event-store';
import { DEMO_COALITION, EVENT_STORE, LedgerViews, PlanRepository } from '@ledger/ledger';
import { startTestLedger, TestKey, TestLedger } from './ledger-test-app';

/**
 * A ledger with two plans and people in each, and one key per role scoped to the first plan
 * (yuyao-2024, county 330281, township t01, insurer picc-pc), plus ledger-wide keys where a role
 * can have one. Shared by the access matrix and the access e2e tests.
 */
export const IN_PLAN = 'yuyao-2024';
export const OUT_PLAN = 'ganzhou-2024';
export const IN_TOWNSHIP = 't01';
export const OTHER_TOWNSHIP = 't02';
export const OWN_INSURER = 'picc-pc';
export const NOW = '2024-06-01T10:00:00+08:00';

const YUYAO = '330281';
const NINGDU = '360730';

/** The scope of each role's scoped key: yuyao-2024 only, in the way each role is scoped. */
export const SCOPED: Readonly<Record<Role, Scope>> = {
  operator: { plans: [IN_PLAN] },
  township_official: { plans: [IN_PLAN], townships: [IN_TOWNSHIP] },
  county_official: { counties: [YUYAO] },
  // No plan named: the insurer reaches the plans whose coalition it belongs to.
  insurer: { insurer: OWN_INSURER },
  auditor: { plans: [IN_PLAN] },
  privacy_officer: { plans: [IN_PLAN] },
  viewer: { counties: [YUYAO] },
};
/** Roles that can also hold a ledger-wide key (place and insurer keys are always scoped). */
export const WIDE_ROLES: readonly Role[] = ALL_ROLES.filter(
  (r) => r !== 'township_official' && r !== 'insurer',
);

export const scopedKey = (role: Role) => `k-${role}-scoped`;
export const wideKey = (role: Role) => `k-${role}-wide`;
export const ADMIN = 'k-admin';

export interface Person {
  personRef: string;
  idNumber: string;
}

export interface AccessFixture {
  ledger: TestLedger;
  http: ReturnType<typeof request>;
  /** In yuyao-2024, township t01 / t02; in ganzhou-2024. */
  inPerson: Person;
  otherTownshipPerson: Person;
  outPerson: Person;
  /** Enrolled for the erasure route: erasing someone the ledger never saw is 404. */
  erasable: Person;
  inClaim: string;
  outClaim: string;
  head(): Promise<bigint>;
  as(key: string): Record<string, string>;
  enroll(planId: string, extra?: Record<string, unknown>): Promise<Person>;
  newId(planId: string): string;
  adjudicate(planId: string, personRef: string, claimId: string): Promise<void>;
  approve(planId: string, personRef: string, claimId: string): Promise<void>;
}

export function claimBody(claimId: string) {
  return {
    claimId,
    serviceDate: '2024-02-01',
    hospital: '市人民医院',
    totalExpenseFen: 1_000_000,
    priorLayers: { basicInsuranceFen: 0, criticalIllnessInsuranceFen: 0, medicalAidFen: 0 },
    lines: [{ responsibilityCode: 'R4', residualFen: 1_000_000 }],
  };
}

export function claimBodyFor(planId: string, claimId: string) {
  if (planId === IN_PLAN) return claimBody(claimId);
  return {
    ...claimBody(claimId),
    totalExpenseFen: 5_000_000,
    lines: [{ responsibilityCode: 'in_catalogue', residualFen: 5_000_000 }],
  };
}

export async function startAccessFixture(extraKeys: TestKey[] = []): Promise<AccessFixture> {
  const keys: TestKey[] = [
    [ADMIN, 'operator'],
    ...ALL_ROLES.map((role): TestKey => [scopedKey(role), role, SCOPED[role]]),
    ...WIDE_ROLES.map((role): TestKey => [wideKey(role), role]),
    ...extraKeys,
  ];
  const ledger = await startTestLedger(NOW, keys);
  const http = request(ledger.app.getHttpServer());
  const as = (key: string) => ({
    Authorization: `Bearer ${key}`,
    'X-Access-Purpose': encodeURIComponent('访问控制测试 access test'),
  });
  let seq = 500;
  const newId = (planId: string) =>
    composeResidentId(planId === OUT_PLAN ? NINGDU : YUYAO, '1980-05-06', seq++);
  const enroll = async (planId: string, extra: Record<string, unknown> = {}): Promise<Person> => {
    const idNumber = newId(planId);
    const region = planId === OUT_PLAN ? NINGDU : YUYAO;
    const res = await http
      .post(`/plans/${planId}/enrollments`)
      .set(as(ADMIN))
      .send({
        person: { idNumber, name: '测试人', phone: '13800000000' },
        basicInsurance: { scheme: 'resident', insuredRegionCode: region },
        townshipId: IN_TOWNSHIP,
        occurredAt: planId === OUT_PLAN ? '2023-12-20T10:00:00+08:00' : '2023-11-15T10:00:00+08:00',
        contributions: [{ source: 'individual', amountFen: 10000 }],
        ...extra,
      });
    if (res.status !== 201) throw new Error(`enroll: ${res.status} ${JSON.stringify(res.body)}`);
    return { personRef: res.body.personRef as string, idNumber };
  };
  const adjudicate = async (planId: string, personRef: string, claimId: string) => {
    const res = await http
      .post(`/plans/${planId}/policies/${personRef}/claims`)
      .set(as(ADMIN))
      .send(claimBodyFor(planId, claimId));
    if (res.status !== 201 || res.body.outcome !== 'adjudicated')
      throw new Error(`claim: ${res.status} ${JSON.stringify(res.body)}`);
  };
  const approve = async (planId: string, personRef: string, claimId: string) => {
    const res = await http
      .post(`/plans/${planId}/policies/${personRef}/claims/${claimId}/approval`)
      .set(as(ADMIN))
      .send({});
    if (res.status !== 201) throw new Error(`approval: ${res.status} ${JSON.stringify(res.body)}`);
  };

  // The scorecard (000's settings) on too, so that township rows of it are scoped as well.
  const scorecard = (await ledger.app.get(PlanRepository).get(OUT_PLAN))!.definition.scorecard;
  await http
    .patch(`/plans/${IN_PLAN}`)
    .set(as(ADMIN))
    .send({
      changes: { coalition: DEMO_COALITION, scorecard },
      reason: 'coalition and scorecard for the access tests',
    })
    .expect(200);
  // Ganzhou's coalition without picc-pc: the insurer key has no business there.
  await http
    .patch(`/plans/${OUT_PLAN}`)
    .set(as(ADMIN))
    .send({
      changes: {
        coalition: {
          leadInsurerId: 'cpic-pc',
          members: DEMO_COALITION.members
            .filter((m) => m.insurerId !== OWN_INSURER)
            .map((m) => ({ ...m, shareBp: m.insurerId === 'cpic-pc' ? 6000 : 4000 })),
        },
      },
      reason: 'coalition for the access tests',
    })
    .expect(200);
  const inPerson = await enroll(IN_PLAN);
  const otherTownshipPerson = await enroll(IN_PLAN, { townshipId: OTHER_TOWNSHIP });
  const outPerson = await enroll(OUT_PLAN);
  const erasable = await enroll(OUT_PLAN);
  await adjudicate(IN_PLAN, inPerson.personRef, 'IN-1');
  await approve(IN_PLAN, inPerson.personRef, 'IN-1');
  await adjudicate(IN_PLAN, otherTownshipPerson.personRef, 'T02-1');
  await approve(IN_PLAN, otherTownshipPerson.personRef, 'T02-1');
  await adjudicate(OUT_PLAN, outPerson.personRef, 'OUT-1');
  await approve(OUT_PLAN, outPerson.personRef, 'OUT-1');
  await ledger.app.get(LedgerViews).caughtUp();
  return {
    ledger,
    http,
    inPerson,
    otherTownshipPerson,
    outPerson,
    erasable,
    inClaim: 'IN-1',
    outClaim: 'OUT-1',
    head: async () => (await ledger.app.get<EventStore>(EVENT_STORE).headPosition()).commit,
    as,
    enroll,
    newId,
    adjudicate,
    approve,
  };
}
