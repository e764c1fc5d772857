import { Bilingual } from '../messages/language';

/** What became of a line, in both languages: the words results files and the CLI print. */
export const OUTCOME_NAMES: Record<string, Bilingual> = {
  enrolled: { zh: '已参保', en: 'enrolled' },
  already_enrolled: { zh: '此前已参保', en: 'already enrolled' },
  replayed: { zh: '此前已导入', en: 'already imported' },
  refused: { zh: '未受理', en: 'refused' },
  invalid: { zh: '格式有误', en: 'invalid' },
  failed: { zh: '系统错误，请重新导入', en: 'failed, import again' },
  adjudicated: { zh: '已理算', en: 'adjudicated' },
  rejected: { zh: '不予赔付', en: 'rejected' },
  duplicate: { zh: '重复提交', en: 'duplicate' },
  // Full-subsidy rosters (DOMAIN.md, roster reconciliation).
  enrolled_as_subsidized: { zh: '已按资助参保', en: 'enrolled as subsidized' },
  reclassified: { zh: '已改为资助参保（退还原缴费）', en: 'reclassified, refunded' },
  already_subsidized: { zh: '已是资助参保', en: 'already subsidized' },
  found_late: {
    zh: '发现较晚（名单日期在保障期开始后），不退费',
    en: 'found late: listed after coverage started, nothing refunded',
  },
  too_late_to_enroll: {
    zh: '名单日期在参保期结束后，未参保',
    en: 'list dated after the window closed: not enrolled',
  },
  unmatched_basic_insurance: { zh: '未匹配到基本医保', en: 'matches nobody in basic insurance' },
};

export const outcomeName = (outcome: string): Bilingual =>
  OUTCOME_NAMES[outcome] ?? { zh: outcome, en: outcome };
