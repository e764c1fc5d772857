import { Bilingual } from '../messages/language';

/** What became of a line, in both languages: the words results files and the CLI print. */
export const OUTCOME_NAMES: Record<string, Bilingual> = {
  enrolled: { zh: '已参保', en: 'enrolled' },
  replayed: { zh: '此前已导入', en: 'already imported' },
  refused: { zh: '未受理', en: 'refused' },
  invalid: { zh: '格式有误', en: 'invalid' },
  failed: { zh: '系统错误，请重新导入', en: 'failed, import again' },
  adjudicated: { zh: '已理算', en: 'adjudicated' },
  rejected: { zh: '不予赔付', en: 'rejected' },
  duplicate: { zh: '重复提交', en: 'duplicate' },
};

export const outcomeName = (outcome: string): Bilingual =>
  OUTCOME_NAMES[outcome] ?? { zh: outcome, en: outcome };
