import { scaleBand, scaleLinear } from 'd3-scale';
import type { Figure } from '../ui/explorable.js';
import { formatNumber, setNumber } from '../ui/format.js';
import { termColors } from '../ui/palette.js';
import { onSliderKeys, snap } from '../ui/slider.js';
import { verticalTicks } from './axes.js';
import { onDrag, setAttributes, svgElement, svgFigure } from './svg.js';

/**
 * Logits as bars you drag: each bar is its own handle (an ARIA slider), dragged up or down with
 * the mouse or a finger, or moved with the arrow keys once focused (Page Up/Down for big steps,
 * Home/End for the ends). The bars start at zero, so a negative logit hangs below the line.
 */
export interface LogitBarsSpec<M> {
  /** One name per bar, e.g. `z₀ panda`. */
  labels: readonly string[];
  /** What a screen reader announces before each value, e.g. `logit z0 (panda)`. */
  ariaLabels: readonly string[];
  /** `data-control` of bar i is `${name}${i}`. */
  name: string;
  min: number;
  max: number;
  step: number;
  values: (model: M) => readonly number[];
  onInput: (values: number[]) => void;
  height?: number;
}

const width = 360;
const margin = { top: 16, right: 8, bottom: 30, left: 30 };

export function logitBars<M>(parent: HTMLElement, spec: LogitBarsSpec<M>): Figure<M> {
  const height = spec.height ?? 170;
  const svg = svgFigure(parent, { width, height, className: 'plot logit-bars' });
  svg.setAttribute('aria-label', 'Logits: drag a bar, or focus it and use the arrow keys');
  svg.setAttribute('role', 'group');
  const x = scaleBand<number>()
    .domain(spec.labels.map((_, i) => i))
    .range([margin.left, width - margin.right])
    // A lone logit (the binary case) gets a bar, not a wall.
    .padding(spec.labels.length === 1 ? 0.75 : 0.3);
  const y = scaleLinear()
    .domain([spec.min, spec.max])
    .range([height - margin.bottom, margin.top]);
  const axis = svgElement(svg, 'g', { class: 'axis', 'aria-hidden': 'true' });
  for (const tick of verticalTicks(y, 5)) {
    svgElement(axis, 'line', { x1: margin.left - 4, x2: width - margin.right, y1: y(tick), y2: y(tick) });
    svgElement(axis, 'text', {
      x: margin.left - 6,
      y: y(tick),
      'text-anchor': 'end',
      dy: '0.32em',
    }).textContent = formatNumber(tick);
  }
  svgElement(axis, 'line', { class: 'zero', x1: margin.left, x2: width - margin.right, y1: y(0), y2: y(0) });

  let current: readonly number[] = [];
  const set = (i: number, value: number): void => {
    const next = snap(value, spec);
    if (next !== current[i]) spec.onInput(current.map((v, j) => (j === i ? next : v)));
  };
  const bars = spec.labels.map((label, i) => {
    const handle = svgElement(svg, 'g', {
      class: 'logit-handle',
      role: 'slider',
      tabindex: 0,
      'aria-label': spec.ariaLabels[i] ?? label,
      'aria-valuemin': spec.min,
      'aria-valuemax': spec.max,
      'aria-orientation': 'vertical',
      'data-control': `${spec.name}${i}`,
    });
    const band = x(i) ?? 0;
    // The whole column takes the pointer, so a bar near zero is as easy to grab as a tall one.
    svgElement(handle, 'rect', {
      class: 'hit',
      x: band - 6,
      width: x.bandwidth() + 12,
      y: margin.top,
      height: height - margin.top - margin.bottom,
    });
    const bar = svgElement(handle, 'rect', {
      class: 'bar',
      x: band,
      width: x.bandwidth(),
      fill: termColors.logit,
    });
    const grip = svgElement(handle, 'line', { class: 'grip', x1: band, x2: band + x.bandwidth() });
    const value = svgElement(handle, 'text', {
      class: 'value',
      x: band + x.bandwidth() / 2,
      'text-anchor': 'middle',
    });
    svgElement(svg, 'text', {
      class: 'class-label',
      x: band + x.bandwidth() / 2,
      y: height - 8,
      'text-anchor': 'middle',
    }).textContent = label;

    onDrag(svg, handle, (point) => set(i, y.invert(point.y)));
    onSliderKeys(handle, (move) => {
      if ('steps' in move) set(i, (current[i] ?? 0) + move.steps * spec.step);
      else set(i, move.to === 'min' ? spec.min : spec.max);
    });
    return { handle, bar, grip, value };
  });

  return (model) => {
    current = spec.values(model);
    bars.forEach(({ handle, bar, grip, value }, i) => {
      const v = current[i] ?? 0;
      // A logit beyond the axis (shifted out of range) is drawn at the edge, its number still exact.
      const end = y(Math.min(spec.max, Math.max(spec.min, v)));
      setAttributes(bar, { y: Math.min(end, y(0)), height: Math.abs(end - y(0)) });
      setAttributes(grip, { y1: end, y2: end });
      setAttributes(value, { y: v >= 0 ? end - 5 : end + 13 });
      setNumber(value, v, 2);
      handle.setAttribute('aria-valuenow', String(v));
      handle.setAttribute('aria-valuetext', formatNumber(v, 2));
    });
  };
}
