// Only the parts of Apache ECharts the dashboard draws with (about a third of the full build).
import { BarChart, LineChart } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { currentLanguage } from '../i18n';

echarts.use([
  BarChart,
  LineChart,
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

export const FONT_FAMILY =
  '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';

/** Colours by status, the same as the table's (styles.css). */
export const STATUS_COLOURS = {
  stretch: '#17693f',
  reached: '#2e9a5c',
  onPace: '#2f6fbf',
  behind: '#c8463a',
  open: '#b7791f',
  none: '#8a96a3',
} as const;

const live = new Set<Chart>();
let resizeListening = false;

/**
 * One chart on the page. Drawn on a canvas (text on a canvas is never markup); tooltips in
 * ECharts' "richText" mode, also drawn on the canvas, so no data ever reaches innerHTML. The
 * "aria" option describes each chart in its container's aria-label for screen readers.
 */
export class Chart {
  readonly element: HTMLDivElement;
  private instance: echarts.ECharts | undefined;

  constructor(className: string) {
    this.element = document.createElement('div');
    this.element.className = `chart ${className}`;
    live.add(this);
    if (!resizeListening) {
      resizeListening = true;
      window.addEventListener('resize', () => live.forEach((c) => c.instance?.resize()));
    }
  }

  /** Draws (or redraws) the chart; the container must be in the page. */
  set(option: ChartOption, points: number, heightPx?: number): void {
    // CSSOM, not a style attribute: allowed by the page's Content-Security-Policy.
    if (heightPx !== undefined) this.element.style.height = `${heightPx}px`;
    if (!this.instance) {
      this.instance = echarts.init(this.element, undefined, {
        renderer: 'canvas',
        locale: currentLanguage() === 'zh' ? 'ZH' : 'EN',
      });
    } else if (heightPx !== undefined) {
      this.instance.resize();
    }
    this.instance.setOption(
      {
        textStyle: { fontFamily: FONT_FAMILY },
        aria: { enabled: true },
        animationDuration: 300,
        ...option,
      },
      { notMerge: true },
    );
    // For tests and tools: how many data points the chart draws.
    this.element.dataset.points = String(points);
  }

  dispose(): void {
    this.instance?.dispose();
    this.instance = undefined;
    live.delete(this);
  }
}
