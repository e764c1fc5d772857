import { EventStore } from '@ledger/event-store';
import { LEDGER_PROJECTIONS, ProjectionRunner } from '@ledger/projections';
import { EVENT_STORE, LedgerViews } from '@ledger/ledger';
import { CliCommand, UsageError } from '../cli-command';
import { ProgressBar } from '../progress-bar';

/** ledger rebuild [view]: drops the views (or one) and replays the log into them. */
export const rebuild: CliCommand = {
  usage: '[view]',
  summary: { zh: '从头重放台账，重建统计视图', en: 'replay the log into the views from zero' },
  help: [`views: ${LEDGER_PROJECTIONS.map((p) => p.name).join(', ')}`],
  check: ({ positionals: [view] }) => {
    if (view !== undefined && !LEDGER_PROJECTIONS.some((p) => p.name === view)) {
      throw new UsageError(
        `unknown view ${view}; views: ${LEDGER_PROJECTIONS.map((p) => p.name).join(', ')}`,
      );
    }
  },
  async run(app, { positionals: [view] }, out) {
    const store = app.get<EventStore>(EVENT_STORE);
    const views = app.get(LedgerViews);
    const head = await store.headPosition();
    const projections = view
      ? LEDGER_PROJECTIONS.filter((p) => p.name === view)
      : LEDGER_PROJECTIONS;
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
    const names = projections.map((p) => p.name).join(', ');
    out.line(`已重建 ${names}，共重放 ${count} 个事件`, `rebuilt ${names} from ${count} events`);
    out.document({ rebuilt: projections.map((p) => p.name), events: count });
    return 0;
  },
};
