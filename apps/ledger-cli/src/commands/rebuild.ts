import { INestApplicationContext } from '@nestjs/common';
import { EventStore } from '@ledger/event-store';
import { LEDGER_PROJECTIONS, ProjectionRunner } from '@ledger/projections';
import { EVENT_STORE, LedgerViews } from '@ledger/ledger';
import { ProgressBar } from '../progress-bar';

/** ledger rebuild [view]: drops the views (or one) and replays the log into them. */
export async function rebuild(app: INestApplicationContext, [view]: string[]): Promise<number> {
  const store = app.get<EventStore>(EVENT_STORE);
  const views = app.get(LedgerViews);
  const head = await store.headPosition();
  const projections = view ? LEDGER_PROJECTIONS.filter((p) => p.name === view) : LEDGER_PROJECTIONS;
  if (projections.length === 0)
    throw new Error(
      `unknown view ${view}; views: ${LEDGER_PROJECTIONS.map((p) => p.name).join(', ')}`,
    );
  // Refused while the API or the projector runs the projections on this file (naming it).
  views.takeRunnerLock('ledger-cli rebuild');
  for (const p of projections) views.viewStore.reset(p.name);
  const bar = new ProgressBar('rebuild', Number(head.commit));
  let last = 0n;
  const runner = new ProjectionRunner(store, views.viewStore, projections, {
    batchSize: 5_000,
    onCommitted: (_changes, position) => {
      bar.tick(Number(position.commit - last));
      last = position.commit;
    },
  });
  const count = await runner.catchUp();
  bar.finish();
  console.log(`rebuilt ${projections.map((p) => p.name).join(', ')} from ${count} events`);
  return 0;
}
