import { BenefitSchedule, ResponsibilityDef } from './responsibility';

// Amounts are integer fen (1 yuan = 100 fen; 1万元 = 10,000 yuan = 1,000,000 fen); ratios in bp.

/** 000 Q7: 非既往症20万元以下按55%报销、20万元以上按80%报销 (after the 1.5万元 deductible). */
const GANZHOU_2024_MEDICAL_SEGMENTS = [
  { fromFen: 1_500_000, ratioBp: 5_500 }, // 000 Q7: 起付线均为1.5万元 … 20万元以下按55%报销
  { fromFen: 20_000_000, ratioBp: 8_000 }, // 000 Q7: 20万元以上按80%报销
];

/**
 * 2024年度"赣州惠民保" (seed 000, 附件1 product FAQ, Q3, Q7, Q8). Q7 covers expenses within and
 * outside the medical-insurance catalogue left after basic insurance, critical-illness insurance
 * and medical aid, with the same numbers for both; Q8 adds 18 specified high-cost drugs. Q3's
 * "累计可保300万元" is read as the plan cap over all responsibilities (DOMAIN.md). The seed says
 * nothing of out-of-area expenses: no share is set.
 */
export const GANZHOU_2024_BENEFITS: BenefitSchedule = {
  responsibilities: [
    {
      code: 'in_catalogue',
      name: {
        // 000 Q7: 经基本医保、大病保险、医疗救助报销后的医保目录范围内…费用
        zh: '经基本医保、大病保险、医疗救助报销后的医保目录范围内费用',
        en: 'In-catalogue expenses left after basic insurance, critical-illness insurance and medical aid',
      },
      deductibleFen: 1_500_000, // 000 Q7: 起付线均为1.5万元
      segments: GANZHOU_2024_MEDICAL_SEGMENTS.map((s) => ({ ...s })), // 000 Q7: 20万元以下55%、以上80%
      preExistingRatioBp: 2_000, // 000 Q7: 既往症按20%报销
      // no own cap: 000 states only the overall 300万元 (Q3), see planCapFen
    },
    {
      code: 'out_of_catalogue',
      name: {
        // 000 Q7: 经基本医保、大病保险、医疗救助报销后的医保目录范围…外费用
        zh: '经基本医保、大病保险、医疗救助报销后的医保目录范围外费用',
        en: 'Out-of-catalogue self-paid expenses left after basic insurance, critical-illness insurance and medical aid',
      },
      deductibleFen: 1_500_000, // 000 Q7: 起付线均为1.5万元 ("均": in and out of the catalogue alike)
      segments: GANZHOU_2024_MEDICAL_SEGMENTS.map((s) => ({ ...s })), // 000 Q7: same numbers
      preExistingRatioBp: 2_000, // 000 Q7: 既往症按20%报销
      // no own cap: plan cap only (000 Q3)
    },
    {
      code: 'special_drugs',
      name: { zh: '18种特定高额药品费用', en: '18 specified high-cost drugs' }, // 000 Q8
      deductibleFen: 0, // 000 Q8: 年累计免赔额为0元
      segments: [{ fromFen: 0, ratioBp: 8_000 }], // 000 Q8: 赔付比例最高可达80%
      // pre-existing ratio: not stated for the special drugs (000 Q8) → unset
      capFen: 100_000_000, // 000 Q8: 累计可保100万元
    },
  ],
  planCapFen: 300_000_000, // 000 Q3: 累计可保300万元
};

/** 003 附件3: 0.6万至2.0万 30%, 2.0万以上 60% (R1, R2, R3-1, R3-2 share this scale). */
const yongningbaoScale = (): Pick<ResponsibilityDef, 'deductibleFen' | 'segments'> => ({
  deductibleFen: 600_000, // 003 附件3: 起付线以上部分分段按比例报销, first segment 0.6万
  segments: [
    { fromFen: 600_000, ratioBp: 3_000 }, // 003 附件3: 0.6万至2.0万 30%
    { fromFen: 2_000_000, ratioBp: 6_000 }, // 003 附件3: 2.0万以上 60%
  ],
});

/**
 * 2024年度"天一甬宁保" (seed 003, 附件3 "2024年度甬宁保保障方案一览表"). No pre-existing ratio and
 * no overall cap are stated. R2, R3-1 and R3-2 count expenses outside Ningbo "按保障方案详述列示比例"
 * but the seed gives no number: their out-of-area share stays unset (such lines are refused).
 */
export const TIANYI_YONGNINGBAO_2024_BENEFITS: BenefitSchedule = {
  responsibilities: [
    {
      code: 'R1',
      name: {
        zh: '责任一：住院及特病门诊医保范围内医疗费用保障', // 003 附件3
        en: 'Responsibility 1: in-scope inpatient and special-disease outpatient expenses',
      },
      ...yongningbaoScale(), // 003 附件3 责任一: 0.6万至2.0万 30%; 2.0万以上 60%
      capFen: 50_000_000, // 003 附件3 责任一 保险金额: 50万
    },
    {
      code: 'R2',
      name: {
        zh: '责任二：住院及特病门诊自费医疗费用保障', // 003 附件3
        en: 'Responsibility 2: out-of-scope self-paid inpatient and special-disease outpatient expenses',
      },
      ...yongningbaoScale(), // 003 附件3 责任二: 0.6万至2.0万 30%; 2.0万以上 60%
      capFen: 100_000_000, // 003 附件3 责任二 保险金额: 100万
      // out-of-area share: 宁波市外医疗费用按保障方案详述列示比例计入累计理算金额 (no number) → unset
    },
    {
      code: 'R3-1',
      name: {
        zh: '责任三-1：恶性肿瘤处方外配自费药品费用保障', // 003 附件3 责任三 / 责任三-1
        en: 'Responsibility 3-1: self-paid out-of-hospital prescription drugs for malignant tumours',
      },
      ...yongningbaoScale(), // 003 附件3 责任三: 0.6万至2.0万 30%; 2.0万以上 60%
      capFen: 100_000_000, // 003 附件3 责任三 保险金额, first row: 100万
      // out-of-area share: 宁波市外药费用按保障方案详述列示比例计入累计理算金额 (no number) → unset
    },
    {
      code: 'R3-2',
      name: {
        zh: '责任三-2：特定罕见病药品费用保障', // 003 附件3 责任三 / 责任三-2
        en: 'Responsibility 3-2: specified rare-disease drugs',
      },
      ...yongningbaoScale(), // 003 附件3 责任三, second row: 0.6万至2.0万 30%; 2.0万以上 60%
      capFen: 30_000_000, // 003 附件3 责任三 保险金额, second row: 30万
      // out-of-area share: 宁波市外药费用按保障方案详述列示比例计入累计理算金额 (no number) → unset
    },
    {
      code: 'R4',
      name: {
        zh: '责任四：质子、重离子医疗费用保障', // 003 附件3
        en: 'Responsibility 4: proton and heavy-ion therapy',
      },
      deductibleFen: 0, // 003 附件3 责任四: 无起付线
      segments: [{ fromFen: 0, ratioBp: 6_000 }], // 003 附件3 责任四: 60%
      capFen: 20_000_000, // 003 附件3 责任四 保险金额: 20万
    },
  ],
  // planCapFen: not stated in 003 → unset
};
