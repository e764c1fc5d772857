import { formatYuan } from '@ledger/domain';
import { HuidebaoDemo, LedgerViews, ProductViews } from '@ledger/ledger';
import { LedgerCliCommand, UsageError } from '../cli-command';

/**
 * ledger demo-huidebao [scale]: a SYNTHETIC two-year 惠得保 campaign (seed 004's shape: 830,000
 * distinct people, 62.55 million yuan paid; the data is made up), then its cumulative figures.
 */
export const demoHuidebao: LedgerCliCommand = {
  usage: '[scale]',
  summary: {
    zh: '载入合成的惠得保两年演示数据（规模 0–1）',
    en: 'load a synthetic two-year 惠得保 campaign (scale in (0, 1])',
  },
  check: ({ positionals: [scale] }) => {
    const fraction = scale === undefined ? 1 : Number(scale);
    if (!(fraction > 0 && fraction <= 1)) throw new UsageError('scale is a number in (0, 1]');
  },
  async run(app, { positionals: [scale] }, out) {
    let last = '';
    const summary = await app.get(HuidebaoDemo).load({
      scale: scale === undefined ? 1 : Number(scale),
      onPhase: (phase, done, total) => {
        if (phase !== last || done === total)
          out.line(`${phase}：${done}/${total}`, `${phase}: ${done}/${total}`);
        last = phase;
      },
    });
    await app.get(LedgerViews).catchUpOnce();
    const view = await app.get(ProductViews).cumulative('jiujiang-huidebao');
    const o = view.overall;
    const ratio = `${(o.lossRatioBp ?? 0) / 100}%`;
    out.line(
      `惠得保累计（合成数据）：参保 ${o.distinctPeople} 人，${o.enrollments} 人次，已赔付 ${formatYuan(o.paidPayoutFen)} 元，赔付率 ${ratio}`,
      `惠得保 cumulative (synthetic data): ${o.distinctPeople} distinct people, ${o.enrollments} enrollments, ${formatYuan(o.paidPayoutFen)} yuan paid, loss ratio ${ratio}`,
    );
    out.document({ loaded: summary, cumulative: view.overall });
    return 0;
  },
};
