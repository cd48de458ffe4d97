import { scaleLinear } from 'd3-scale';
import type { Figure } from '../ui/explorable.js';
import { formatNumber } from '../ui/format.js';
import '../styles/information.css';
import { drawAxes, type Frame } from './axes.js';
import { describeHandle, makeHandle } from './handle.js';
import { setAttributes, svgElement, svgFigure } from './svg.js';

/**
 * The curve −log p over p in [0, 1], with the current p as a point you drag along it. Under the
 * point, the rectangle p wide and −log p tall is the outcome's block in the code-length diagrams
 * that follow: its area p·(−log p) is what the outcome adds to an entropy.
 */
export interface SurprisalCurveModel {
  p: number;
  /** −log p from the library, in the model's unit. */
  surprisal: number;
  /** Samples of the curve from the library. */
  curve: readonly { x: number; y: number }[];
  /** The top of the scale; the curve and the point go off the top beyond it. */
  yMax: number;
  unit: string;
}

export interface SurprisalCurveSpec {
  /** The probability under the pointer (unrounded, clamped to [0, 1]). */
  onProbability: (p: number) => void;
}

const frame: Frame = { width: 560, height: 280, margin: { top: 34, right: 20, bottom: 42, left: 50 } };
const { width, height, margin } = frame;
const baseline = height - margin.bottom;
/** Keyboard steps of the point: arrows move p by 0.01, Page Up/Down by 0.1. */
const probabilityStep = 0.01;
let clipCount = 0;

export function surprisalCurveFigure(
  parent: HTMLElement,
  spec: SurprisalCurveSpec,
): Figure<SurprisalCurveModel> {
  const svg = svgFigure(parent, { width, height, className: 'surprisal-curve', role: 'group' });
  const x = scaleLinear()
    .domain([0, 1])
    .range([margin.left, width - margin.right]);
  const y = scaleLinear().range([baseline, margin.top]);
  const clipId = `surprisal-clip-${++clipCount}`;
  const clip = svgElement(svgElement(svg, 'defs'), 'clipPath', { id: clipId });
  svgElement(clip, 'rect', {
    x: margin.left,
    y: margin.top,
    width: width - margin.left - margin.right,
    height: baseline - margin.top,
  });
  const axis = svgElement(svg, 'g', { class: 'axis', 'aria-hidden': 'true' });
  // The block this outcome gets in the code-length diagrams of sections 2 and 3: p wide, −log p tall.
  const block = svgElement(svg, 'rect', {
    class: 'outcome-block',
    'data-term': 'term',
    'clip-path': `url(#${clipId})`,
  });
  const curve = svgElement(svg, 'path', {
    class: 'curve',
    'data-term': 'surprisal',
    'clip-path': `url(#${clipId})`,
  });
  const guides = svgElement(svg, 'g', { 'aria-hidden': 'true' });
  const down = svgElement(guides, 'line', { class: 'guide', 'data-term': 'truth' });
  const across = svgElement(guides, 'line', { class: 'guide', 'data-term': 'surprisal' });
  const widthBar = svgElement(guides, 'rect', { class: 'width-bar', 'data-term': 'truth', height: 6 });
  const infinity = svgElement(svg, 'path', {
    class: 'infinity',
    'data-term': 'surprisal',
    'aria-hidden': 'true',
  });
  const valueLabel = svgElement(svg, 'text', { class: 'value-label', 'data-term': 'surprisal' });
  const point = svgElement(svg, 'g', { class: 'point' });
  const hit = svgElement(point, 'circle', { class: 'hit', r: 16 });
  const knob = svgElement(point, 'circle', { class: 'knob', r: 8, 'data-term': 'truth' });
  let model: SurprisalCurveModel | null = null;
  makeHandle(point, svg, {
    label: 'probability p: drag the point along the curve',
    onDrag: (px) => spec.onProbability(Math.min(1, Math.max(0, x.invert(px)))),
    onStep: (steps) =>
      spec.onProbability(Math.min(1, Math.max(0, (model?.p ?? 0) + steps * probabilityStep))),
    onHome: () => spec.onProbability(0),
    onEnd: () => spec.onProbability(1),
  });

  return (m) => {
    model = m;
    y.domain([0, m.yMax]);
    drawAxes(axis, {
      frame,
      x,
      y,
      xTitle: 'probability p',
      yTitle: `surprisal −log p (${m.unit})`,
      xTicks: true,
    });
    // A polyline through the library's samples: dense enough that it reads as the smooth curve.
    curve.setAttribute('d', `M${m.curve.map((point) => `${x(point.x)},${y(point.y)}`).join('L')}`);
    const off = m.surprisal > m.yMax;
    const px = x(m.p);
    const py = y(Math.min(m.surprisal, m.yMax));
    setAttributes(block, { x: x(0), y: py, width: px - x(0), height: baseline - py });
    setAttributes(hit, { cx: px, cy: py });
    setAttributes(knob, { cx: px, cy: py });
    point.setAttribute('data-off-scale', String(off));
    setAttributes(down, { x1: px, x2: px, y1: py, y2: baseline });
    setAttributes(across, { x1: margin.left, x2: px, y1: py, y2: py });
    setAttributes(widthBar, { x: x(0), y: baseline + 1, width: px - x(0) });
    // Off the top the curve has no end: an arrow points up, and p = 0 is labelled ∞, not clamped.
    infinity.setAttribute(
      'd',
      off
        ? `M${px},${py} V${margin.top - 22} M${px - 6},${margin.top - 14} L${px},${margin.top - 22} L${px + 6},${margin.top - 14}`
        : '',
    );
    valueLabel.textContent = `−log p = ${formatNumber(m.surprisal, 3)} ${m.unit}`;
    const right = px > width / 2;
    setAttributes(valueLabel, {
      x: px + (right ? -14 : 14),
      y: off ? margin.top - 8 : py - 10,
      'text-anchor': right ? 'end' : 'start',
    });
    describeHandle(point, {
      now: m.p,
      min: 0,
      max: 1,
      text: `p = ${formatNumber(m.p)}, surprisal ${formatNumber(m.surprisal)} ${m.unit}`,
    });
    svg.setAttribute(
      'aria-label',
      `Surprisal curve −log p; the point at p = ${formatNumber(m.p)} has surprisal ${formatNumber(m.surprisal)} ${m.unit}`,
    );
  };
}
