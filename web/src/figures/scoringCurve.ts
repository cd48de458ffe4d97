import type { Figure } from '../ui/explorable.js';
import { formatNumber } from '../ui/format.js';
import { otherColors, termColors } from '../ui/palette.js';
import { onSliderKeys, snap } from '../ui/slider.js';
import { onDrag, setAttributes, svgElement } from './svg.js';

/**
 * Expected score of announcing q when the truth is p, over q in [0, 1]: the log loss's curve
 * (cross-entropy H(p, q)) beside the linear penalty's straight line, the truth as a vertical line,
 * each curve's minimum as a ring, and the announced q as a knob the reader drags along the axis
 * (or moves with the arrow keys).
 */
export interface Minimum {
  q: number;
  value: number;
}

export interface ScoringSpec<M> {
  /** Samples of the announced q, shared by both curves. */
  grid: readonly number[];
  logLoss: (model: M) => ArrayLike<number>;
  linear: (model: M) => ArrayLike<number>;
  truth: (model: M) => number;
  /** H(p), the floor no announcement gets below; the gap above it at q is D_KL(p‖q). */
  entropy: (model: M) => number;
  report: (model: M) => { q: number; logLoss: number; linear: number };
  /** Where each curve is lowest on the grid, and its value there. */
  minima: (model: M) => { logLoss: Minimum; linear: Minimum };
  step: number;
  onReport: (q: number) => void;
}

const width = 340;
const height = 230;
const margin = { left: 34, right: 12, top: 12, bottom: 34 };
const yMax = 2.5;
const xOf = (q: number): number => margin.left + q * (width - margin.left - margin.right);
const yOf = (loss: number): number =>
  margin.top + (1 - Math.min(loss, yMax + 0.5) / yMax) * (height - margin.top - margin.bottom);

function curve(grid: readonly number[], values: ArrayLike<number>): string {
  return grid.map((q, i) => `${i ? 'L' : 'M'}${xOf(q).toFixed(1)},${yOf(values[i]).toFixed(1)}`).join('');
}

