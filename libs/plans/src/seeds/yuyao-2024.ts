import { PlanDefinition, SubsidyCategory, TownshipTable, yuan } from '@ledger/domain';
import { TIANYI_YONGNINGBAO_2024_BENEFITS } from '@ledger/domain';

export const YUYAO_SOURCE = '003_2d4264045e46b538.txt';

const GOVERNMENT = { zh: '政府全额资助', en: 'Government (full subsidy)' };
const full = (code: string, zh: string, en: string): SubsidyCategory => ({
  code,
  name: { zh, en },
  kind: 'full',
  funder: GOVERNMENT,
  requiresLocalHouseholdRegistration: true, // 本市户籍的…
});

/**
 * 2024年度"天一甬宁保" as pushed in Yuyao (seed 003, 余政办发〔2023〕80号). The product covers all
 * of Ningbo's basic-insurance participants; the target table is Yuyao's.
 */
export const YUYAO_2024: PlanDefinition = {
  planId: 'yuyao-2024',
  productId: 'ningbo-tianyi-yongningbao',
  productName: { zh: '天一甬宁保', en: 'Tianyi Yongningbao (Ningbo)' },
  planYear: 2024,
  sources: [YUYAO_SOURCE],
  region: {
    name: { zh: '宁波市', en: 'Ningbo' },
    regionCode: '330200',
    targetCounty: { name: { zh: '余姚市', en: 'Yuyao' }, regionCode: '330281' },
  },
  // 二(二)1 / 附件3 适用人群: 宁波市基本医疗保险参保人员，不设置年龄、健康状况、既往病史、职业类型、户籍等前置条件
  eligibility: { schemes: ['employee', 'resident'], insuredRegionPrefixes: ['3302'] },
  enrollmentWindow: { opensOn: '2023-10-10', closesOn: '2023-12-10' }, // 二(二)2
  // 二(二)5(2): 2024年1月1日0时至2024年12月31日24时; 产品不设等待期
  coverage: {
    startsOn: '2024-01-01',
    endsOn: '2024-12-31',
    retroactiveToStart: false,
    waitingPeriodDays: 0,
  },
  premium: {
    // 二(二)3: 未成年人〔2006年1月1日（含）以后出生〕和城乡居民基本医疗保险学生档参保人员50元/人; 其他100元/人
    rules: [
      {
        id: 'minor-born-2006-or-later',
        description: {
          zh: '未成年人（2006年1月1日（含）以后出生）',
          en: 'Minors born on or after 2006-01-01',
        },
        amountFen: yuan(50),
        when: { bornOnOrAfter: '2006-01-01' },
      },
      {
        id: 'resident-student-tier',
        description: {
          zh: '城乡居民基本医疗保险学生档参保人员',
          en: 'Resident basic insurance, student tier',
        },
        amountFen: yuan(50),
        when: { residentTiers: ['student'] },
      },
    ],
    defaultFen: yuan(100),
  },
  // 二(二)4: 个人购买 (incl. 职工个人历年账户 for self, spouse, children, parents); 集体购买 by
  // employers (工会经费) and rural collectives; 资助参保 by government for listed categories.
  acceptedSources: [
    'individual',
    'personal_account',
    'employer',
    'village_collective',
    'government_full_subsidy',
  ],
  subsidyCategories: [
    full('te_kun', '特困', 'Extreme poverty'),
    full('di_bao', '低保', 'Minimum living allowance'),
    full('di_bian', '低边', 'Marginal minimum-allowance households'),
    full(
      'orphans_children_in_difficulty',
      '散居孤儿和困境儿童',
      'Scattered orphans and children in difficulty',
    ),
    full(
      'disability_grade_1_2',
      '持《中华人民共和国残疾人证》的一、二级残疾人',
      'Disability certificate grade 1 or 2',
    ),
  ],
  cancellation: { afterCoverageStart: 'no_refund' },
  benefits: TIANYI_YONGNINGBAO_2024_BENEFITS, // 附件3
  // 附件1: 片区 and their promoting insurers (助推保险公司), separate from coinsurance shares.
  districts: [
    {
      districtId: 'd1',
      name: { zh: '第一片区', en: 'District 1' },
      promotingInsurers: [
        { insurerId: 'picc-pc', name: { zh: '人保财险', en: 'PICC P&C' } },
        { insurerId: 'china-united', name: { zh: '中华联合', en: 'China United' } },
      ],
    },
    {
      districtId: 'd2',
      name: { zh: '第二片区', en: 'District 2' },
      promotingInsurers: [
        { insurerId: 'cpic-pc', name: { zh: '太保财险', en: 'CPIC P&C' } },
        { insurerId: 'china-life-pc', name: { zh: '人寿财险', en: 'China Life P&C' } },
      ],
    },
    {
      districtId: 'd3',
      name: { zh: '第三片区', en: 'District 3' },
      promotingInsurers: [
        { insurerId: 'cpic-life', name: { zh: '太保寿险', en: 'CPIC Life' } },
        { insurerId: 'sunshine-pc', name: { zh: '阳光财险', en: 'Sunshine P&C' } },
      ],
    },
    {
      districtId: 'd4',
      name: { zh: '第四片区', en: 'District 4' },
      promotingInsurers: [
        { insurerId: 'pingan-pc', name: { zh: '平安产险', en: 'Ping An P&C' } },
        { insurerId: 'china-life', name: { zh: '中国人寿', en: 'China Life' } },
      ],
    },
  ],
  townships: [],
  targets: {
    kind: 'task_numbers',
    levels: [{ name: 'task', description: { zh: '参保任务数', en: 'Task number' } }],
    deadline: '2023-12-10', // 一(二): 2023年12月10日前
    description: {
      zh: '各乡镇（街道）参保人数达到基本医疗保险参保人数60%以上（包括非户籍人口）',
      en: 'At least 60% of all basic-insurance participants, non-residents included',
    },
  },
  notes: [
    'No coinsurance shares in the seed: set the coalition by amendment.',
    '附件1 states district 2 subtotal 128200 and district 4 subtotal 149300; their townships add to 133200 and 144300 (reported by the table import).',
    'Out-of-Ningbo expenses count at a share "按保障方案详述列示比例" that the seed does not give: unset.',
  ],
};

