import 'reflect-metadata';
import { parentPort } from 'node:worker_threads';
import { parseEnrollmentLine, RawLine } from './enrollment-line';

/** Worker thread of EnrollmentLineParser: validates chunks of lines on the other core. */
parentPort?.on('message', ({ id, lines }: { id: number; lines: RawLine[] }) => {
  parentPort?.postMessage({ id, parsed: lines.map(parseEnrollmentLine) });
});
