import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import type { Figure } from '../ui/explorable.js';
import { formatNumber, setNumber } from '../ui/format.js';
import { type Term, termColors } from '../ui/palette.js';
import { verticalTicks } from './axes.js';
import { svgElement, svgFigure } from './svg.js';

/**
 * A small line plot: curves the library evaluated (the surprisal −ln q, a loss against a logit)
 * and markers where the model is now. A value above the plot (up to ∞) is drawn at its top edge
 * with an arrow, and the marker's printed number stays exact.
 */
export interface Curve {
  /** The quantity drawn, which gives the colour; a curve outside the chain (a comparison loss) gives `color`. */
  term?: Term;
  color?: string;
  label: string;
  points: readonly { x: number; y: number }[];
  /** A faint curve, drawn for comparison (the other label, ε = 0). */
  dashed?: boolean;
}

export interface Marker {
  /** As for a curve: the quantity marked gives the colour, or `color` for one outside the chain. */
  term?: Term;
  color?: string;
  x: number;
  y: number;
  /** Printed beside the dot; the marker's `data-raw` is y. */
  label: string;
  /** `data-marker` for the tests. */
  name: string;
  hollow?: boolean;
  /** Print the label under the dot, clear of a neighbour's label above. */
  below?: boolean;
}

export interface CurvePlotSpec<M> {
  x: { min: number; max: number; label: string };
  y: { min: number; max: number; label: string };
  curves: (model: M) => Curve[];
  markers: (model: M) => Marker[];
  describe: (model: M) => string;
  height?: number;
  /** Name the curves in their colours in the top or bottom right corner, where several are compared. */
  legend?: 'top' | 'bottom';
}

const width = 360;
// Room on the left for tick labels of three characters (2.5) beside the rotated axis title.
const margin = { top: 14, right: 12, bottom: 34, left: 44 };

export function curvePlot<M>(parent: HTMLElement, spec: CurvePlotSpec<M>): Figure<M> {
  const height = spec.height ?? 190;
  const svg = svgFigure(parent, { width, height, className: 'plot curve-plot' });
  svg.setAttribute('role', 'img');
  const x = scaleLinear()
    .domain([spec.x.min, spec.x.max])
    .range([margin.left, width - margin.right]);
  const y = scaleLinear()
    .domain([spec.y.min, spec.y.max])
    .range([height - margin.bottom, margin.top]);
  const clampY = (v: number): number =>
    y(Number.isFinite(v) ? Math.min(spec.y.max, Math.max(spec.y.min, v)) : spec.y.max);
  const axis = svgElement(svg, 'g', { class: 'axis', 'aria-hidden': 'true' });
  for (const tick of verticalTicks(y, 4)) {
    svgElement(axis, 'line', { x1: margin.left, x2: width - margin.right, y1: y(tick), y2: y(tick) });
    svgElement(axis, 'text', {
      x: margin.left - 6,
      y: y(tick),
      'text-anchor': 'end',
      dy: '0.32em',
    }).textContent = formatNumber(tick);
  }
  for (const tick of x.ticks(5))
    svgElement(axis, 'text', {
      x: x(tick),
      y: height - margin.bottom + 14,
      'text-anchor': 'middle',
    }).textContent = formatNumber(tick);
  svgElement(axis, 'text', {
    class: 'axis-title',
    x: (margin.left + width - margin.right) / 2,
    y: height - 3,
    'text-anchor': 'middle',
  }).textContent = spec.x.label;
  svgElement(axis, 'text', {
    class: 'axis-title',
    transform: `translate(11 ${(margin.top + height - margin.bottom) / 2}) rotate(-90)`,
    'text-anchor': 'middle',
  }).textContent = spec.y.label;
  const clip = `clip-${Math.random().toString(36).slice(2)}`;
  svgElement(svgElement(svg, 'clipPath', { id: clip }), 'rect', {
    x: margin.left,
    y: margin.top - 2,
    width: width - margin.left - margin.right,
    height: height - margin.top - margin.bottom + 2,
  });
  const curveLayer = svgElement(svg, 'g', { 'clip-path': `url(#${clip})` });
  const markerLayer = svgElement(svg, 'g');
  const path = line<{ x: number; y: number }>()
    .defined((p) => Number.isFinite(p.y))
    .x((p) => x(p.x))
    .y((p) => clampY(p.y));

  const legendLayer = svgElement(svg, 'g', { class: 'curve-legend', 'aria-hidden': 'true' });

  return (model) => {
    curveLayer.replaceChildren();
    legendLayer.replaceChildren();
    const curves = spec.curves(model);
    for (const [index, curve] of curves.entries()) {
      const stroke = curve.color ?? termColors[curve.term ?? 'crossEntropy'];
      svgElement(curveLayer, 'path', {
        class: curve.dashed ? 'curve dashed' : 'curve',
        d: path(curve.points) ?? '',
        stroke,
        ...(curve.term ? { 'data-term': curve.term } : {}),
        'data-curve': curve.label,
      });
      if (spec.legend)
        svgElement(legendLayer, 'text', {
          x: width - margin.right - 4,
          y:
            spec.legend === 'top'
              ? margin.top + 10 + index * 15
              : height - margin.bottom - 8 - (curves.length - 1 - index) * 15,
          'text-anchor': 'end',
          // A style, not the fill attribute, which the plots' text rule would override.
          style: `fill: ${stroke}`,
        }).textContent = curve.label;
    }
    markerLayer.replaceChildren();
    for (const marker of spec.markers(model)) {
      const color = marker.color ?? termColors[marker.term ?? 'crossEntropy'];
      const group = svgElement(markerLayer, 'g', {
        ...(marker.term ? { 'data-term': marker.term } : {}),
        'data-marker': marker.name,
      });
      const cx = x(marker.x);
      const cy = clampY(marker.y);
      if (!Number.isFinite(marker.y) || marker.y > spec.y.max)
        svgElement(group, 'path', {
          d: `M${cx - 5},${cy + 6} L${cx},${cy - 2} L${cx + 5},${cy + 6}`,
          class: 'off-plot',
          stroke: color,
        });
      svgElement(group, 'line', {
        class: 'drop',
        x1: cx,
        x2: cx,
        y1: cy,
        y2: y(spec.y.min),
        stroke: color,
      });
      svgElement(group, 'circle', {
        cx,
        cy,
        r: 5,
        fill: marker.hollow ? '#fff' : color,
        stroke: color,
      });
      const text = svgElement(group, 'text', {
        class: 'marker-label',
        x: cx > width - 110 ? cx - 8 : cx + 8,
        y: marker.below ? cy + 18 : Math.max(margin.top + 8, cy - 6),
        'text-anchor': cx > width - 110 ? 'end' : 'start',
      });
      setNumber(text, marker.y);
      text.textContent = marker.label;
    }
    svg.setAttribute('aria-label', spec.describe(model));
  };
}
