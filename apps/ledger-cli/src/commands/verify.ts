import { ChainVerifier, EventStore, START_POSITION } from '@ledger/event-store';
import { EVENT_STORE } from '@ledger/ledger';
import { CliCommand } from '../cli-command';
import { ProgressBar } from '../progress-bar';

/** ledger verify: recomputes every stream's hash chain; exit 1 when anything was altered. */
export const verify: CliCommand = {
  usage: '',
  summary: {
    zh: '逐条核验哈希链（审计），有改动则退出码为 1',
    en: 'recompute every hash chain (auditors); exit 1 if anything was altered',
  },
  async run(app, _args, out) {
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
    for (const p of verifier.problems.slice(0, 100)) {
      const text = `${p.problem} ${p.streamId}@${p.revision} ${p.eventId}: ${p.message}`;
      out.line(text, text);
    }
    out.line(
      `已核验 ${verifier.streams} 个流中的 ${verifier.events} 个事件：发现 ${verifier.problems.length} 处问题`,
      `verified ${verifier.events} events in ${verifier.streams} streams: ${verifier.problems.length} problems`,
    );
    out.document({
      events: verifier.events,
      streams: verifier.streams,
      problems: verifier.problems,
    });
    return verifier.problems.length ? 1 : 0;
  },
};