export function scoringFigure<M>(parent: HTMLElement, spec: ScoringSpec<M>): Figure<M> {
  const svg = svgElement(parent, 'svg', {
    viewBox: `0 0 ${width} ${height}`,
    class: 'scoring',
    role: 'group',
  });
  svgElement(svgElement(svg, 'clipPath', { id: 'scoring-clip' }), 'rect', {
    x: margin.left,
    y: margin.top,
    width: width - margin.left - margin.right,
    height: height - margin.top - margin.bottom,
  });
  const bottom = height - margin.bottom;
  svgElement(svg, 'line', {
    class: 'axis',
    x1: margin.left,
    x2: width - margin.right,
    y1: bottom,
    y2: bottom,
  });
  svgElement(svg, 'line', { class: 'axis', x1: margin.left, x2: margin.left, y1: margin.top, y2: bottom });
  for (const q of [0, 0.25, 0.5, 0.75, 1])
    svgElement(svg, 'text', { x: xOf(q), y: bottom + 14, 'text-anchor': 'middle' }).textContent = String(q);
  for (const loss of [0, 1, 2])
    svgElement(svg, 'text', { x: margin.left - 6, y: yOf(loss) + 4, 'text-anchor': 'end' }).textContent =
      String(loss);
  svgElement(svg, 'text', {
    x: (margin.left + width) / 2,
    y: height - 4,
    'text-anchor': 'middle',
  }).textContent = 'announced probability of heads, q';
  const truth = svgElement(svg, 'line', {
    stroke: termColors.truth,
    'stroke-dasharray': '4 3',
    'stroke-width': 2,
    'data-term': 'truth',
    y1: margin.top,
    y2: bottom,
  });
  const plot = svgElement(svg, 'g', { 'clip-path': 'url(#scoring-clip)' });
  const floor = svgElement(plot, 'line', {
    x1: margin.left,
    x2: width - margin.right,
    stroke: termColors.entropy,
    'stroke-dasharray': '2 3',
    'stroke-width': 2,
    'data-term': 'entropy',
  });
  const gap = svgElement(plot, 'line', { stroke: termColors.kl, 'stroke-width': 4, 'data-term': 'kl' });
  const logCurve = svgElement(plot, 'path', {
    class: 'curve',
    stroke: termColors.crossEntropy,
    'data-term': 'crossEntropy',
  });
  const linearCurve = svgElement(plot, 'path', {
    class: 'curve',
    stroke: otherColors.linear,
    'stroke-dasharray': '7 4',
  });
  const ring = (color: string) =>
    svgElement(svg, 'circle', { r: 7, fill: 'none', stroke: color, 'stroke-width': 2 });
  const logMinimum = ring(termColors.crossEntropy);
  const linearMinimum = ring(otherColors.linear);
  const linearDot = svgElement(svg, 'circle', { r: 4, fill: otherColors.linear });
  const knob = svgElement(svg, 'circle', {
    r: 8,
    class: 'knob',
    fill: termColors.guess,
    tabindex: 0,
    role: 'slider',
    'aria-label': 'announced probability of heads q',
    'aria-valuemin': 0,
    'aria-valuemax': 1,
    'data-term': 'guess',
  });
  const legend = document.createElement('p');
  legend.className = 'legend note';
  legend.innerHTML =
    '<span data-term="crossEntropy">━ expected log loss H(p, q)</span> · <span data-term="entropy">┄ its floor H(p)</span> · <span data-term="kl">┃ the gap D<sub>KL</sub>(p‖q)</span> · <span class="linear-key">╍ expected linear penalty</span> · <span data-term="truth">┆ the truth p</span> · rings: each curve’s minimum';
  parent.append(legend);
  let current = 0;
  const set = (q: number): void => {
    const snapped = snap(q, { min: 0, max: 1, step: spec.step });
    if (snapped !== current) spec.onReport(snapped);
  };
  onDrag(svg, svg, ({ x }) => set((x - margin.left) / (width - margin.left - margin.right)));
  onSliderKeys(knob, (move) =>
    set('steps' in move ? current + move.steps * spec.step : move.to === 'min' ? 0 : 1),
  );

  return (model) => {
    logCurve.setAttribute('d', curve(spec.grid, spec.logLoss(model)));
    linearCurve.setAttribute('d', curve(spec.grid, spec.linear(model)));
    const p = spec.truth(model);
    setAttributes(truth, { x1: xOf(p), x2: xOf(p) });
    const report = spec.report(model);
    current = report.q;
    const entropy = spec.entropy(model);
    setAttributes(floor, { y1: yOf(entropy), y2: yOf(entropy) });
    setAttributes(gap, { x1: xOf(report.q), x2: xOf(report.q), y1: yOf(entropy), y2: yOf(report.logLoss) });
    const minima = spec.minima(model);
    setAttributes(logMinimum, { cx: xOf(minima.logLoss.q), cy: yOf(minima.logLoss.value) });
    setAttributes(linearMinimum, { cx: xOf(minima.linear.q), cy: yOf(minima.linear.value) });
    setAttributes(linearDot, { cx: xOf(report.q), cy: yOf(report.linear) });
    setAttributes(knob, { cx: xOf(report.q), cy: yOf(Math.min(report.logLoss, yMax)) });
    knob.setAttribute('aria-valuenow', String(report.q));
    knob.setAttribute(
      'aria-valuetext',
      `q = ${formatNumber(report.q)}, expected log loss ${formatNumber(report.logLoss)}`,
    );
    svg.setAttribute(
      'aria-label',
      `Expected loss against the announced q for p = ${formatNumber(p)}: log loss ${formatNumber(report.logLoss)} at q = ${formatNumber(report.q)}, lowest at q = ${formatNumber(minima.logLoss.q)}; linear penalty lowest at q = ${formatNumber(minima.linear.q)}`,
    );
  };
}
