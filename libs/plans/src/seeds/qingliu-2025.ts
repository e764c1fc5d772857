import { PlanDefinition, SubsidyCategory, TownshipTable } from '@ledger/domain';

export const QINGLIU_SOURCE = '001_af5c8ed4f095ca1f.txt';

const COUNTY_FINANCE = { zh: '县财政', en: 'County finance' };
const DEPARTMENTS = { zh: '相关部门', en: 'Responsible departments' };
const full = (code: string, zh: string, en: string): SubsidyCategory => ({
  code,
  name: { zh, en },
  kind: 'full',
  funder: COUNTY_FINANCE,
});
const encouraged = (code: string, zh: string, en: string): SubsidyCategory => ({
  code,
  name: { zh, en },
  kind: 'encouraged',
  funder: DEPARTMENTS,
});

/** 2025年清流县"三明普惠医联保"实施细则 (seed 001). Window, coverage and premium are not stated. */
export const QINGLIU_2025: PlanDefinition = {
  planId: 'qingliu-2025',
  productId: 'sanming-puhui-yilianbao',
  productName: { zh: '三明普惠医联保', en: 'Sanming Puhui Yilianbao' },
  planYear: 2025,
  sources: [QINGLIU_SOURCE],
  region: {
    name: { zh: '清流县', en: 'Qingliu County' },
    regionCode: '350423',
    targetCounty: { name: { zh: '清流县', en: 'Qingliu County' }, regionCode: '350423' },
  },
  // 二、参保对象: county participants; new citizens insured outside Sanming who live there long-term;
  // HK/Macau/Taiwan compatriots in Fujian's basic insurance. No limit on age, sex, occupation, history.
  eligibility: {
    schemes: ['employee', 'resident'],
    insuredRegionPrefixes: ['350423'],
    newCitizens: { residenceRegionPrefixes: ['3504'] },
    hkMacauTaiwan: { insuredRegionPrefixes: ['35'] },
  },
  // 三: full subsidy (一), department subsidy (二), unit self-funded (三), family mutual-aid account,
  // villages for 60+ and committee members, enterprises (四).
  acceptedSources: [
    'individual',
    'personal_account',
    'employer',
    'government_full_subsidy',
    'department_subsidy',
    'village_collective',
  ],
  subsidyCategories: [
    full('te_kun', '特困供养人员', 'People in extreme poverty under state support'),
    full(
      'wu_lao',
      '革命"五老"人员（含"五老"遗偶）',
      'Revolutionary "Five Elders" (and surviving spouses)',
    ),
    full('di_bao', '低保对象', 'Minimum living allowance recipients'),
    full('orphan', '孤儿（含事实无人抚养的儿童）', 'Orphans (and de-facto unsupported children)'),
    encouraged('disabled', '残疾人', 'Disabled people'),
    encouraged('family_planning_special', '计划生育特殊家庭', 'Family-planning special families'),
    encouraged(
      'rural_single_two_daughter',
      '农村农民独女户、二女结扎户',
      'Rural single-daughter and two-daughter households',
    ),
    encouraged('priority_veteran', '退役军人重点优抚对象', 'Priority veterans'),
    encouraged('lifted_out_of_poverty', '农村脱贫（享受政策）人员', 'People lifted out of poverty'),
    encouraged(
      'monitored_relapse',
      '纳入监测的易返贫致贫人员',
      'People monitored for relapse into poverty',
    ),
  ],
  cancellation: { afterCoverageStart: 'no_refund' },
  districts: [],
  townships: [],
  targets: {
    kind: 'rate',
    // 四(三): 参保率不低于当地基本医保缴交人数的20%，力争达到30%; 附件2 rounds up.
    levels: [
      {
        name: 'required',
        rateBp: 2000,
        description: { zh: '普惠医联保目标完成单数(20%)', en: 'Required (20%)' },
      },
      {
        name: 'stretch',
        rateBp: 3000,
        description: { zh: '普惠医联保力争达到单数(30%)', en: 'Aimed for (30%)' },
      },
    ],
    rounding: 'ceiling',
    description: {
      zh: '参保率不低于20%，力争达到30%',
      en: 'At least 20% of 2025 participants, aiming for 30%',
    },
  },
  notes: [
    'Lead insurer (主承): 人保财险清流支公司 (PICC P&C Qingliu); no shares in the seed.',
    'Enrollment window, coverage period and premium are not stated: the plan is a draft until amended.',
    '附件2 first row (base 20642) has no township name; the only Qingliu township missing from the table is 龙津镇 (the county seat), not filled in.',
  ],
};

const row = (name: string, nameEn: string, base: number, required: number, stretch: number) => ({
  name,
  nameEn,
  base,
  targets: { required, stretch },
});

/** 附件2 2025年度清流县"三明普惠医联保"参保任务表, rows as printed. */
export const QINGLIU_TOWNSHIP_TABLE: TownshipTable = {
  rows: [
    row('', '', 20642, 4129, 6193),
    row('温郊乡', 'Wenjiao', 3432, 687, 1030),
    row('赖坊镇', 'Laifang', 7949, 1590, 2385),
    row('余朋乡', 'Yupeng', 4717, 944, 1416),
    row('林畲镇', 'Linshe', 5506, 1102, 1652),
    row('嵩口镇', 'Songkou', 13816, 2764, 4145),
    row('长校镇', 'Changxiao', 10084, 2017, 3026),
    row('里田乡', 'Litian', 5103, 1021, 1531),
    row('嵩溪镇', 'Songxi', 13561, 2713, 4069),
    row('田源乡', 'Tianyuan', 5132, 1027, 1540),
    row('李家乡', 'Lijia', 8706, 1742, 2612),
    row('灵地镇', 'Lingdi', 10059, 2012, 3018),
    row('沙芜乡', 'Shawu', 3593, 719, 1078),
  ],
  statedTotal: { base: 112300, targets: { required: 22467, stretch: 33695 } },
};
