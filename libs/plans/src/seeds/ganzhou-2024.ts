import { PlanDefinition, TownshipTable, yuan } from '@ledger/domain';
import { GANZHOU_2024_BENEFITS } from '@ledger/domain';

export const GANZHOU_SOURCE = '000_362029478f95dca2.txt';

/** 2024年度"赣州惠民保" (seed 000: product FAQ, Ningdu task table, Ningdu scorecard). */
export const GANZHOU_2024: PlanDefinition = {
  planId: 'ganzhou-2024',
  productId: 'ganzhou-huiminbao',
  productName: { zh: '赣州惠民保', en: 'Ganzhou Huiminbao' },
  planYear: 2024, // "2024年度"
  sources: [GANZHOU_SOURCE],
  region: {
    name: { zh: '赣州市', en: 'Ganzhou' },
    regionCode: '360700',
    targetCounty: { name: { zh: '宁都县', en: 'Ningdu County' }, regionCode: '360730' }, // 附件2
  },
  // Q2: 凡是赣州市城镇职工、城乡居民基本医保参保人员都能参保，参保不限年龄、户籍、职业、健康状况
  eligibility: { schemes: ['employee', 'resident'], insuredRegionPrefixes: ['3607'] },
  enrollmentWindow: { opensOn: '2023-12-12', closesOn: '2024-01-31' }, // Q4
  // Q5: 待遇享受期为2024年1月1日0:00—12月31日24:00，待遇可追溯; no waiting period stated.
  coverage: { startsOn: '2024-01-01', endsOn: '2024-12-31', retroactiveToStart: true },
  premium: { rules: [], defaultFen: yuan(100) }, // Q3: 保费为100元/人/年
  // Q6 个账预约划扣 (personal account, scheduled deduction); 附件3 item 4 资助参保 by
  // communities, departments and units for hardship groups (scored as a bonus).
  acceptedSources: ['individual', 'personal_account', 'department_subsidy'],
  subsidyCategories: [
    {
      code: 'hardship_groups',
      name: {
        zh: '特殊困难群体（参照城乡居民医保资助对象）',
        en: 'Hardship groups (as subsidized in resident basic insurance)',
      },
      kind: 'encouraged',
      funder: { zh: '城市社区、各部门、各单位', en: 'Communities, departments and units' },
    },
  ],
  cancellation: { afterCoverageStart: 'no_refund' },
  benefits: GANZHOU_2024_BENEFITS, // Q7, Q8, Q3
  districts: [],
  townships: [],
  targets: {
    kind: 'rate',
    // 附件3 item 3: 以2023年度城乡居民基本医疗保险参保缴费人数为基数，2024年1月31日前参保率达到20%以上
    levels: [
      {
        name: 'required',
        rateBp: 2000,
        description: { zh: '2024年1月31日应达到投保人数', en: 'Required by 2024-01-31 (20%)' },
      },
    ],
    rounding: 'half_up',
    deadline: '2024-01-31',
    description: {
      zh: '参保率达到20%以上',
      en: 'Enrollment rate of at least 20% of 2023 resident participants',
    },
  },
  // 附件3: scored out of 100 plus bonuses; off unless a plan turns it on (it is on here).
  scorecard: { enabled: true, requiredRateBp: 2000, staffRelativesRateBp: 8000 },
  notes: [
    'No coinsurance shares in the seed: set the coalition by amendment (Q10 lists 人保财险赣州市分公司 as a contact).',
    '附件2 total row states 658157 / 131631; its rows add to 658139 / 131630 (reported by the table import).',
  ],
};

const row = (name: string, nameEn: string, base: number, required: number) => ({
  name,
  nameEn,
  base,
  targets: { required },
});

/** 附件2 宁都县"赣州惠民保"参保动员工作任务分配表: base = 2023 resident participants. */
export const NINGDU_TOWNSHIP_TABLE: TownshipTable = {
  rows: [
    row('城市社区管委会', 'Urban Community Committee', 52130, 10426),
    row('肖田乡', 'Xiaotian', 8456, 1691),
    row('蔡江乡', 'Caijiang', 11933, 2387),
    row('梅江镇', 'Meijiang', 51248, 10250),
    row('洛口镇', 'Luokou', 24602, 4920),
    row('黄陂镇', 'Huangpi', 33048, 6610),
    row('小布镇', 'Xiaobu', 12888, 2578),
    row('钓峰乡', 'Diaofeng', 9524, 1905),
    row('黄石镇', 'Huangshi', 34316, 6863),
    row('东韶乡', 'Dongshao', 17220, 3444),
    row('东山坝镇', 'Dongshanba', 19965, 3993),
    row('田埠乡', 'Tianbu', 22655, 4531),
    row('大沽乡', 'Dagu', 12994, 2599),
    row('湛田乡', 'Zhantian', 14063, 2813),
    row('会同乡', 'Huitong', 25203, 5041),
    row('固厚乡', 'Guhou', 19550, 3910),
    row('田头镇', 'Tiantou', 33438, 6688),
    row('安福乡', 'Anfu', 8987, 1797),
    row('固村镇', 'Gucun', 34129, 6826),
    row('石上镇', 'Shishang', 24635, 4927),
    row('对坊乡', 'Duifang', 26162, 5232),
    row('竹笮乡', 'Zhuzuo', 28332, 5666),
    row('青塘镇', 'Qingtang', 33748, 6750),
    row('长胜镇', 'Changsheng', 48738, 9748),
    row('赖村镇', 'Laicun', 50175, 10035),
  ],
  statedTotal: { base: 658157, targets: { required: 131631 } }, // 合计 row as printed
};
