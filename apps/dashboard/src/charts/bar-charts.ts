import { formatBp, formatCount } from '../format';
import { t } from '../i18n';
import type { RowStatus } from '../model/figures';
import { Chart, STATUS_COLOURS } from './echarts';

export interface CompletionBar {
  name: string;
  completionBp?: number;
  status: RowStatus;
}

/**
 * Completion of the first target level per township or district, best first, coloured by
 * status, with the 100% line and the pace expected by the reference date.
 */
export function drawCompletionBars(
  chart: Chart,
  bars: readonly CompletionBar[],
  pace: number | undefined,
  horizontal: boolean,
): void {
  const values = bars.map((b) => ({
    value: b.completionBp === undefined ? 0 : b.completionBp / 100,
    itemStyle: { color: STATUS_COLOURS[b.status] },
  }));
  const top = Math.max(100, ...values.map((v) => v.value));
  const lines = [
    { name: t('status_reached'), value: 100 },
    ...(pace !== undefined && pace < 1 ? [{ name: t('trendPace'), value: pace * 100 }] : []),
  ];
  const valueAxis = {
    type: 'value',
    max: Math.ceil(top / 10) * 10,
    axisLabel: { formatter: (v: number) => `${v}%` },
  };
  const categoryAxis = {
    type: 'category',
    data: bars.map((b) => b.name),
    inverse: horizontal,
    axisLabel: { interval: 0, width: horizontal ? 140 : 80, overflow: 'truncate' },
  };
  const markLine = {
    symbol: 'none',
    silent: true,
    label: { formatter: (p: { name: string }) => p.name },
    lineStyle: { type: 'dashed', color: '#5b6b7b' },
    data: lines.map((l) =>
      horizontal ? { name: l.name, xAxis: l.value } : { name: l.name, yAxis: l.value },
    ),
  };
  chart.set(
    {
      tooltip: { trigger: 'axis', renderMode: 'richText', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 56, top: 24, bottom: 8, containLabel: true },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxis,
      series: [
        {
          type: 'bar',
          name: t('colCompletion', { level: '' }),
          data: values,
          barMaxWidth: 28,
          label: {
            show: true,
            position: horizontal ? 'right' : 'top',
            formatter: (p: { dataIndex: number }) => formatBp(bars[p.dataIndex].completionBp),
          },
          markLine,
        },
      ],
    },
    bars.length,
    horizontal ? Math.max(160, bars.length * 26 + 48) : 300,
  );
}

export interface CountBar {
  name: string;
  value: number;
}

/** Plain counts per item (payment sources, insurers' premium), largest first. */
export function drawCountBars(
  chart: Chart,
  bars: readonly CountBar[],
  seriesName: string,
  format: (n: number) => string = formatCount,
): void {
  chart.set(
    {
      tooltip: { trigger: 'axis', renderMode: 'richText', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 72, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        data: bars.map((b) => b.name),
        inverse: true,
        axisLabel: { width: 140, overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          name: seriesName,
          data: bars.map((b) => b.value),
          barMaxWidth: 24,
          itemStyle: { color: '#2f6fbf' },
          label: {
            show: true,
            position: 'right',
            formatter: (p: { value: number }) => format(p.value),
          },
        },
      ],
    },
    bars.length,
    Math.max(120, bars.length * 30 + 40),
  );
}