const row = (district: string, name: string, nameEn: string, task: number) => ({
  district,
  name,
  nameEn,
  targets: { task },
});

/** 附件1 余姚市甬宁保推广工作责任片区划分情况一览表, rows as printed. */
export const YUYAO_TOWNSHIP_TABLE: TownshipTable = {
  rows: [
    row('第一片区', '兰江街道', 'Lanjiang Subdistrict', 64100),
    row('第一片区', '低塘街道', 'Ditang Subdistrict', 31600),
    row('第一片区', '陆埠镇', 'Lubu', 27000),
    row('第一片区', '黄家埠镇', 'Huangjiabu', 22100),
    row('第一片区', '小曹娥镇', "Xiaocao'e", 21100),
    row('第一片区', '梁弄镇', 'Liangnong', 15000),
    row('第一片区', '河姆渡镇', 'Hemudu', 13700),
    row('第一片区', '中意宁波生态园', 'Sino-Italian Ningbo Ecological Park', 6300),
    row('第二片区', '梨洲街道', 'Lizhou Subdistrict', 58800),
    row('第二片区', '马渚镇', 'Mazhu', 33000),
    row('第二片区', '临山镇', 'Linshan', 24600),
    row('第二片区', '大隐镇', 'Dayin', 5500),
    row('第二片区', '鹿亭乡', 'Luting', 4000),
    row('第二片区', '大岚镇', 'Dalan', 3800),
    row('第二片区', '四明山镇', 'Simingshan', 3500),
    row('第三片区', '凤山街道', 'Fengshan Subdistrict', 70000),
    row('第三片区', '朗霞街道', 'Langxia Subdistrict', 34200),
    row('第三片区', '丈亭镇', 'Zhangting', 21900),
    row('第三片区', '三七市镇', 'Sanqishi', 18600),
    row('第四片区', '阳明街道', 'Yangming Subdistrict', 84400),
    row('第四片区', '泗门镇', 'Simen', 47900),
    row('第四片区', '牟山镇', 'Moushan', 12000),
  ],
  statedDistrictSubtotals: {
    第一片区: { task: 200900 },
    第二片区: { task: 128200 },
    第三片区: { task: 144700 },
    第四片区: { task: 149300 },
  },
  statedTotal: { targets: { task: 623100 } },
};
