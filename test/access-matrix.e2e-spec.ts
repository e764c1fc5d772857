import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ACCESS_RULE, ALL_ROLES, AccessRule, Role } from '@ledger/access';
import { DEMO_COALITION, PlanRepository } from '@ledger/ledger';
import {
  ADMIN,
  AccessFixture,
  claimBodyFor,
  IN_PLAN,
  IN_TOWNSHIP,
  OTHER_TOWNSHIP,
  OUT_PLAN,
  OWN_INSURER,
  Person,
  scopedKey,
  startAccessFixture,
  wideKey,
  WIDE_ROLES,
} from './support/access-fixture';

/**
 * Issue 12, "Must show": every route × every role × in scope / out of scope. The routes come from
 * the application's own controllers (Nest's DiscoveryService and the route metadata), so a route
 * added without an @Access declaration, or without a case here saying who may call it, fails.
 * For each call the status is asserted (403 when refused, and then nothing written); for reads,
 * the body must not name a person, township, plan or insurer figure outside the caller's scope.
 */

interface Route {
  key: string;
  method: string;
  path: string;
  rule?: AccessRule;
}

function discoverRoutes(f: AccessFixture): Route[] {
  const app = f.ledger.app;
  const discovery = app.get(DiscoveryService);
  const scanner = app.get(MetadataScanner);
  const reflector = app.get(Reflector);
  const routes: Route[] = [];
  for (const { instance, metatype } of discovery.getControllers()) {
    if (!instance || !metatype) continue;
    const prefix = String(reflector.get(PATH_METADATA, metatype) ?? '');
    const proto = Object.getPrototypeOf(instance) as Record<string, () => unknown>;
    for (const name of scanner.getAllMethodNames(proto)) {
      const handler = proto[name];
      const path = reflector.get<string | undefined>(PATH_METADATA, handler);
      const method = reflector.get<RequestMethod | undefined>(METHOD_METADATA, handler);
      if (path === undefined || method === undefined) continue;
      const full =
        '/' +
        [prefix, path]
          .flatMap((p) => p.split('/'))
          .filter(Boolean)
          .join('/');
      const verb = RequestMethod[method];
      routes.push({
        key: `${verb} ${full}`,
        method: verb,
        path: full,
        rule: reflector.get<AccessRule | undefined>(ACCESS_RULE, handler),
      });
    }
  }
  return routes;
}

type Target = 'in' | 'out' | 'other-township';
interface Params {
  planId: string;
  /** A dashboard asset (GET /dashboard/assets/:asset). */
  asset: string;
  townshipId: string;
  personRef: string;
  claimId: string;
  person?: Person;
  contributionId?: string;
  /** A township table preview's fingerprint, to apply it with. */
  fingerprint?: string;
  employerId?: string;
  batchId?: string;
  productId?: string;
  termId?: string;
  planYear?: number;
  jobId?: string;
}

interface Case {
  /** The policy: who may call (compared with the route's declaration). */
  roles: readonly Role[] | 'public' | 'authenticated';
  ok: number;
  body?: (p: Params, f: AccessFixture, key: string) => object;
  /** Waits for what an allowed call started in the background (an import job) to finish. */
  settle?: (body: unknown, f: AccessFixture) => Promise<void>;
  /** A file sent as multipart field "file" (upload routes), instead of a JSON body. */
  upload?: (p: Params, f: AccessFixture) => { name: string; bytes: Buffer };
  /** Run before an allowed call (with the admin key), e.g. a fresh person to cancel. */
  prepare?: (p: Params, f: AccessFixture) => Promise<Partial<Params>>;
  stream?: true;
}

const ALL = ALL_ROLES;
const PROGRESS: Role[] = ['operator', 'auditor', 'county_official', 'township_official', 'viewer'];
const FIGURES: Role[] = ['operator', 'auditor', 'county_official', 'viewer'];
const INSURER_FIGURES: Role[] = [...FIGURES, 'insurer'];
const PERSON: Role[] = ['operator', 'auditor', 'privacy_officer'];
const HISTORY: Role[] = [...PERSON, 'insurer'];
const OPERATOR: Role[] = ['operator'];

let n = 0;
const fresh = () => ++n;

