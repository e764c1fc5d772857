import { renameSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { formatPosition, RecordedEvent } from '@ledger/event-store';
import { SignedSeal } from './seal';

/**
 * The latest seal as published outside the log (the ledger's "signed tree head" for auditors),
 * with where its LogSealed event was recorded. The seal is signed; `recordedAs` is not (it is
 * known only once the event is written) and is checked against the log by the verifier.
 */
export interface PublishedSeal {
  readonly format: 'huiminbao-ledger.published-seal';
  readonly version: 1;
  readonly seal: SignedSeal;
  readonly recordedAs: {
    readonly streamId: string;
    readonly revision: string;
    readonly eventId: string;
    readonly position: string;
  };
}

export function publishedSealOf(seal: SignedSeal, event: RecordedEvent): PublishedSeal {
  return {
    format: 'huiminbao-ledger.published-seal',
    version: 1,
    seal,
    recordedAs: {
      streamId: event.streamId,
      revision: event.revision.toString(),
      eventId: event.id,
      position: formatPosition(event.position),
    },
  };
}

/** Written to a temporary file and renamed over the old one: readers never see half a seal. */
export function writePublishedSeal(file: string, published: PublishedSeal): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(published, null, 2) + '\n');
  renameSync(temporary, file);
}

/**
 * A seal file as given to the verifier: a published seal, or a bare signed seal
 * ({body, signature}). Returns the seal and, when known, where it was recorded.
 */
export function readSealFile(file: string): {
  seal: unknown;
  recordedAs?: PublishedSeal['recordedAs'];
} {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<PublishedSeal> & {
    body?: unknown;
  };
  if (parsed && parsed.format === 'huiminbao-ledger.published-seal') {
    return { seal: parsed.seal, recordedAs: parsed.recordedAs };
  }
  return { seal: parsed };
}
