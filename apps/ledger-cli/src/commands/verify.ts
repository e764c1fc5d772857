import { INestApplicationContext } from '@nestjs/common';
import { ChainVerifier, EventStore, START_POSITION } from '@ledger/event-store';
import { EVENT_STORE } from '@ledger/ledger';
import { ProgressBar } from '../progress-bar';

/** ledger verify: recomputes every stream's hash chain; exit 1 when anything was altered. */
export async function verify(app: INestApplicationContext): Promise<number> {
  const store = app.get<EventStore>(EVENT_STORE);
  const head = await store.headPosition();
  const bar = new ProgressBar('verify', Number(head.commit));
  const verifier = new ChainVerifier();
  let after = START_POSITION;
  for (;;) {
    const batch = await store.readAll({ after, maxCount: 10_000 });
    if (batch.length === 0) break;
    for (const e of batch) verifier.accept(e);
    bar.tick(Number(batch[batch.length - 1].position.commit - after.commit));
    after = batch[batch.length - 1].position;
  }
  bar.finish();
  for (const p of verifier.problems.slice(0, 100))
    console.log(`${p.problem} ${p.streamId}@${p.revision} ${p.eventId}: ${p.message}`);
  console.log(
    `verified ${verifier.events} events in ${verifier.streams} streams: ${verifier.problems.length} problems`,
  );
  return verifier.problems.length ? 1 : 0;
}
