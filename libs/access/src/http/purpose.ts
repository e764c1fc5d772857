import { Request } from 'express';
import { PURPOSE_HEADER } from './access-rule';
import { refuse } from './access-refusal';

/**
 * The purpose a caller states for reading personal information (PIPL Art. 6: a specific, stated
 * purpose). HTTP headers are Latin-1, so Chinese text is sent percent-encoded (UTF-8) and
 * decoded here; 3 to 200 characters, no control characters.
 */
export function purposeOf(req: Request): string {
  const raw = req.header(PURPOSE_HEADER);
  let text: string;
  try {
    text = decodeURIComponent((raw ?? '').trim());
  } catch {
    throw refuse.purpose(PURPOSE_HEADER);
  }
  text = text.trim();
  // eslint-disable-next-line no-control-regex
  if ([...text].length < 3 || [...text].length > 200 || /[\u0000-\u001f\u007f]/.test(text))
    throw refuse.purpose(PURPOSE_HEADER);
  return text;
}
