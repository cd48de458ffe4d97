import type { Figure } from '../ui/explorable.js';
import { formatNumber } from '../ui/format.js';
import { otherColors, termColors } from '../ui/palette.js';
import { onSliderKeys, snap } from '../ui/slider.js';
import { onDrag, setAttributes, svgElement } from './svg.js';

/**
 * Logits as bars you drag up and down (or move with the arrow keys: each bar is an ARIA slider),
 * and under them the gradient on each logit: the library's analytic value as a bar, the central
 * difference as a tick across it, so agreement is seen as the tick sitting on the bar's end.
 */
export interface GradientCheckBarsSpec<M> {
  labels: readonly string[];
  range: { min: number; max: number; step: number };
  logits: (model: M) => readonly number[];
  label: (model: M) => number;
  analytic: (model: M) => readonly number[];
  numeric: (model: M) => readonly number[];
  onInput: (logits: number[]) => void;
}

const width = 340;
const column = 70;
const left = 40;
const logitBand = { top: 10, height: 150 };
const gradientBand = { top: 208, height: 90 };
const height = 312;

export function gradientCheckBars<M>(parent: HTMLElement, spec: GradientCheckBarsSpec<M>): Figure<M> {
  const { min, max, step } = spec.range;
  const svg = svgElement(parent, 'svg', {
    viewBox: `0 0 ${width} ${height}`,
    class: 'gradient-check',
    role: 'group',
  });
  svg.setAttribute('aria-label', 'Logits as draggable bars, and the gradient on each logit');
  const yLogit = (z: number): number => logitBand.top + ((max - z) / (max - min)) * logitBand.height;
  const yGradient = (g: number): number => gradientBand.top + ((1 - g) / 2) * gradientBand.height;
  const axis = (y: number, text: string): void => {
    svgElement(svg, 'line', { class: 'axis', x1: left, x2: width - 6, y1: y, y2: y });
    svgElement(svg, 'text', { x: 4, y: y + 4 }).textContent = text;
  };
  axis(yLogit(0), '0');
  axis(yGradient(0), '0');
  const tick = (y: number, text: string): void => {
    svgElement(svg, 'text', { x: left - 4, y: y + 4, 'text-anchor': 'end' }).textContent = text;
  };
  tick(yLogit(max), String(max));
  tick(yLogit(min), String(min).replace('-', '−'));
  tick(yGradient(1), '1');
  tick(yGradient(-1), '−1');
  svgElement(svg, 'text', { x: 4, y: logitBand.top + 40, 'data-term': 'logit' }).textContent = 'z';
  svgElement(svg, 'text', { x: 4, y: gradientBand.top + 30, 'data-term': 'gradient' }).textContent = '∂L/∂z';
  let current: readonly number[] = [];
  const bars = spec.labels.map((name, i) => {
    const x = left + 8 + i * column;
    const bar = svgElement(svg, 'rect', {
      class: 'bar',
      x,
      width: column - 26,
      fill: termColors.logit,
      tabindex: 0,
      role: 'slider',
      'aria-label': `logit z${name}`,
      'aria-valuemin': min,
      'aria-valuemax': max,
      'data-term': 'logit',
      'data-bar': i,
    });
    const value = svgElement(svg, 'text', { x: x + (column - 26) / 2, 'text-anchor': 'middle' });
    const classLabel = svgElement(svg, 'text', { x: x + (column - 26) / 2, y: 180, 'text-anchor': 'middle' });
    classLabel.textContent = `class ${name}`;
    const gradient = svgElement(svg, 'rect', {
      x: x + 6,
      width: column - 38,
      fill: termColors.gradient,
      'data-term': 'gradient',
    });
    const tick = svgElement(svg, 'line', {
      x1: x - 2,
      x2: x + column - 24,
      stroke: otherColors.neutral,
      'stroke-width': 3,
    });
    const set = (z: number): void => {
      const snapped = snap(z, spec.range);
      if (snapped !== current[i]) spec.onInput(current.map((a, j) => (j === i ? snapped : a)));
    };
    // The whole column is the drag target, so a thin bar near zero is still easy to grab.
    const target = svgElement(svg, 'rect', {
      x: x - 8,
      y: logitBand.top,
      width: column - 10,
      height: logitBand.height,
      fill: 'transparent',
    });
    target.style.cursor = 'ns-resize';
    const fromPointer = ({ y }: { y: number }): void =>
      set(max - ((y - logitBand.top) / logitBand.height) * (max - min));
    onDrag(svg, target, fromPointer);
    onSliderKeys(bar, (move) =>
      set('steps' in move ? current[i] + move.steps * step : move.to === 'min' ? min : max),
    );
    return { bar, value, classLabel, gradient, tick };
  });
  return (model) => {
    current = spec.logits(model);
    const label = spec.label(model);
    const analytic = spec.analytic(model);
    const numeric = spec.numeric(model);
    bars.forEach(({ bar, value, classLabel, gradient, tick }, i) => {
      const z = current[i];
      const top = Math.min(yLogit(z), yLogit(0));
      setAttributes(bar, { y: top, height: Math.max(Math.abs(yLogit(z) - yLogit(0)), 1.5) });
      bar.setAttribute('aria-valuenow', String(z));
      bar.setAttribute('aria-valuetext', formatNumber(z));
      value.textContent = formatNumber(z, 1);
      value.setAttribute('y', String(z >= 0 ? top - 4 : top + Math.abs(yLogit(z) - yLogit(0)) + 13));
      if (i === label) classLabel.setAttribute('data-term', 'truth');
      else classLabel.removeAttribute('data-term');
      classLabel.textContent = i === label ? `class ${spec.labels[i]} ✓` : `class ${spec.labels[i]}`;
      const g = analytic[i];
      setAttributes(gradient, {
        y: Math.min(yGradient(g), yGradient(0)),
        height: Math.abs(yGradient(g) - yGradient(0)),
      });
      const n = Math.max(-1.2, Math.min(1.2, numeric[i]));
      setAttributes(tick, { y1: yGradient(n), y2: yGradient(n) });
    });
  };
}
