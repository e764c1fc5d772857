import { ErrorItem } from '../core/refusal';
import { chineseMessage } from './chinese-messages';
import { Bilingual, Language } from './language';

/** A refusal item as a reader gets it: the message in their language, both beside it. */
export interface LocalizedErrorItem extends ErrorItem {
  messages: Bilingual;
}

/** Items keep their English message (the domain's own) and gain the clerk's Chinese one. */
export function localizeItems(
  errors: readonly ErrorItem[],
  language: Language,
): LocalizedErrorItem[] {
  return errors.map((item) => {
    const messages = { zh: chineseMessage(item), en: item.message };
    // Parameters are in the messages already; the item keeps its documented shape.
    const { params: _params, ...rest } = item;
    return { ...rest, message: messages[language], messages };
  });
}
