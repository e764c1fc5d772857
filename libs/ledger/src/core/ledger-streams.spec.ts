import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/event-store';
import type { LedgerEvent } from '../contracts/ledger-event';
import { LedgerStreams } from './ledger-streams';

type Noted = LedgerEvent;
const noted = (n: number) =>
  ({
    type: 'PolicyNoted',
    data: { occurredAt: '2025-01-01T00:00:00.000Z', n },
  }) as unknown as Noted;

describe('LedgerStreams.execute with knownNew', () => {
  let dir: string;
  let store: SqliteEventStore;
  let streams: LedgerStreams;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-streams-'));
    store = new SqliteEventStore({ path: join(dir, 'ledger.sqlite') });
    streams = new LedgerStreams(store);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ctx = (commandId: string) => ({ commandId, correlationId: 'c', actor: 'test' });

  it('decides on the empty stream without reading it, and writes revision 0', async () => {
    const read = jest.spyOn(store, 'readStream');
    const seen: number[] = [];
    await streams.execute<Noted>(
      'policy-x',
      ctx('cmd-1'),
      (loaded) => {
        seen.push(loaded.events.length);
        return { ok: true, events: [noted(1)] };
      },
      { knownNew: true },
    );
    expect(read).not.toHaveBeenCalled();
    expect(seen).toEqual([0]);
    expect((await store.readStream('policy-x')).map((e) => e.revision)).toEqual([0n]);
  });

  it('when the stream exists after all, the log refuses the append and the stream is read and decided again', async () => {
    await streams.execute<Noted>('policy-x', ctx('cmd-1'), () => ({
      ok: true,
      events: [noted(1)],
    }));
    const seen: number[] = [];
    const refused = streams.execute<Noted>(
      'policy-x',
      ctx('cmd-2'),
      (loaded) => {
        seen.push(loaded.events.length);
        return loaded.events.length > 0
          ? { ok: false, error: new DomainError('conflict', 'person', 'enrollment.duplicate', 'x') }
          : { ok: true, events: [noted(2)] };
      },
      { knownNew: true, attempts: 1 },
    );
    await expect(refused).rejects.toThrow(DomainError);
    expect(seen).toEqual([0, 1]);
    expect(await store.readStream('policy-x')).toHaveLength(1);
  });

  it('a retried command on an existing stream writes nothing twice (the log answers by event id)', async () => {
    const first = await streams.execute<Noted>('policy-x', ctx('cmd-1'), () => ({
      ok: true,
      events: [noted(1)],
    }));
    // Cannot happen in one ledger (a stream of a person implies their stored key), but if the
    // key file were older than the log, the retry's event ids find the original append.
    const again = await streams.execute<Noted>(
      'policy-x',
      ctx('cmd-1'),
      () => ({ ok: true, events: [noted(1)] }),
      { knownNew: true },
    );
    expect(again.position).toEqual(first.position);
    expect(await store.readStream('policy-x')).toHaveLength(1);
  });
});
