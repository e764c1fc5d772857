import {
  adjudicate,
  BenefitSchedule,
  Coalition,
  composeResidentId,
  emptyBenefitAccumulators,
  PlanChanges,
} from '@ledger/domain';
import { JIUJIANG_COUNTIES } from '@ledger/plans';

/**
 * SYNTHETIC. The shape of 惠得保's two years as the demo builds them. 004 states only the premium
 * (100 yuan), personal-account payment for relatives, the 65%–80% range and the two cumulative
 * figures (830,000+ people, 62.55 million yuan paid). Every other number here — dates, schedule,
 * shares, the split of people between years, counties, claims, costs — is made up for the demo
 * and says so wherever it is recorded (reasons of the amendments, docs/products.md).
 */
export const SYNTHETIC = '合成演示数据（非004所述） synthetic demo value, not stated by seed 004';

/** Full-size figures (scale 1): distinct people = YEAR1 + YEAR2_NEW = 830,000 (004: 83万余人). */
export const HUIDEBAO_SHAPE = {
  year1People: 480_000,
  /** Year-1 people with a standing renewal consent (personal-account scheduled deduction). */
  consents: 150_000,
  /** Year-1 people who enroll again by themselves in year 2. */
  reEnrolled: 90_000,
  year2NewPeople: 350_000,
  /** One renewal deduction in this many fails (个人账户余额不足). */
  failEvery: 20,
  /** 004: 累计支付报销6255万元, in fen; split between the years below. */
  paidFen: 6_255_000_000,
  year1PaidShare: 0.44,
  /** Operating cost stated by each insurer: this share of its premium income (basis points). */
  operatingCostBp: 800,
} as const;

export interface Scaled {
  scale: number;
  year1People: number;
  consents: number;
  reEnrolled: number;
  year2NewPeople: number;
  paidFen: [number, number];
}

/** The shape at a fraction of full size (people and money scaled, rounded). */
export function scaledShape(scale: number): Scaled {
  if (!(scale > 0 && scale <= 1)) throw new RangeError('scale must be in (0, 1]');
  const n = (x: number) => Math.max(1, Math.round(x * scale));
  const paid = Math.round(HUIDEBAO_SHAPE.paidFen * scale);
  const first = Math.round(paid * HUIDEBAO_SHAPE.year1PaidShare);
  const people = n(HUIDEBAO_SHAPE.year1People);
  const consents = Math.min(n(HUIDEBAO_SHAPE.consents), people);
  return {
    scale,
    year1People: people,
    consents,
    reEnrolled: Math.min(n(HUIDEBAO_SHAPE.reEnrolled), people - consents),
    year2NewPeople: n(HUIDEBAO_SHAPE.year2NewPeople),
    paidFen: [first, paid - first],
  };
}

/** SYNTHETIC schedule inside 004's 65%–80%: 1万 deductible, 65% to 10万, 80% above, 50万 cap. */
export const DEMO_SCHEDULE: BenefitSchedule = {
  responsibilities: [
    {
      code: 'medical',
      name: {
        zh: '基本医保、大病保险、医疗救助报销后的医疗费用（合成演示）',
        en: 'Expenses left after basic insurance, critical illness and medical aid (synthetic demo)',
      },
      deductibleFen: 1_000_000,
      segments: [
        { fromFen: 1_000_000, ratioBp: 6_500 },
        { fromFen: 10_000_000, ratioBp: 8_000 },
      ],
      capFen: 50_000_000,
    },
  ],
};

/** SYNTHETIC completion of each year's draft: window, coverage, schedule (amendments). */
export function yearCompletion(year: number): PlanChanges {
  return {
    enrollmentWindow: { opensOn: `${year - 1}-11-01`, closesOn: `${year - 1}-12-31` },
    coverage: { startsOn: `${year}-01-01`, endsOn: `${year}-12-31`, retroactiveToStart: false },
    benefits: DEMO_SCHEDULE,
  };
}

/** SYNTHETIC coalition (no insurer of 惠得保 is named in 004), and its mid-term share change. */
export const DEMO_HUIDEBAO_COALITION: Coalition = {
  leadInsurerId: 'picc-pc',
  members: [
    { insurerId: 'picc-pc', name: { zh: '人保财险', en: 'PICC P&C' }, shareBp: 4000 },
    { insurerId: 'cpic-pc', name: { zh: '太保财险', en: 'CPIC P&C' }, shareBp: 3500 },
    { insurerId: 'pingan-pc', name: { zh: '平安产险', en: 'Ping An P&C' }, shareBp: 2500 },
  ],
};
export const DEMO_HUIDEBAO_SHARES_2024H2: Coalition = {
  ...DEMO_HUIDEBAO_COALITION,
  members: DEMO_HUIDEBAO_COALITION.members.map((m, i) => ({
    ...m,
    shareBp: [4500, 3500, 2000][i],
  })),
};

