import type { Chart as ChartType, Plugin } from 'chart.js';
import type { Figure } from '../ui/explorable.js';
import { formatNumber } from '../ui/format.js';
import { Chart, canvasIn } from './setup.js';

export interface BarSet {
  label: string;
  values: readonly number[];
  color: string | string[];
  /** Bars with the same stack name pile up (used for H(p) + KL). */
  stack?: string;
}

export interface BarSpec<M> {
  describe: (model: M) => string;
  categories: (model: M) => string[];
  sets: (model: M) => BarSet[];
  yTitle: (model: M) => string;
  y: { min: number; max: (model: M) => number };
  horizontal?: boolean;
  stacked?: boolean;
  /** Print each bar's value on it (∞ for an infinite bar, which is drawn to the axis end). */
  valueLabels?: boolean;
  legend?: boolean;
  height?: number;
  /** A line under the chart, for what the legend cannot say briefly. */
  caption?: string;
  /**
   * Makes the bars draggable (vertical charts): pressing or dragging on the plot sets the bar
   * nearest the pointer to the value under it. The sliders stay the keyboard way to do the same.
   */
  onDrag?: (datasetIndex: number, index: number, value: number) => void;
}

/** A bar chart; infinite values are drawn to the end of the axis and labelled ∞, not dropped. */
export function barFigure<M>(element: HTMLElement, spec: BarSpec<M>): Figure<M> {
  const canvas = canvasIn(element, '', spec.height);
  const valueAxis = spec.horizontal ? 'x' : 'y';
  const categoryAxis = spec.horizontal ? 'y' : 'x';
  let raw: number[][] = [];
  const chart = new Chart<'bar', number[], string>(canvas, {
    type: 'bar',
    data: { labels: [], datasets: [] },
    options: {
      indexAxis: spec.horizontal ? 'y' : 'x',
      scales: {
        [categoryAxis]: { stacked: spec.stacked ?? false, grid: { display: false } },
        [valueAxis]: {
          stacked: spec.stacked ?? false,
          min: spec.y.min,
          title: { display: true, text: '' },
        },
      },
      plugins: {
        legend: { display: spec.legend ?? true, labels: { boxWidth: 14 } },
        tooltip: {
          callbacks: {
            label: (item) =>
              `${item.dataset.label}: ${formatNumber(raw[item.datasetIndex]?.[item.dataIndex] ?? Number.NaN)}`,
          },
        },
      },
    },
    plugins: spec.valueLabels ? [valueLabelPlugin(() => raw, spec.horizontal ?? false)] : [],
  });
  const captions = [spec.caption, spec.onDrag ? 'Drag the bars, or use the sliders.' : undefined].filter(
    Boolean,
  );
  if (spec.onDrag) draggable(chart, canvas, spec.onDrag);
  if (captions.length > 0)
    element.append(
      Object.assign(document.createElement('p'), { className: 'hint', textContent: captions.join(' ') }),
    );
  return (model) => {
    const max = spec.y.max(model);
    const sets = spec.sets(model);
    raw = sets.map((s) => [...s.values]);
    chart.data.labels = spec.categories(model);
    chart.data.datasets = sets.map((s) => ({
      label: s.label,
      data: s.values.map((v) => (Number.isFinite(v) ? v : v > 0 ? max : Number.NaN)),
      backgroundColor: s.color,
      ...(s.stack ? { stack: s.stack } : {}),
    }));
    const scale = chart.options.scales?.[valueAxis];
    if (scale) {
      scale.max = max;
      if (scale.title) scale.title.text = spec.yTitle(model);
    }
    canvas.setAttribute('aria-label', spec.describe(model));
    chart.update('none');
  };
}

function draggable(
  chart: ChartType<'bar', number[], string>,
  canvas: HTMLCanvasElement,
  onDrag: NonNullable<BarSpec<unknown>['onDrag']>,
): void {
  let target: { datasetIndex: number; index: number } | undefined;
  const valueAt = (event: PointerEvent): number => {
    const scale = chart.scales['y'];
    const y = event.clientY - canvas.getBoundingClientRect().top;
    const value = scale ? (scale.getValueForPixel(y) ?? 0) : 0;
    return Math.min(1, Math.max(0, Math.round(value * 100) / 100));
  };
  canvas.style.cursor = 'ns-resize';
  canvas.style.touchAction = 'none';
  canvas.addEventListener('pointerdown', (event) => {
    const [nearest] = chart.getElementsAtEventForMode(
      event,
      'nearest',
      { intersect: false, axis: 'x' },
      false,
    );
    if (!nearest) return;
    target = { datasetIndex: nearest.datasetIndex, index: nearest.index };
    canvas.setPointerCapture(event.pointerId);
    onDrag(target.datasetIndex, target.index, valueAt(event));
  });
  canvas.addEventListener('pointermove', (event) => {
    if (target) onDrag(target.datasetIndex, target.index, valueAt(event));
  });
  const release = () => {
    target = undefined;
  };
  canvas.addEventListener('pointerup', release);
  canvas.addEventListener('pointercancel', release);
}

function valueLabelPlugin(read: () => number[][], horizontal: boolean): Plugin<'bar'> {
  return {
    id: 'valueLabels',
    afterDatasetsDraw(chart: ChartType<'bar'>) {
      const { ctx } = chart;
      const values = read();
      ctx.save();
      ctx.font = '600 11px system-ui, sans-serif';
      ctx.fillStyle = '#1a202c';
      chart.data.datasets.forEach((_set, datasetIndex) => {
        const meta = chart.getDatasetMeta(datasetIndex);
        if (meta.hidden) return;
        meta.data.forEach((bar, index) => {
          const value = values[datasetIndex]?.[index];
          if (value === undefined || Number.isNaN(value)) return;
          const text = formatNumber(value, 3);
          const { x, y } = bar.getProps(['x', 'y'], true) as { x: number; y: number };
          if (horizontal) {
            const { base } = bar.getProps(['base'], true) as { base: number };
            // A segment too thin for its number stays unlabelled; the readouts carry the value.
            if (ctx.measureText(text).width + 8 > Math.abs(x - base)) return;
            ctx.textAlign = 'right';
            ctx.textBaseline = 'middle';
            ctx.fillStyle = '#fff';
            // An infinite segment runs past the axis; its ∞ goes at the visible end.
            ctx.fillText(text, Math.min(x, chart.chartArea.right) - 4, y);
          } else {
            ctx.textAlign = 'center';
            // A bar that reaches the top (probability 1, or ∞) carries its label inside, in white.
            const inside = y - 14 < chart.chartArea.top;
            ctx.textBaseline = inside ? 'top' : 'bottom';
            ctx.fillStyle = inside ? '#fff' : '#1a202c';
            ctx.fillText(text, x, inside ? y + 3 : y - 2);
          }
        });
      });
      ctx.restore();
    },
  };
}
