import { scaleBand, scaleLinear } from 'd3-scale';
import type { Figure } from '../ui/explorable.js';
import { formatNumber, setNumber } from '../ui/format.js';
import { type Term, termColors } from '../ui/palette.js';
import { verticalTicks } from './axes.js';
import { setAttributes, svgElement, svgFigure } from './svg.js';

/**
 * Side-by-side bars per class, one set per quantity (the target p beside the guess q, say), each
 * in its quantity's colour and tagged with its term, so hovering `q` in a formula lights up the
 * q bars. Every printed value keeps its exact number in `data-raw`; the bars are found by
 * `[data-series="<term>"][data-class="<i>"]`.
 */
export interface BarSet {
  term: Term;
  /** The legend entry, e.g. `q = softmax(z)`. */
  label: string;
  values: readonly number[];
  /** `data-series` of its bars when two sets show one quantity (default: the term). */
  series?: string;
  /** Drawn pale, for comparison (softmax at T = 1 beside a tempered one). */
  faint?: boolean;
}

export interface ClassBarsSpec<M> {
  classes: readonly string[];
  sets: (model: M) => BarSet[];
  describe: (model: M) => string;
  /** The top of the value axis (1 for probabilities). */
  yMax: (model: M) => number;
  /** A class to mark as the true one, k. */
  marked?: (model: M) => number | null;
  height?: number;
}

const seriesOf = (set: BarSet): string => set.series ?? set.term;

const width = 360;
const margin = { top: 34, right: 8, bottom: 30, left: 30 };

export function classBars<M>(parent: HTMLElement, spec: ClassBarsSpec<M>): Figure<M> {
  const height = spec.height ?? 170;
  const svg = svgFigure(parent, { width, height, className: 'plot class-bars' });
  svg.setAttribute('role', 'img');
  const x = scaleBand<number>()
    .domain(spec.classes.map((_, i) => i))
    .range([margin.left, width - margin.right])
    .padding(0.22);
  const y = scaleLinear().range([height - margin.bottom, margin.top]);
  const axis = svgElement(svg, 'g', { class: 'axis', 'aria-hidden': 'true' });
  const legend = svgElement(svg, 'g', { class: 'legend' });
  const layer = svgElement(svg, 'g');
  const labels = spec.classes.map((name, i) => {
    const label = svgElement(svg, 'text', {
      class: 'class-label',
      x: (x(i) ?? 0) + x.bandwidth() / 2,
      y: height - 8,
      'text-anchor': 'middle',
    });
    label.textContent = name;
    return label;
  });
  let drawn: { rect: SVGRectElement; text: SVGTextElement }[][] = [];
  let drawnMax = Number.NaN;

  /** Builds one bar and label per class and set; rebuilt only if the number of sets changes. */
  const build = (sets: BarSet[]): void => {
    layer.replaceChildren();
    legend.replaceChildren();
    const inner = scaleBand<number>()
      .domain(sets.map((_, s) => s))
      .range([0, x.bandwidth()])
      .padding(0.08);
    let legendX = margin.left;
    drawn = sets.map((set, s) => {
      const swatch = svgElement(legend, 'g', { 'data-term': set.term, class: set.faint ? 'faint' : '' });
      svgElement(swatch, 'rect', { x: legendX, y: 6, width: 10, height: 10, fill: termColors[set.term] });
      const text = svgElement(swatch, 'text', { x: legendX + 14, y: 15 });
      text.textContent = set.label;
      // Measured where the figure is laid out; about 7 units a character (12 px labels) before.
      legendX += 24 + Math.max(text.getComputedTextLength(), 7 * set.label.length);
      return spec.classes.map((_, i) => {
        const attributes = { 'data-series': seriesOf(set), 'data-class': i, 'data-term': set.term };
        const rect = svgElement(layer, 'rect', {
          ...attributes,
          x: (x(i) ?? 0) + (inner(s) ?? 0),
          width: inner.bandwidth(),
          fill: termColors[set.term],
          class: set.faint ? 'faint' : '',
        });
        const label = svgElement(layer, 'text', {
          ...attributes,
          class: 'value',
          x: (x(i) ?? 0) + (inner(s) ?? 0) + inner.bandwidth() / 2,
          'text-anchor': 'middle',
        });
        return { rect, text: label };
      });
    });
  };

  return (model) => {
    const sets = spec.sets(model);
    if (
      sets.length !== drawn.length ||
      sets.some((set, s) => drawn[s]?.[0]?.rect.dataset['series'] !== seriesOf(set))
    )
      build(sets);
    const yMax = spec.yMax(model);
    y.domain([0, yMax]);
    if (yMax !== drawnMax) {
      drawnMax = yMax;
      axis.replaceChildren();
      for (const tick of verticalTicks(y, 4)) {
        svgElement(axis, 'line', { x1: margin.left - 4, x2: width - margin.right, y1: y(tick), y2: y(tick) });
        const text = svgElement(axis, 'text', {
          x: margin.left - 6,
          y: y(tick),
          'text-anchor': 'end',
          dy: '0.32em',
        });
        text.textContent = formatNumber(tick);
      }
    }
    sets.forEach((set, s) => {
      set.values.forEach((value, i) => {
        const bar = drawn[s]?.[i];
        if (!bar) return;
        // An infinite value (a surprisal at q = 0) fills the axis and prints ∞.
        const top = y(Number.isFinite(value) ? Math.min(value, yMax) : yMax);
        setAttributes(bar.rect, { y: top, height: Math.max(0, y(0) - top) });
        setAttributes(bar.text, { y: top - 4 });
        // Bars in pairs are half as wide: two decimals keep neighbouring labels apart.
        setNumber(bar.text, value, sets.length > 1 ? 2 : 3);
      });
    });
    const marked = spec.marked?.(model) ?? null;
    for (const [i, label] of labels.entries()) label.classList.toggle('marked', i === marked);
    svg.setAttribute('aria-label', spec.describe(model));
  };
}