/** SYNTHETIC weights of the counties (whole numbers, roughly by population). */
const COUNTY_WEIGHTS: readonly [string, number][] = [
  ['360402', 8],
  ['360403', 6],
  ['360404', 8],
  ['360423', 8],
  ['360424', 16],
  ['360425', 7],
  ['360426', 5],
  ['360428', 15],
  ['360429', 5],
  ['360430', 7],
  ['360481', 9],
  ['360482', 3],
  ['360483', 5],
];
const WEIGHT_TOTAL = COUNTY_WEIGHTS.reduce((s, [, w]) => s + w, 0);
for (const [code] of COUNTY_WEIGHTS) {
  if (!Object.hasOwn(JIUJIANG_COUNTIES, code)) throw new Error(`unknown county ${code}`);
}

/** Deterministic hash of a person index into [0, 2^32). */
function mix(k: number): number {
  let x = (k + 0x9e3779b9) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

export function countyOf(k: number): string {
  let r = mix(k) % WEIGHT_TOTAL;
  for (const [code, w] of COUNTY_WEIGHTS) {
    if (r < w) return code;
    r -= w;
  }
  return COUNTY_WEIGHTS[0][0];
}

const DAY_MS = 86_400_000;
const dateAfter = (from: string, days: number) =>
  new Date(Date.parse(`${from}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** Person k's ID number: county, a birth date from 1940 on, a sequence — unique per k. */
export function idNumberOf(k: number): string {
  return composeResidentId(
    countyOf(k),
    dateAfter('1940-01-01', k % 29_000),
    Math.floor(k / 29_000) + 1,
  );
}

/** The employee relative whose personal account pays for person k (never an insured person). */
export function payerIdOf(k: number): string {
  return composeResidentId(
    countyOf(k),
    dateAfter('1975-01-01', k % 7_000),
    500 + (Math.floor(k / 7_000) % 499),
  );
}

/** How year-1 person k pays: 60% individually, 25% own account (employee), 15% a relative's. */
export type Payment = 'individual' | 'own_account' | 'relative_account';
export function paymentOf(k: number): Payment {
  const r = mix(k * 31 + 7) % 20;
  return r < 12 ? 'individual' : r < 17 ? 'own_account' : 'relative_account';
}

export const RELATIONS = ['parent', 'child', 'spouse'] as const;
export const relationOf = (k: number) => RELATIONS[k % 3];

/** A business instant inside a window (dates in Asia/Shanghai, office hours). */
export function instantIn(opensOn: string, days: number, k: number): string {
  const day = mix(k * 17 + 3) % days;
  const minute = mix(k * 13 + 1) % 600;
  return new Date(
    Date.parse(`${opensOn}T09:00:00+08:00`) + day * DAY_MS + minute * 60_000,
  ).toISOString();
}

const payoutOf = (residualFen: number) =>
  adjudicate(DEMO_SCHEDULE, emptyBenefitAccumulators(), [
    { responsibilityCode: 'medical', residualFen, preExisting: false, outOfArea: false },
  ]).totals.payoutFen;

/** The residual (fen) whose first claim of the year pays exactly `payoutFen` (monotone search). */
export function residualFor(payoutFen: number): number {
  let lo = DEMO_SCHEDULE.responsibilities[0].deductibleFen;
  let hi = lo + Math.ceil(payoutFen / 0.65) + 100;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (payoutOf(mid) < payoutFen) lo = mid + 1;
    else hi = mid;
  }
  if (payoutOf(lo) !== payoutFen) throw new Error(`no residual pays exactly ${payoutFen} fen`);
  return lo;
}

/**
 * SYNTHETIC claims of a year, one per claimant, whose payouts add up to exactly `totalFen`:
 * payouts drawn between 2,000 and 62,000 yuan (mean ≈ 17,000), the last one what is left.
 */
export function claimPayouts(totalFen: number, seed: number): number[] {
  const out: number[] = [];
  let left = totalFen;
  let i = 0;
  while (left > 0) {
    const r = mix(seed * 1_000_003 + i++) / 2 ** 32;
    const draw = Math.round((2_000 + r * r * r * 60_000) * 100);
    if (left - draw < 200_000) {
      // The rest in one claim (split in two when it is above what one claim can pay).
      if (left > 40_000_000) {
        out.push(Math.floor(left / 2));
        left -= Math.floor(left / 2);
      }
      out.push(left);
      left = 0;
    } else {
      out.push(draw);
      left -= draw;
    }
  }
  return out;
}
