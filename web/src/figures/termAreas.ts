import { scaleLinear } from 'd3-scale';
import type { Figure } from '../ui/explorable.js';
import { formatNumber, setNumber } from '../ui/format.js';
import { termColors } from '../ui/palette.js';
import { verticalTicks } from './axes.js';
import { setAttributes, svgElement, svgFigure } from './svg.js';

/**
 * The loss as an area (the code-length picture of Visual Information Theory): each class is a
 * block as wide as its target weight p_i and as tall as its surprisal −ln q_i, so the block's
 * area is the term p_i·(−ln q_i) and all blocks together are the cross-entropy. A class the
 * target gives no weight has no width: however surprising, it costs nothing.
 */
export interface TermAreasSpec<M> {
  classes: readonly string[];
  target: (model: M) => readonly number[];
  surprisals: (model: M) => readonly number[];
  terms: (model: M) => readonly number[];
  describe: (model: M) => string;
  yMax: number;
  height?: number;
}

const width = 360;
const margin = { top: 12, right: 8, bottom: 30, left: 30 };

export function termAreas<M>(parent: HTMLElement, spec: TermAreasSpec<M>): Figure<M> {
  const height = spec.height ?? 170;
  const svg = svgFigure(parent, { width, height, className: 'plot term-areas' });
  svg.setAttribute('role', 'img');
  const x = scaleLinear()
    .domain([0, 1])
    .range([margin.left, width - margin.right]);
  const y = scaleLinear()
    .domain([0, spec.yMax])
    .range([height - margin.bottom, margin.top]);
  const axis = svgElement(svg, 'g', { class: 'axis', 'aria-hidden': 'true' });
  for (const tick of verticalTicks(y, 4)) {
    svgElement(axis, 'line', { x1: margin.left - 4, x2: width - margin.right, y1: y(tick), y2: y(tick) });
    svgElement(axis, 'text', {
      x: margin.left - 6,
      y: y(tick),
      'text-anchor': 'end',
      dy: '0.32em',
    }).textContent = formatNumber(tick);
  }
  svgElement(axis, 'text', {
    class: 'axis-title',
    x: width / 2,
    y: height - 4,
    'text-anchor': 'middle',
  }).textContent = 'width: target pᵢ · height: surprisal −log qᵢ (nats)';
  const blocks = spec.classes.map((name, i) => {
    const group = svgElement(svg, 'g', { 'data-class': i });
    const rect = svgElement(group, 'rect', { 'data-term': 'term', fill: termColors.term, class: 'area' });
    const top = svgElement(group, 'line', {
      'data-term': 'surprisal',
      stroke: termColors.surprisal,
      class: 'area-top',
    });
    const label = svgElement(group, 'text', { class: 'area-label', 'text-anchor': 'middle' });
    const value = svgElement(group, 'text', { class: 'value', 'data-term': 'term', 'text-anchor': 'middle' });
    return { name, rect, top, label, value };
  });

  return (model) => {
    const target = spec.target(model);
    const surprisals = spec.surprisals(model);
    const terms = spec.terms(model);
    let left = 0;
    blocks.forEach(({ name, rect, top, label, value }, i) => {
      const p = target[i] ?? 0;
      const h = Math.min(surprisals[i] ?? 0, spec.yMax);
      const x0 = x(left);
      const x1 = x(left + p);
      left += p;
      setAttributes(rect, { x: x0, width: x1 - x0, y: y(h), height: y(0) - y(h) });
      setAttributes(top, { x1: x0, x2: x1, y1: y(h), y2: y(h) });
      const wide = x1 - x0 > 34;
      // A block too narrow for its words keeps only its number, so neighbours do not collide.
      setAttributes(label, { x: (x0 + x1) / 2, y: y(h) - 18 });
      label.textContent = p > 0 && wide ? name : '';
      setAttributes(value, { x: (x0 + x1) / 2, y: y(h) - 4 });
      setNumber(value, terms[i] ?? 0, 3);
      value.style.display = p > 0 ? '' : 'none';
    });
    svg.setAttribute('aria-label', spec.describe(model));
  };
}
