import { Request } from 'express';
import { DEFAULT_LANGUAGE, Language } from '@ledger/ledger';

/** Accept-Language chooses; without it (or with neither language acceptable) Chinese. */
export function languageOf(req: Request): Language {
  const best = req.acceptsLanguages('zh', 'en');
  return best === 'en' ? 'en' : DEFAULT_LANGUAGE;
}
