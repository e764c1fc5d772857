import { createReadStream } from 'node:fs';

/** A line of a streamed JSON Lines file: its text, or the fact that it is not UTF-8. */
export type StreamedJsonLine =
  | { line: number; text: string; bytesRead: number }
  | { line: number; notUtf8: true; bytesRead: number };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The lines of a JSON Lines file, read in chunks (a city's campaign does not fit in memory),
 * skipping blank and # lines. Each line is decoded as strict UTF-8 on its own — a byte 0x0A never
 * occurs inside a UTF-8 or GB18030 character — so a line that is not UTF-8 is reported as such,
 * never recorded as mojibake, and the other lines still count.
 */
export async function* streamJsonLines(path: string): AsyncGenerator<StreamedJsonLine> {
  let pending: Buffer = Buffer.alloc(0);
  let line = 0;
  let bytesRead = 0;
  const emit = (bytes: Buffer): StreamedJsonLine | undefined => {
    line++;
    let start = 0;
    if (line === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
    let text: string;
    try {
      text = strictUtf8.decode(bytes.subarray(start)).trim();
    } catch {
      return { line, notUtf8: true, bytesRead };
    }
    if (text === '' || text.startsWith('#')) return undefined;
    return { line, text, bytesRead };
  };
  for await (const chunk of createReadStream(path)) {
    const data = Buffer.concat([pending, chunk as Buffer]);
    bytesRead += (chunk as Buffer).length;
    let from = 0;
    for (let nl = data.indexOf(0x0a, from); nl >= 0; nl = data.indexOf(0x0a, from)) {
      const out = emit(data.subarray(from, nl));
      if (out) yield out;
      from = nl + 1;
    }
    pending = data.subarray(from);
  }
  if (pending.length > 0) {
    const out = emit(pending);
    if (out) yield out;
  }
}
