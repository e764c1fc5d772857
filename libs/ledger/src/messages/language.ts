/** The languages refusals are written in: Chinese first (clerks and officials), English beside. */
export type Language = 'zh' | 'en';

export const DEFAULT_LANGUAGE: Language = 'zh';

/** A text in both languages. */
export interface Bilingual {
  zh: string;
  en: string;
}
