/** A name as the seed gives it (Chinese) with its English rendering. */
export interface LocalizedName {
  zh: string;
  en: string;
}