const enrollmentBody = (p: Params, f: AccessFixture) => ({
  person: { idNumber: f.newId(p.planId), name: '新人' },
  basicInsurance: {
    scheme: 'resident',
    insuredRegionCode: p.planId === OUT_PLAN ? '360730' : '330281',
  },
  townshipId: IN_TOWNSHIP,
  occurredAt: '2023-11-15T10:00:00+08:00',
  contributions: [{ source: 'individual', amountFen: 10000 }],
});

const groupPurchaseBody = (p: Params, f: AccessFixture, batchId: string) => ({
  employer: { employerId: 'matrix-employer', name: '矩阵测试单位工会', kind: 'union' },
  batchId,
  employerShare: { percent: 60 },
  restPaidBy: 'individual',
  occurredAt: '2023-11-15T10:00:00+08:00',
  staff: [
    {
      idNumber: f.newId(p.planId),
      name: '职工',
      basicInsurance: {
        scheme: 'employee',
        insuredRegionCode: p.planId === OUT_PLAN ? '360730' : '330281',
      },
      township: IN_TOWNSHIP,
    },
  ],
});

/** A batch without its remittance, submitted with the admin key. */
const groupPurchaseBatch = async (p: Params, f: AccessFixture) => {
  const batchId = `matrix-batch-${fresh()}`;
  await f.http
    .post(`/plans/${p.planId}/group-purchases`)
    .set(f.as(ADMIN))
    .send(groupPurchaseBody(p, f, batchId))
    .expect(201);
  return { employerId: 'matrix-employer', batchId };
};

/** Products span plans: their routes are for ledger-wide identities (resource 'ledger'). */
const YUYAO_PRODUCT = 'ningbo-tianyi-yongningbao';
const product =
  (productId: string, extra: Partial<Params> = {}) =>
  async () => ({
    productId,
    ...extra,
  });

/** A fresh Yuyao enrollee who consents to renew, paid by a child's personal account. */
const renewalConsent = async (_p: Params, f: AccessFixture) => {
  const person = await f.enroll(IN_PLAN);
  await f.http
    .post(`/products/${YUYAO_PRODUCT}/renewal-consents`)
    .set(f.as(ADMIN))
    .send(consentBody(person.idNumber, f))
    .expect(201);
  return { productId: YUYAO_PRODUCT, personRef: person.personRef };
};

const consentBody = (idNumber: string, f: AccessFixture) => ({
  person: { idNumber },
  basicInsurance: { scheme: 'resident', insuredRegionCode: '330281' },
  payer: { idNumber: f.newId(IN_PLAN), scheme: 'employee' },
  relation: 'parent',
});

/** An enrollment sheet as a clerk uploads it: one fresh person in the plan's own region. */
const enrollmentSheet = (p: Params, f: AccessFixture) => ({
  name: `参保名单-${fresh()}.csv`,
  bytes: Buffer.from(
    [
      '身份证号码,姓名,参保类别,参保地区代码,乡镇,缴费来源,金额,参保时间',
      `${f.newId(p.planId)},新人,城乡居民,${p.planId === OUT_PLAN ? '360730' : '330281'},${IN_TOWNSHIP},个人缴费,100.00,2023-11-15 10:00`,
    ].join('\n'),
    'utf8',
  ),
});

