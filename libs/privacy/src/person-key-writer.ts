import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { NewPersonKey, PersonKeyFileWriter } from './person-key-file';
import {
  applyKeyWrite,
  KeyWriterOp,
  KeyWriterReply,
  KeyWriterRequest,
} from './person-key-writer-worker';

/**
 * Owns the key file's write connection. The compiled ledger runs it on a worker thread: wrapping
 * each new key, inserting it into a random-key B-tree and the COMMIT's fsync were 7% of bulk
 * ingest on the event loop (docs/performance.md); on the other core they overlap with deciding
 * the next group. A caller's promise settles only after the COMMIT that holds its keys has
 * returned, as before. Where no compiled worker exists (the TypeScript test runner) or
 * LEDGER_KEY_WRITER=inline, the same PersonKeyFileWriter runs in-line.
 */
export class PersonKeyWriter {
  private readonly worker: Worker | undefined;
  private readonly inline: PersonKeyFileWriter | undefined;
  private readonly waiting = new Map<
    number,
    { resolve: (value: boolean | undefined) => void; reject: (e: unknown) => void }
  >();
  private nextId = 0;
  private failure: unknown;
  private closed = false;

  constructor(path: string, masterKey: Buffer) {
    const script = join(__dirname, 'person-key-writer-worker.js');
    if (!existsSync(script) || process.env.LEDGER_KEY_WRITER === 'inline') {
      this.inline = new PersonKeyFileWriter(path, masterKey);
      return;
    }
    const worker = new Worker(script, {
      workerData: { path, masterKey: new Uint8Array(masterKey) },
    });
    this.worker = worker;
    // Only a pending write keeps the process alive (see send).
    worker.unref();
    worker.on('message', (reply: KeyWriterReply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) worker.unref();
      if (reply.ok) waiter?.resolve(reply.value);
      else waiter?.reject(new Error(`person key store: ${reply.error}`));
    });
    const fail = (error: unknown) => {
      this.failure ??= error;
      for (const w of this.waiting.values()) w.reject(error);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`person key writer exited (${code})`)));
  }

  insert(rows: NewPersonKey[]): Promise<void> {
    return this.send({ op: 'insert', rows }).then(() => undefined);
  }

  destroy(personRef: string, at: Date): Promise<boolean> {
    return this.send({ op: 'destroy', personRef, at: at.toISOString() }).then((v) => v === true);
  }

  /** Closes the file after the writes sent so far (the writer handles requests in order). */
  async close(): Promise<void> {
    if (this.closed) return;
    const closing = this.send({ op: 'close' });
    this.closed = true;
    await closing.catch(() => undefined);
    if (this.worker) {
      this.failure ??= new Error('the person key store is closed');
      this.worker.removeAllListeners('exit');
      await this.worker.terminate();
    }
  }

  private send(op: KeyWriterOp): Promise<boolean | undefined> {
    if (this.closed) return Promise.reject(new Error('the person key store is closed'));
    if (this.inline) {
      try {
        return Promise.resolve(applyKeyWrite(this.inline, op));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker?.ref();
      this.worker?.postMessage({ id, ...op } satisfies KeyWriterRequest);
    });
  }
}
