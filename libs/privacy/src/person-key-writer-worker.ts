import { parentPort, workerData } from 'node:worker_threads';
import { NewPersonKey, PersonKeyFileWriter } from './person-key-file';

export type KeyWriterOp =
  | { op: 'insert'; rows: NewPersonKey[] }
  | { op: 'destroy'; personRef: string; at: string }
  | { op: 'close' };
export type KeyWriterRequest = KeyWriterOp & { id: number };
export type KeyWriterReply =
  { id: number; ok: true; value?: boolean } | { id: number; ok: false; error: string };

/** Runs one operation of the key file's writer (on the writer thread, or in-line). */
export function applyKeyWrite(writer: PersonKeyFileWriter, op: KeyWriterOp): boolean | undefined {
  switch (op.op) {
    case 'insert':
      writer.insert(op.rows);
      return undefined;
    case 'destroy':
      return writer.destroy(op.personRef, op.at);
    case 'close':
      writer.close();
      return undefined;
  }
}

// Writer thread of SqlitePersonKeyStore: wraps and stores new keys off the event loop.
if (parentPort && workerData) {
  const port = parentPort;
  const { path, masterKey } = workerData as { path: string; masterKey: Uint8Array };
  const writer = new PersonKeyFileWriter(path, Buffer.from(masterKey));
  port.on('message', (request: KeyWriterRequest) => {
    let reply: KeyWriterReply;
    try {
      reply = { id: request.id, ok: true, value: applyKeyWrite(writer, request) };
    } catch (error) {
      reply = { id: request.id, ok: false, error: (error as Error)?.message ?? String(error) };
    }
    port.postMessage(reply);
  });
}
