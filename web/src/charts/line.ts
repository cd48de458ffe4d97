import type { Chart as ChartType, Plugin } from 'chart.js';
import type { Figure } from '../ui/explorable.js';
import { formatNumber } from '../ui/format.js';
import { Chart, canvasIn } from './setup.js';

export interface Point {
  x: number;
  y: number;
}

export interface Series {
  label: string;
  points: Point[];
  color: string;
  dash?: number[];
  /** Dots on the samples, for short series such as a training history. */
  dots?: boolean;
}

/** A highlighted point; y = Infinity is drawn as an arrow off the top of the plot, marked ∞. */
export interface Marker {
  x: number;
  y: number;
  color: string;
  label: string;
}

export interface LineSpec<M> {
  /** What the figure shows, in words, for screen readers (updated on every render). */
  describe: (model: M) => string;
  xTitle: string;
  yTitle: (model: M) => string;
  x: { min: number; max: number; log?: boolean };
  y: { min: number; max: number | ((model: M) => number) };
  series: (model: M) => Series[];
  markers?: (model: M) => Marker[];
  height?: number;
}

/** A line chart of curves sampled by the model, with live markers on them. */
export function lineFigure<M>(element: HTMLElement, spec: LineSpec<M>): Figure<M> {
  const canvas = canvasIn(element, '', spec.height);
  let markers: Marker[] = [];
  const chart = new Chart(canvas, {
    type: 'line',
    data: { datasets: [] },
    options: {
      parsing: false,
      normalized: true,
      interaction: { mode: 'nearest', intersect: false },
      elements: { point: { radius: 0 }, line: { borderWidth: 2, tension: 0 } },
      scales: {
        x: { type: 'linear', min: spec.x.min, max: spec.x.max, title: { display: true, text: spec.xTitle } },
        y: { type: 'linear', min: spec.y.min, title: { display: true, text: '' } },
      },
      plugins: {
        legend: { labels: { boxWidth: 14, boxHeight: 2 } },
        tooltip: {
          callbacks: {
            label: (item) => `${item.dataset.label}: ${formatNumber(item.parsed.y ?? Number.NaN)}`,
          },
        },
      },
    },
    plugins: [markerPlugin(() => markers)],
  });
  return (model) => {
    const series = spec.series(model);
    chart.data.datasets = series.map((s) => ({
      label: s.label,
      data: s.points,
      borderColor: s.color,
      backgroundColor: s.color,
      borderDash: s.dash ?? [],
      pointRadius: s.dots ? 2.5 : 0,
    }));
    const yScale = chart.options.scales?.['y'];
    if (yScale) {
      yScale.max = typeof spec.y.max === 'function' ? spec.y.max(model) : spec.y.max;
      if (yScale.title) yScale.title.text = spec.yTitle(model);
    }
    markers = spec.markers ? spec.markers(model) : [];
    canvas.setAttribute('aria-label', spec.describe(model));
    chart.update('none');
  };
}

function markerPlugin(read: () => Marker[]): Plugin<'line'> {
  return {
    id: 'markers',
    afterDatasetsDraw(chart: ChartType<'line'>) {
      const { ctx, chartArea, scales } = chart;
      const xScale = scales['x'];
      const yScale = scales['y'];
      if (!xScale || !yScale) return;
      ctx.save();
      ctx.font = '600 12px system-ui, sans-serif';
      for (const marker of read()) {
        const x = xScale.getPixelForValue(marker.x);
        const infinite = !Number.isFinite(marker.y) || marker.y > (yScale.max as number);
        const y = infinite ? chartArea.top + 4 : yScale.getPixelForValue(marker.y);
        ctx.strokeStyle = marker.color;
        ctx.fillStyle = marker.color;
        ctx.setLineDash([3, 3]);
        ctx.beginPath();
        ctx.moveTo(x, chartArea.bottom);
        ctx.lineTo(x, y);
        ctx.stroke();
        ctx.setLineDash([]);
        if (infinite) {
          // An arrow leaving the plot: the value is larger than any axis can show.
          ctx.beginPath();
          ctx.moveTo(x, chartArea.top - 2);
          ctx.lineTo(x - 6, chartArea.top + 8);
          ctx.lineTo(x + 6, chartArea.top + 8);
          ctx.closePath();
          ctx.fill();
        } else {
          ctx.beginPath();
          ctx.arc(x, y, 5, 0, 2 * Math.PI);
          ctx.fill();
        }
        const text = marker.label;
        const width = ctx.measureText(text).width;
        const left = Math.min(Math.max(x + 8, chartArea.left), chartArea.right - width);
        ctx.fillText(text, left, Math.max(y - 8, chartArea.top + 12));
      }
      ctx.restore();
    },
  };
}
