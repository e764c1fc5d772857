import { h } from '../dom';
import { t } from '../i18n';
import { formatCount } from '../format';
import type { TrendSeries } from '../model/trend';
import { Chart, ChartOption } from './echarts';

export interface TargetLine {
  label: string;
  target: number;
}

/**
 * Daily enrollments (bars) with the cumulative net curve against the target lines and the pace
 * expected to reach the first target by the deadline. Without target lines the right axis
 * scales to the data (a small campaign against a large target is a flat line otherwise).
 */
export function trendOption(
  series: TrendSeries,
  targets: readonly TargetLine[],
  showTargets: boolean,
): ChartOption {
  const anyEnded = series.ended.some((n) => n > 0);
  const topTarget = showTargets ? Math.max(0, ...targets.map((l) => l.target)) : 0;
  const markLine = showTargets
    ? {
        symbol: 'none',
        silent: true,
        lineStyle: { type: 'solid', width: 1.5, color: '#c8463a' },
        label: { position: 'insideEndTop', formatter: (p: { name: string }) => p.name },
        data: targets.map((l) => ({
          name: t('trendTarget', { level: l.label, target: formatCount(l.target) }),
          yAxis: l.target,
        })),
      }
    : undefined;
  return {
    tooltip: { trigger: 'axis', renderMode: 'richText' },
    legend: { top: 0, type: 'plain' },
    grid: { left: 48, right: 64, top: 44, bottom: 32, containLabel: true },
    xAxis: {
      type: 'category',
      data: series.dates,
      axisLabel: { formatter: (d: string) => d.slice(5) },
    },
    yAxis: [
      { type: 'value', name: t('trendDaily'), minInterval: 1, splitLine: { show: false } },
      {
        type: 'value',
        name: t('trendCumulative'),
        minInterval: 1,
        max: (extent: { max: number }) =>
          Math.max(extent.max, Math.ceil(topTarget * 1.05)) || undefined,
      },
    ],
    series: [
      {
        name: t('trendDaily'),
        type: 'bar',
        data: series.enrolled,
        yAxisIndex: 0,
        itemStyle: { color: '#8fb3de' },
      },
      ...(anyEnded
        ? [
            {
              name: t('trendEnded'),
              type: 'bar',
              data: series.ended,
              yAxisIndex: 0,
              itemStyle: { color: '#e2a29b' },
            },
          ]
        : []),
      {
        name: t('trendCumulative'),
        type: 'line',
        data: series.cumulative,
        yAxisIndex: 1,
        showSymbol: false,
        lineStyle: { width: 2.5, color: '#1f4e8c' },
        itemStyle: { color: '#1f4e8c' },
        ...(markLine ? { markLine } : {}),
      },
      ...(showTargets && series.pace
        ? [
            {
              name: t('trendPace'),
              type: 'line',
              data: series.pace,
              yAxisIndex: 1,
              showSymbol: false,
              lineStyle: { type: 'dashed', width: 1.5, color: '#b7791f' },
              itemStyle: { color: '#b7791f' },
            },
          ]
        : []),
    ],
  };
}

/** The trend chart in its panel, with the target-line switch and a note when there is no day. */
export class TrendChart {
  readonly chart = new Chart('trend-chart');
  private showTargets = true;
  private last: { series: TrendSeries; targets: readonly TargetLine[] } | undefined;
  readonly empty = h('p', { class: 'chart-empty', hidden: true }, t('trendEmpty'));
  readonly toggle = h(
    'label',
    { class: 'toggle' },
    h('input', {
      type: 'checkbox',
      checked: true,
      data: { action: 'target-lines' },
      on: {
        change: (e) => {
          this.showTargets = (e.target as HTMLInputElement).checked;
          if (this.last) this.draw(this.last.series, this.last.targets);
        },
      },
    }),
    t('trendShowTarget'),
  );

  draw(series: TrendSeries, targets: readonly TargetLine[]): void {
    this.last = { series, targets };
    const none = series.dates.length === 0;
    this.empty.hidden = !none;
    this.chart.element.hidden = none;
    if (!none) this.chart.set(trendOption(series, targets, this.showTargets), series.dates.length);
  }
}
