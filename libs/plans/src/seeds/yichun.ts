import { PlanDefinition } from '@ledger/domain';

export const YICHUN_SOURCE = '002_55233c5d2cc26dbb.txt';

/** 宜春市普惠型商业健康保险实施方案 (seed 002): principles only, no numbers. */
export const YICHUN: PlanDefinition = {
  planId: 'yichun',
  productId: 'yichun-huiminbao',
  productName: { zh: '宜春惠民保', en: 'Yichun Huiminbao' },
  sources: [YICHUN_SOURCE],
  region: { name: { zh: '宜春市', en: 'Yichun' }, regionCode: '360900' },
  // 三(一): 全体基本医疗保险参保人员，不设置年龄、户籍、职业、健康状况、既往病史、疾病风险等限制
  eligibility: { schemes: ['employee', 'resident'], insuredRegionPrefixes: ['3609'] },
  // 四(一): personal account for self/parents/spouse/children; institutions and cadres for paired
  // hardship households; employers from welfare funds; charities for people in hardship.
  acceptedSources: ['individual', 'personal_account', 'employer', 'department_subsidy', 'charity'],
  subsidyCategories: [
    {
      code: 'hardship',
      name: { zh: '困难群众', en: 'People in hardship' },
      kind: 'encouraged',
      funder: {
        zh: '行政机关、企事业单位、爱心企业、慈善组织',
        en: 'Institutions, enterprises and charities',
      },
    },
  ],
  cancellation: { afterCoverageStart: 'no_refund' },
  districts: [],
  townships: [],
  notes: [
    'Enrollment runs with basic-insurance enrollment and may be extended (三(一)); no dates given.',
    'Premium, deductible, ratios and caps are set by the insurers with the medical insurance bureau (三(四)); none in the seed.',
    'Claims are paid after basic insurance, critical-illness insurance and medical aid (三(三)).',
    'Lead insurer and coalition selected for three-year terms (四(二)); no members or shares in the seed.',
    'Insurers are ranked by premium income (五(二)).',
  ],
};
