import { PlanDefinition, yuan } from '@ledger/domain';

export const JIUJIANG_SOURCE = '004_ed0e5d02b8e6bcc8.txt';
export const JIUJIANG_PRODUCT_ID = 'jiujiang-huidebao';

/**
 * 九江"惠得保" (seed 004, a news feature about two years of the product): what it states is
 * the same for both years, so both yearly plans carry it; everything else stays unset (drafts).
 */
const HUIDEBAO: Omit<PlanDefinition, 'planId' | 'planYear' | 'notes'> = {
  productId: JIUJIANG_PRODUCT_ID,
  productName: { zh: '惠得保', en: 'Jiujiang Huidebao' },
  sources: [JIUJIANG_SOURCE],
  region: { name: { zh: '九江市', en: 'Jiujiang' }, regionCode: '360400' },
  // 不限年龄、职业、户籍和有无既往病史 … 参加了九江医疗保险人员均可参加
  eligibility: { schemes: ['employee', 'resident'], insuredRegionPrefixes: ['3604'] },
  premium: { rules: [], defaultFen: yuan(100) }, // 每年保费只需100元
  // Paid by the insured, or by an employee's personal account for themselves and their spouse,
  // parents and children (DOMAIN.md "Who pays"; 004 个人账户家庭共济 … 为配偶、父母、子女缴纳).
  acceptedSources: ['individual', 'personal_account'],
  subsidyCategories: [],
  cancellation: { afterCoverageStart: 'no_refund' },
  // 除了基本医保报销之外，还可以再提高65%~80%的报销比例: a range, not a schedule. A schedule set by
  // amendment must keep every segment ratio inside it; deductible, segments and caps are not
  // stated, so no schedule is bundled and claims wait until one is set.
  benefitRatioRange: {
    minBp: 6_500,
    maxBp: 8_000,
    description: {
      zh: '基本医保报销之外再提高65%~80%的报销比例',
      en: 'a further 65%–80% on top of basic insurance',
    },
  },
  districts: [],
  townships: [],
};

const NOTES = [
  'Plan year inferred, not stated: the feature speaks of "两年来" in a year it calls 2024 (2024年度居民医保…), so its two years are read as 2023 and 2024.',
  'Window, coverage period, deductible, segments and caps are not stated: set them by amendment (the 65%–80% range is enforced).',
  'Two years cumulative (两年来): 830,000+ enrollees (累计参保83万余人) and 62.55 million yuan paid (累计支付报销6255万元).',
];

/** 惠得保, first of the two years 004 reports on. */
export const JIUJIANG_HUIDEBAO_2023: PlanDefinition = {
  ...HUIDEBAO,
  planId: 'jiujiang-huidebao-2023',
  planYear: 2023,
  notes: NOTES,
};

/** 惠得保, second year. */
export const JIUJIANG_HUIDEBAO_2024: PlanDefinition = {
  ...HUIDEBAO,
  planId: 'jiujiang-huidebao-2024',
  planYear: 2024,
  notes: NOTES,
};
