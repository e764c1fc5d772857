import { PlanDefinition, yuan } from '@ledger/domain';

export const JIUJIANG_SOURCE = '004_ed0e5d02b8e6bcc8.txt';

/** 九江"惠得保" (seed 004, a news feature): premium only; the plan year is not stated. */
export const JIUJIANG_HUIDEBAO: PlanDefinition = {
  planId: 'jiujiang-huidebao',
  productId: 'jiujiang-huidebao',
  productName: { zh: '惠得保', en: 'Jiujiang Huidebao' },
  sources: [JIUJIANG_SOURCE],
  region: { name: { zh: '九江市', en: 'Jiujiang' }, regionCode: '360400' },
  // 不限年龄、职业、户籍和有无既往病史 … 参加了九江医疗保险人员均可参加
  eligibility: { schemes: ['employee', 'resident'], insuredRegionPrefixes: ['3604'] },
  premium: { rules: [], defaultFen: yuan(100) }, // 每年保费只需100元
  acceptedSources: ['individual', 'personal_account'],
  subsidyCategories: [],
  cancellation: { afterCoverageStart: 'no_refund' },
  districts: [],
  townships: [],
  notes: [
    'Benefits stated only as "65%~80%" on top of basic insurance: no schedule, so claims cannot be taken until one is set.',
    'Two years cumulative (两年来): 830,000+ enrollees (累计参保83万余人) and 62.55 million yuan paid (累计支付报销6255万元).',
  ],
};