/** Until an import job has finished (its events written, its results file ready). */
const jobFinished = async (body: unknown, f: AccessFixture) => {
  const jobId = (body as { jobId: string }).jobId;
  for (;;) {
    const job = await f.http.get(`/import-jobs/${jobId}`).set(f.as(ADMIN)).expect(200);
    if (job.body.status === 'succeeded' || job.body.status === 'failed') return;
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** An enrollment import of the target's plan, finished (its results file is ready). */
const finishedImportJob = async (p: Params, f: AccessFixture) => {
  const { name, bytes } = enrollmentSheet(p, f);
  const accepted = await f.http
    .post(`/plans/${p.planId}/enrollment-imports`)
    .set(f.as(ADMIN))
    .attach('file', bytes, name)
    .expect(202);
  await jobFinished(accepted.body, f);
  return { jobId: accepted.body.jobId as string };
};

const freshPerson = async (p: Params, f: AccessFixture) => {
  const person = await f.enroll(p.planId);
  return { personRef: person.personRef, person };
};

/** Something new in the log, so that a seal has something to cover (201, not 200 unchanged). */
const newEvent = async (_p: Params, f: AccessFixture) => {
  await f.enroll(IN_PLAN);
  return {};
};

/** A published seal to read back. */
const sealed = async (p: Params, f: AccessFixture) => {
  await newEvent(p, f);
  await f.http.post('/audit/seals').set(f.as(ADMIN)).expect(201);
  return {};
};

const CASES: Record<string, Case> = {
  'POST /audit/seals': { roles: OPERATOR, ok: 201, prepare: newEvent },
  'GET /audit/seals/latest': { roles: 'authenticated', ok: 200, prepare: sealed },
  'GET /audit/public-key': { roles: 'public', ok: 200 },
  'GET /audit/integrity': { roles: ['operator', 'auditor'], ok: 200 },
  'GET /plans': { roles: ALL, ok: 200 },
  'GET /plans/:planId': { roles: ALL, ok: 200 },
  'PATCH /plans/:planId': {
    roles: OPERATOR,
    ok: 200,
    body: () => ({
      changes: { enrollmentWindow: { opensOn: '2023-10-10', closesOn: '2023-12-10' } },
      reason: 'matrix',
    }),
  },
  'POST /persons/erasure': {
    roles: ['privacy_officer'],
    ok: 201,
    body: (_p, f) => ({ idNumber: f.erasable.idNumber, reason: 'PIPL request (matrix)' }),
  },
  'POST /plans/:planId/township-tables/preview': {
    roles: OPERATOR,
    ok: 200,
    body: () => ({ source: 'matrix: the same table again', table: yuyaoTable }),
  },
  'POST /plans/:planId/township-tables': {
    roles: OPERATOR,
    ok: 201,
    // The plan's own table again, in its order: the township ids stay what they are; applied
    // with the fingerprint of its preview.
    prepare: async (p, f) => ({
      fingerprint: (
        await f.http
          .post(`/plans/${p.planId}/township-tables/preview`)
          .set(f.as(ADMIN))
          .send({ source: 'matrix: the same table again', table: yuyaoTable })
          .expect(200)
      ).body.fingerprint as string,
    }),
    body: (p) => ({
      source: 'matrix: the same table again',
      table: yuyaoTable,
      fingerprint: p.fingerprint,
    }),
  },
  'GET /products': { roles: FIGURES, ok: 200 },
  'GET /products/:productId': { roles: FIGURES, ok: 200, prepare: product('ganzhou-huiminbao') },
  'GET /products/:productId/years/:planYear/report': {
    roles: FIGURES,
    ok: 200,
    prepare: product(YUYAO_PRODUCT, { planYear: 2024 }),
  },
  'GET /products/:productId/cumulative': {
    roles: FIGURES,
    ok: 200,
    prepare: product(YUYAO_PRODUCT),
  },
  'POST /products/:productId/plans': {
    roles: OPERATOR,
    ok: 201,
    prepare: product('ganzhou-huiminbao'),
    body: () => ({ fromPlanId: 'ganzhou-2024', changes: {}, reason: 'matrix: 2025 as 2024' }),
  },
  'POST /products/:productId/coalition-terms': {
    roles: OPERATOR,
    ok: 201,
    prepare: product('sanming-puhui-yilianbao'),
    body: () => ({ fromYear: 2026, coalition: DEMO_COALITION, reason: 'matrix: 遴选' }),
  },
  'POST /products/:productId/coalition-terms/:termId/amendments': {
    roles: OPERATOR,
    ok: 201,
    prepare: async (_p, f) => {
      const term = await f.http
        .post('/products/yichun-huiminbao/coalition-terms')
        .set(f.as(ADMIN))
        .send({ fromYear: 2026, coalition: DEMO_COALITION, reason: 'matrix: 遴选' })
        .expect(201);
      return { productId: 'yichun-huiminbao', termId: term.body.termId as string };
    },
    body: () => ({
      effectiveOn: '2026-07-01',
      coalition: {
        ...DEMO_COALITION,
        members: DEMO_COALITION.members.map((m, i) => ({ ...m, shareBp: [5000, 3000, 2000][i] })),
      },
      reason: 'matrix: 补充约定',
    }),
  },
  'POST /products/:productId/years/:planYear/operating-costs': {
    roles: OPERATOR,
    ok: 201,
    prepare: product(YUYAO_PRODUCT, { planYear: 2024 }),
    body: () => ({ insurerId: 'picc-pc', amountFen: 100, note: 'matrix' }),
  },
  'POST /products/:productId/renewal-consents': {
    roles: OPERATOR,
    ok: 201,
    prepare: async (_p, f) => ({ productId: YUYAO_PRODUCT, person: await f.enroll(IN_PLAN) }),
    body: (p, f) => consentBody(p.person?.idNumber ?? f.newId(IN_PLAN), f),
  },
  'GET /products/:productId/renewal-consents/:personRef': {
    roles: PERSON,
    ok: 200,
    prepare: renewalConsent,
  },
  'POST /products/:productId/renewal-consents/:personRef/withdrawal': {
    roles: OPERATOR,
    ok: 201,
    prepare: renewalConsent,
    body: () => ({ reason: 'matrix: 本人撤回' }),
  },
  'POST /products/:productId/renewal-runs': {
    roles: OPERATOR,
    ok: 201,
    // Next year's plan with its window already open at the fixture's clock.
    prepare: async (_p, f) => {
      const derived = await f.http
        .post(`/products/${YUYAO_PRODUCT}/plans`)
        .set(f.as(ADMIN))
        .send({
          fromPlanId: 'yuyao-2024',
          changes: { enrollmentWindow: { opensOn: '2024-05-01', closesOn: '2024-12-10' } },
          reason: 'matrix: 2025',
        });
      expect([201, 409]).toContain(derived.status);
      return { productId: YUYAO_PRODUCT };
    },
    body: () => ({ planYear: 2025 }),
  },
  'POST /plans/:planId/enrollment-imports': {
    roles: OPERATOR,
    ok: 202,
    upload: enrollmentSheet,
    settle: jobFinished,
  },
  'POST /claim-imports': {
    roles: OPERATOR,
    ok: 202,
    settle: jobFinished,
    upload: () => ({
      name: `claims-${fresh()}.csv`,
      bytes: readFileSync(join(__dirname, '..', 'docs', 'examples', 'claims.csv')),
    }),
  },
  'GET /import-jobs/:jobId': {
    roles: ['operator', 'auditor'],
    ok: 200,
    prepare: finishedImportJob,
  },
  'GET /import-jobs/:jobId/results': {
    roles: ['operator', 'auditor'],
    ok: 200,
    prepare: finishedImportJob,
  },
  'POST /plans/:planId/group-purchases': {
    roles: OPERATOR,
    ok: 201,
    body: (p, f) => groupPurchaseBody(p, f, `matrix-${fresh()}`),
  },
  'POST /plans/:planId/group-purchases/:employerId/:batchId/remittance': {
    roles: OPERATOR,
    ok: 201,
    prepare: groupPurchaseBatch,
    body: () => ({ amountFen: 6000, receivedOn: '2023-11-20', reference: 'MATRIX' }),
  },
  'GET /plans/:planId/group-purchases/:employerId/:batchId': {
    roles: ['operator', 'auditor'],
    ok: 200,
    prepare: groupPurchaseBatch,
  },
  'POST /plans/:planId/enrollments': { roles: OPERATOR, ok: 201, body: enrollmentBody },
  'POST /plans/:planId/enrollment-batches': {
    roles: OPERATOR,
    ok: 200,
    body: (p, f) => ({ enrollments: [enrollmentBody(p, f)] }),
  },
  'POST /plans/:planId/policies/lookup': {
    roles: ['operator', 'privacy_officer'],
    ok: 200,
    body: (_p, f) => ({ idNumber: f.inPerson.idNumber }),
  },
  'GET /plans/:planId/policies/:personRef': { roles: PERSON, ok: 200 },
  'GET /plans/:planId/policies/:personRef/history': { roles: HISTORY, ok: 200 },
  'POST /plans/:planId/policies/:personRef/cancellation': {
    roles: OPERATOR,
    ok: 201,
    prepare: freshPerson,
    body: () => ({ reason: 'matrix', occurredAt: '2023-11-20T10:00:00+08:00' }),
  },
  'POST /plans/:planId/policies/:personRef/deductions/settled': {
    roles: OPERATOR,
    ok: 201,
    prepare: pendingDeduction,
    body: (p) => ({
      contributionId: p.contributionId ?? 'none',
      occurredAt: '2023-11-16T10:00:00+08:00',
    }),
  },
  'POST /plans/:planId/policies/:personRef/deductions/failed': {
    roles: OPERATOR,
    ok: 201,
    prepare: pendingDeduction,
    body: (p) => ({
      contributionId: p.contributionId ?? 'none',
      reason: 'insufficient balance',
      occurredAt: '2023-11-16T10:00:00+08:00',
    }),
  },
  'POST /plans/:planId/policies/:personRef/claims': {
    roles: OPERATOR,
    ok: 201,
    body: (p) => claimBodyFor(p.planId, `M-${fresh()}`),
  },
  'GET /plans/:planId/policies/:personRef/claims': { roles: PERSON, ok: 200 },
  'GET /plans/:planId/policies/:personRef/claims/:claimId': { roles: PERSON, ok: 200 },
  'POST /plans/:planId/policies/:personRef/claims/:claimId/approval': {
    roles: OPERATOR,
    ok: 201,
    prepare: async (p, f) => {
      const claimId = `A-${fresh()}`;
      await f.adjudicate(p.planId, p.personRef, claimId);
      return { claimId };
    },
    body: () => ({}),
  },
  'POST /plans/:planId/policies/:personRef/claims/:claimId/payment': {
    roles: OPERATOR,
    ok: 201,
    prepare: async (p, f) => {
      const claimId = `P-${fresh()}`;
      await f.adjudicate(p.planId, p.personRef, claimId);
      await f.approve(p.planId, p.personRef, claimId);
      return { claimId };
    },
    body: () => ({ paymentReference: `BANK-${fresh()}` }),
  },
  'POST /plans/:planId/policies/:personRef/basic-insurance/suspension': {
    roles: OPERATOR,
    ok: 201,
    prepare: freshPerson,
    body: () => ({ from: '2024-03-01', reason: '保费欠缴' }),
  },
  'POST /plans/:planId/policies/:personRef/basic-insurance/restoration': {
    roles: OPERATOR,
    ok: 201,
    prepare: async (p, f) => {
      const person = await f.enroll(p.planId);
      await f.http
        .post(`/plans/${p.planId}/policies/${person.personRef}/basic-insurance/suspension`)
        .set(f.as(ADMIN))
        .send({ from: '2024-03-01', reason: '保费欠缴' })
        .expect(201);
      return { personRef: person.personRef };
    },
    body: () => ({ suspendedFrom: '2024-03-01', restoredOn: '2024-04-01', backPaid: true }),
  },
  'GET /plans/:planId/policies/:personRef/accumulators': { roles: PERSON, ok: 200 },
  'GET /plans/:planId/payouts': { roles: INSURER_FIGURES, ok: 200 },
  'POST /plans/:planId/subsidy-rosters': {
    roles: OPERATOR,
    ok: 201,
    body: (p, f) => ({
      rosterId: `matrix-${fresh()}`,
      source: '民政局 (matrix)',
      listDate: '2023-11-15',
      csv: `idNumber,category,scheme,insuredRegionCode,townshipId\n${f.newId(p.planId)},di_bao,resident,330281,${IN_TOWNSHIP}\n`,
    }),
  },
  'POST /plans/:planId/assessments': {
    roles: OPERATOR,
    ok: 201,
    body: () => ({ kind: 'staff_relatives', townshipId: IN_TOWNSHIP, relatives: 10, enrolled: 8 }),
  },
  'GET /plans/:planId/progress': { roles: PROGRESS, ok: 200 },
  'GET /plans/:planId/townships/:townshipId/progress': { roles: PROGRESS, ok: 200 },
  'GET /plans/:planId/coinsurance': { roles: INSURER_FIGURES, ok: 200 },
  'GET /plans/:planId/subsidies': { roles: FIGURES, ok: 200 },
  'GET /plans/:planId/scorecard': { roles: PROGRESS, ok: 200 },
  'GET /plans/:planId/progress/stream': { roles: PROGRESS, ok: 200, stream: true },
  'GET /projections/status': { roles: ['operator', 'auditor'], ok: 200 },
  'POST /projections/rebuild': { roles: ['operator', 'auditor'], ok: 201 },
  // The dashboard's page and assets hold no data (the views they read are guarded): public.
  'GET /dashboard': { roles: 'public', ok: 200 },
  'GET /dashboard/login': { roles: 'public', ok: 200 },
  'GET /dashboard/assets/:asset': { roles: 'public', ok: 200 },
  'GET /dashboard/:planId': { roles: 'public', ok: 200 },
  'GET /health/live': { roles: 'public', ok: 200 },
  'GET /health/ready': { roles: 'public', ok: 200 },
  'POST /session': { roles: 'public', ok: 200, body: (_p, _f, key) => ({ key }) },
  'GET /session': { roles: 'authenticated', ok: 200 },
  'DELETE /session': { roles: 'public', ok: 204 },
  'GET /access-log': { roles: ['auditor', 'privacy_officer'], ok: 200 },
};

async function pendingDeduction(p: Params, f: AccessFixture): Promise<Partial<Params>> {
  const payer = f.newId(p.planId);
  const person = await f.enroll(p.planId, {
    contributions: [
      {
        source: 'personal_account',
        amountFen: 10000,
        relation: 'child',
        payer: { idNumber: payer, scheme: 'employee' },
        deduction: 'pending',
      },
    ],
  });
  const policy = await f.http
    .get(`/plans/${p.planId}/policies/${person.personRef}`)
    .set(f.as(ADMIN))
    .expect(200);
  return {
    personRef: person.personRef,
    contributionId: `${policy.body.enrollments[0].enrollmentId}/c1`,
  };
}

let yuyaoTable: unknown;

/** What a caller must never see in a response, by role. */
interface Forbidden {
  persons: string[];
  townshipIds: Set<string>;
  townshipNames: Set<string>;
  planIds: Set<string>;
  insurerIds: Set<string>;
}

const FIGURE_KEY = /Fen$|^lossRatioBp$|^rank$|^approvals$/;

/** Every place in the body where something outside the scope shows. */
function leaks(body: unknown, forbidden: Forbidden): string[] {
  const found: string[] = [];
  const walk = (value: unknown, path: string): void => {
    if (typeof value === 'string') {
      for (const p of forbidden.persons) if (value.includes(p)) found.push(`${path}: person ${p}`);
      if (forbidden.townshipNames.has(value)) found.push(`${path}: township ${value}`);
      return;
    }
    if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${path}[${i}]`));
    if (value === null || typeof value !== 'object') return;
    const o = value as Record<string, unknown>;
    if (typeof o.townshipId === 'string' && forbidden.townshipIds.has(o.townshipId))
      found.push(`${path}: township ${o.townshipId}`);
    if (o.level === 'township' && forbidden.townshipIds.has(String(o.id)))
      found.push(`${path}: township row ${String(o.id)}`);
    if (typeof o.planId === 'string' && forbidden.planIds.has(o.planId))
      found.push(`${path}: plan ${o.planId}`);
    if (
      typeof o.insurerId === 'string' &&
      forbidden.insurerIds.has(o.insurerId) &&
      Object.keys(o).some((k) => FIGURE_KEY.test(k))
    )
      found.push(`${path}: figures of insurer ${o.insurerId}`);
    for (const [k, v] of Object.entries(o)) {
      if (forbidden.insurerIds.has(k)) found.push(`${path}.${k}: insurer key`);
      for (const p of forbidden.persons) if (k.includes(p)) found.push(`${path}.${k}: person key`);
      walk(v, `${path}.${k}`);
    }
  };
  walk(body, '$');
  return found;
}

describe('Access matrix: every route × every role × in scope and out of scope (issue 12)', () => {
  let f: AccessFixture;
  let routes: Route[];
  let forbiddenOf: (role: Role) => Forbidden;
  let baseUrl: string;

  beforeAll(async () => {
    f = await startAccessFixture();
    routes = discoverRoutes(f);
    await f.ledger.app.listen(0, '127.0.0.1');
    baseUrl = await f.ledger.app.getUrl();
    baseUrl = baseUrl.replace('[::1]', '127.0.0.1');
    const plans = f.ledger.app.get(PlanRepository);
    const yuyao = (await plans.get(IN_PLAN))!.definition;
    const districtName = (id?: string) => yuyao.districts.find((d) => d.districtId === id)?.name.zh;
    yuyaoTable = {
      rows: yuyao.townships.map((t) => ({
        name: t.name.zh,
        ...(t.districtId ? { district: districtName(t.districtId) } : {}),
        ...(t.baseParticipants !== undefined ? { base: t.baseParticipants } : {}),
        targets: t.targets,
      })),
    };
    const otherTownships = yuyao.townships.filter((t) => t.townshipId !== IN_TOWNSHIP);
    const allPlans = (await f.http.get('/plans').set(f.as(ADMIN)).expect(200)).body.map(
      (p: { planId: string }) => p.planId,
    ) as string[];
    const insurers = new Set<string>([
      ...yuyao.districts.flatMap((d) => d.promotingInsurers.map((i) => i.insurerId)),
      'cpic-pc',
      'pingan-pc',
    ]);
    insurers.delete(OWN_INSURER);
    forbiddenOf = (role) => ({
      persons: [
        f.outPerson.personRef,
        ...(role === 'township_official' ? [f.otherTownshipPerson.personRef] : []),
      ],
      townshipIds: new Set(
        role === 'township_official' ? otherTownships.map((t) => t.townshipId) : [],
      ),
      townshipNames: new Set(
        role === 'township_official' ? otherTownships.map((t) => t.name.zh) : [],
      ),
      planIds: new Set(role === 'insurer' ? [OUT_PLAN] : allPlans.filter((p) => p !== IN_PLAN)),
      insurerIds: role === 'insurer' ? insurers : new Set(),
    });
  });
  afterAll(() => f.ledger.close());

  it('every route declares who may call it and has a case here saying the same', () => {
    expect(routes.length).toBeGreaterThan(35);
    const undeclared = routes.filter((r) => !r.rule).map((r) => r.key);
    expect(undeclared).toEqual([]);
    const uncovered = routes.filter((r) => !CASES[r.key]).map((r) => r.key);
    expect(uncovered).toEqual([]);
    const stale = Object.keys(CASES).filter((k) => !routes.some((r) => r.key === k));
    expect(stale).toEqual([]);
    for (const r of routes) {
      const declared = r.rule!.roles;
      const expected = CASES[r.key].roles;
      expect({
        route: r.key,
        roles: typeof declared === 'string' ? declared : [...declared].sort(),
      }).toEqual({
        route: r.key,
        roles: typeof expected === 'string' ? expected : [...expected].sort(),
      });
    }
  });

  it('the body check finds what a scoped caller must not see (checked on unscoped answers)', async () => {
    const wide = f.as(wideKey('viewer'));
    const progress = (await f.http.get(`/plans/${IN_PLAN}/progress`).set(wide).expect(200)).body;
    expect(leaks(progress, forbiddenOf('township_official'))).toEqual(
      expect.arrayContaining([expect.stringContaining(`township row ${OTHER_TOWNSHIP}`)]),
    );
    const coinsurance = (await f.http.get(`/plans/${IN_PLAN}/coinsurance`).set(wide).expect(200))
      .body;
    expect(leaks(coinsurance, forbiddenOf('insurer'))).toEqual(
      expect.arrayContaining([expect.stringContaining('figures of insurer cpic-pc')]),
    );
    const plans = (await f.http.get('/plans').set(wide).expect(200)).body;
    expect(leaks(plans, forbiddenOf('operator'))).toEqual(
      expect.arrayContaining([expect.stringContaining(`plan ${OUT_PLAN}`)]),
    );
    const history = (
      await f.http
        .get(`/plans/${OUT_PLAN}/policies/${f.outPerson.personRef}/history`)
        .set(f.as(wideKey('auditor')))
        .expect(200)
    ).body;
    expect(leaks(history, forbiddenOf('auditor')).length).toBeGreaterThan(0);
  });

  const paramsOf = (target: Target): Params =>
    target === 'out'
      ? {
          planId: OUT_PLAN,
          asset: 'dashboard.js',
          townshipId: IN_TOWNSHIP,
          personRef: f.outPerson.personRef,
          claimId: f.outClaim,
        }
      : {
          planId: IN_PLAN,
          asset: 'dashboard.css',
          townshipId: target === 'other-township' ? OTHER_TOWNSHIP : IN_TOWNSHIP,
          personRef: f.inPerson.personRef,
          claimId: f.inClaim,
        };

  function expectedAllowed(rule: AccessRule, role: Role, target: Target, wide: boolean): boolean {
    if (rule.roles === 'public') return true;
    if (rule.roles !== 'authenticated' && !rule.roles.includes(role)) return false;
    switch (rule.resource) {
      case 'none':
      case 'plans':
        return true;
      case 'ledger':
        return wide;
      case 'plan':
      case 'person':
        return target === 'in';
      case 'township':
        return target === 'in' || (target === 'other-township' && role !== 'township_official');
      case 'import-job':
        // The job's plan in scope; the matrix's jobs import into the plan of the target.
        return target === 'in';
    }
  }

  async function call(route: Route, c: Case, key: string, p: Params) {
    const url = route.path.replace(/:(\w+)/g, (_, name: string) => String(p[name as keyof Params]));
    if (c.stream) {
      const abort = new AbortController();
      const res = await fetch(baseUrl + url, { headers: f.as(key), signal: abort.signal });
      const type = res.headers.get('content-type') ?? '';
      const body = res.status === 200 ? undefined : await res.json();
      abort.abort();
      return { status: res.status, type, body };
    }
    const method = route.method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete';
    let req = f.http[method](url).set(f.as(key));
    if (c.body) req = req.send(c.body(p, f, key));
    if (c.upload) {
      const { name, bytes } = c.upload(p, f);
      req = req.attach('file', bytes, name);
    }
    const res = await req;
    return {
      status: res.status,
      type: String(res.headers['content-type'] ?? ''),
      body: res.body as unknown,
      text: res.text,
    };
  }

  it.each(ALL_ROLES.map((role) => [role]))(
    '%s: status and body of every route, in and out of scope',
    async (role) => {
      const problems: string[] = [];
      for (const route of routes) {
        const c = CASES[route.key];
        const rule = route.rule!;
        const runs: { key: string; target: Target; wide: boolean }[] =
          rule.resource === 'ledger'
            ? [
                ...(WIDE_ROLES.includes(role)
                  ? [{ key: wideKey(role), target: 'in' as const, wide: true }]
                  : []),
                { key: scopedKey(role), target: 'in', wide: false },
              ]
            : [
                { key: scopedKey(role), target: 'in', wide: false },
                { key: scopedKey(role), target: 'out', wide: false },
                ...(rule.resource === 'township'
                  ? [{ key: scopedKey(role), target: 'other-township' as const, wide: false }]
                  : []),
              ];
        for (const run of runs) {
          const allowed = expectedAllowed(rule, role, run.target, run.wide);
          let params = paramsOf(run.target);
          if (allowed && c.prepare) params = { ...params, ...(await c.prepare(params, f)) };
          const before = await f.head();
          const res = await call(route, c, run.key, params);
          const label = `${route.key} as ${role} (${run.wide ? 'ledger-wide' : 'scoped'}, ${run.target})`;
          const expected = allowed ? c.ok : 403;
          if (res.status !== expected) {
            problems.push(
              `${label}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`,
            );
            continue;
          }
          if (allowed && c.settle) await c.settle(res.body, f);
          if (!allowed) {
            if ((await f.head()) !== before)
              problems.push(`${label}: refused but an event was written`);
            continue;
          }
          // A ledger-wide key may see everything; the body check is for scoped ones.
          if (route.method === 'GET' && res.body !== undefined && !run.wide) {
            const body = res.type.includes('json') ? res.body : (res as { text?: string }).text;
            for (const leak of leaks(body, forbiddenOf(role))) problems.push(`${label}: ${leak}`);
          }
          if (c.stream && !res.type.includes('text/event-stream'))
            problems.push(`${label}: not an event stream (${res.type})`);
        }
      }
      expect(problems).toEqual([]);
    },
  );
});
