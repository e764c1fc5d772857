import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ParsedLine, parseEnrollmentLine, RawLine } from './enrollment-line';

/**
 * Validates chunks of enrollment lines. Validation (JSON, class-transformer, class-validator) is
 * about a fifth of an import's CPU and depends on nothing else, so the compiled ledger runs it in
 * a worker thread, on the other core, while the main thread decides the previous chunk. Where no
 * compiled worker exists (the TypeScript test runner) the same function runs in-line.
 */
export class EnrollmentLineParser {
  private readonly worker: Worker | undefined;
  private readonly waiting = new Map<
    number,
    { resolve: (parsed: ParsedLine[]) => void; reject: (e: unknown) => void }
  >();
  private nextId = 0;
  private failure: unknown;

  constructor() {
    const script = join(__dirname, 'enrollment-line-worker.js');
    if (!existsSync(script)) return;
    this.worker = new Worker(script);
    this.worker.on('message', ({ id, parsed }: { id: number; parsed: ParsedLine[] }) => {
      this.waiting.get(id)?.resolve(parsed);
      this.waiting.delete(id);
    });
    const fail = (error: unknown) => {
      this.failure ??= error;
      for (const w of this.waiting.values()) w.reject(error);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`enrollment validator exited (${code})`)));
  }

  get inWorkerThread(): boolean {
    return this.worker !== undefined;
  }

  parse(lines: RawLine[]): Promise<ParsedLine[]> {
    if (!this.worker) return Promise.resolve(lines.map(parseEnrollmentLine));
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker?.postMessage({ id, lines });
    });
  }

  async close(): Promise<void> {
    if (!this.worker) return;
    this.failure ??= new Error('the enrollment validator is closed');
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}
