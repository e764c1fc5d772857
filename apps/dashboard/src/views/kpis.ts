import type { ProgressRow } from '../api/api-types';
import { h } from '../dom';
import { formatBp, formatCount, formatMoney } from '../format';
import { t } from '../i18n';
import { daysLeft, levelsOf } from '../model/figures';
import { levelLabel, levelTitle, PageContext, targetRuleOf } from './context';

function card(
  id: string,
  label: string,
  value: string,
  note?: string,
  title?: string,
): HTMLElement {
  return h(
    'div',
    { class: 'kpi', data: { kpi: id }, title },
    h('div', { class: 'kpi-label' }, label),
    h('div', { class: 'kpi-value' }, value),
    note ? h('div', { class: 'kpi-note' }, note) : null,
  );
}

function daysLeftCard(ctx: PageContext): HTMLElement {
  const left = daysLeft(ctx.deadline, ctx.referenceDate, ctx.opensOn);
  const note = ctx.deadline ? t('kpiDeadlineOn', { date: ctx.deadline }) : undefined;
  switch (left.kind) {
    case 'left':
      return card('days-left', t('kpiDaysLeft'), t('kpiDaysLeftValue', { n: left.days! }), note);
    case 'today':
      return card('days-left', t('kpiDaysLeft'), t('kpiDeadlineToday'), note);
    case 'closed':
      return card('days-left', t('kpiDaysLeft'), t('kpiClosed'), note);
    case 'notStarted':
      return card(
        'days-left',
        t('kpiDaysLeft'),
        t('kpiDaysLeftValue', { n: left.days! }),
        t('kpiNotStarted', { date: ctx.opensOn! }),
      );
    default:
      return card('days-left', t('kpiDaysLeft'), t('kpiNoDeadline'));
  }
}

/**
 * The headline figures of a row (county, district or township): enrolled, rate (where the plan
 * has a base), completion of each target level, premium collected, days left.
 */
export function kpiCards(row: ProgressRow, ctx: PageContext): HTMLElement {
  const rule = targetRuleOf(ctx);
  const levels = levelsOf(row, rule);
  return h(
    'section',
    { class: 'kpis', 'aria-label': t('kpiActive'), data: { subject: row.id } },
    card(
      'active',
      t('kpiActive'),
      formatCount(row.active),
      row.pending > 0 ? t('kpiPending', { n: formatCount(row.pending) }) : undefined,
    ),
    row.rateBp !== undefined
      ? card(
          'rate',
          t('kpiRate'),
          formatBp(row.rateBp),
          t('kpiRateBase', { n: formatCount(row.baseParticipants) }),
        )
      : null,
    levels.map((level) =>
      card(
        `completion-${level.name}`,
        t('kpiCompletion', { level: levelLabel(level.name, rule) }),
        formatBp(level.completionBp),
        level.reached
          ? t('kpiTargetReached', { target: formatCount(level.target) })
          : t('kpiTargetGap', { target: formatCount(level.target), gap: formatCount(level.gap) }),
        levelTitle(level, rule),
      ),
    ),
    card('premium', t('kpiPremium'), formatMoney(row.premiumCollectedFen)),
    daysLeftCard(ctx),
  );
}
