import { decode } from 'iconv-lite';
import { invalid } from '@ledger/domain';

/** How a text file was written: what operators' tools produce on Chinese Windows and elsewhere. */
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030' | 'utf-16le' | 'utf-16be';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Decodes a text file without ever producing mojibake. A byte-order mark decides (UTF-8,
 * UTF-16); otherwise strict UTF-8 is tried first — Chinese text in GBK is almost never valid
 * UTF-8 — and then GB18030, the superset of GBK and GB2312 that Excel on Chinese Windows writes
 * ("CSV (逗号分隔)"). A file that is neither is refused whole, never recorded half-readable.
 * A declared charset is not trusted: clients often say utf-8 whatever they send.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) {
    return { text: utf8OrRefuse(buffer.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (buffer[0] === 0xff && buffer[1] === 0xfe) {
    return { text: checked(decode(buffer.subarray(2), 'utf-16le')), encoding: 'utf-16le' };
  }
  if (buffer[0] === 0xfe && buffer[1] === 0xff) {
    return { text: checked(decode(buffer.subarray(2), 'utf-16be')), encoding: 'utf-16be' };
  }
  try {
    return { text: noBinary(strictUtf8.decode(buffer)), encoding: 'utf-8' };
  } catch (error) {
    if (!isInvalidUtf8(error)) throw error;
  }
  return { text: checked(decode(buffer, 'gb18030')), encoding: 'gb18030' };
}

function utf8OrRefuse(bytes: Buffer): string {
  try {
    return noBinary(strictUtf8.decode(bytes));
  } catch (error) {
    if (!isInvalidUtf8(error)) throw error;
    throw unreadable('the file starts with a UTF-8 byte-order mark but is not valid UTF-8');
  }
}

/** GB18030 and UTF-16 decoders replace what they cannot read with U+FFFD: refuse instead. */
function checked(text: string): string {
  if (text.includes('\uFFFD')) {
    throw unreadable('the file is neither UTF-8 nor GBK/GB18030 text');
  }
  return noBinary(text);
}

function noBinary(text: string): string {
  if (text.includes('\u0000')) {
    throw invalid(
      'file',
      'file.format',
      'the file is not text (it contains NUL bytes): upload CSV, XLSX or JSON Lines',
    );
  }
  return text;
}

const unreadable = (why: string) =>
  invalid('file', 'file.encoding', `${why}; save it as CSV UTF-8 or as XLSX and upload it again`);

/** Node's fatal TextDecoder error (checked by code: the TypeError may come from another realm). */
function isInvalidUtf8(error: unknown): boolean {
  return (error as { code?: unknown })?.code === 'ERR_ENCODING_INVALID_ENCODED_DATA';
}
