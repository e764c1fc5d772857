import { INestApplicationContext } from '@nestjs/common';
import { formatYuan } from '@ledger/domain';
import { HuidebaoDemo, LedgerViews, ProductViews } from '@ledger/ledger';

/**
 * ledger demo-huidebao [scale]: a SYNTHETIC two-year 惠得保 campaign (seed 004's shape: 830,000
 * distinct people, 62.55 million yuan paid; the data is made up), then its cumulative figures.
 */
export async function demoHuidebao(
  app: INestApplicationContext,
  [scale]: string[],
): Promise<number> {
  const fraction = scale === undefined ? 1 : Number(scale);
  if (!(fraction > 0 && fraction <= 1)) throw new Error('usage: demo-huidebao [scale in (0, 1]]');
  let last = '';
  const summary = await app.get(HuidebaoDemo).load({
    scale: fraction,
    onPhase: (phase, done, total) => {
      if (phase !== last || done === total) console.log(`${phase}: ${done}/${total}`);
      last = phase;
    },
  });
  console.log(`loaded (synthetic): ${JSON.stringify(summary)}`);
  await app.get(LedgerViews).catchUpOnce();
  const view = await app.get(ProductViews).cumulative('jiujiang-huidebao');
  console.log(
    `惠得保 cumulative (synthetic data): ${view.overall.distinctPeople} distinct people, ` +
      `${view.overall.enrollments} enrollments, ${formatYuan(view.overall.paidPayoutFen)} yuan paid, ` +
      `loss ratio ${(view.overall.lossRatioBp ?? 0) / 100}%`,
  );
  return 0;
}
