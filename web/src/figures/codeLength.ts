import { scaleLinear } from 'd3-scale';
import type { Figure } from '../ui/explorable.js';
import { formatNumber } from '../ui/format.js';
import '../styles/information.css';
import { type AveragesModel, averagesLayer } from './averages.js';
import { drawAxes, type Frame } from './axes.js';
import { describeHandle, makeHandle } from './handle.js';
import { figureSvg, setAttributes, svgElement } from './svg.js';

/**
 * The code-length diagram (Chris Olah's "Visual Information Theory"): outcome i is a block as
 * wide as its probability p_i and as tall as its code length −log q_i, so a block's area is
 * p_i·(−log q_i) and the blocks together cover the average code length. With q = p the area is
 * the entropy; with a guess q ≠ p it is the cross-entropy, drawn over the best code's blocks so
 * the extra (the KL divergence) is the part that sticks out. Every length comes from the library.
 */
export interface CodeLengthModel extends AveragesModel {
  names: readonly string[];
  p: readonly number[];
  q: readonly number[];
  /** −log q_i: each block's height. */
  lengths: readonly number[];
  /** −log p_i: the best code's lengths, drawn under the guess's in a comparison. */
  bestLengths: readonly number[];
  /** The tallest length drawn to scale; longer ones are cut at the top and labelled. */
  lengthMax: number;
  unit: string;
}

export interface CodeLengthSpec {
  /** Draw the guess's code over the best one (cross-entropy); otherwise q is p (entropy). */
  compare: boolean;
  /** The truth after a block boundary moved to `position` (a cumulative probability). */
  onBoundary: (index: number, position: number) => void;
  /** Block i's top moved to this code length; Infinity when dragged past the top (q_i = 0). */
  onLength: (index: number, length: number) => void;
}

const frame: Frame = { width: 560, height: 300, margin: { top: 30, right: 60, bottom: 46, left: 50 } };
const { width, height, margin } = frame;
const baseline = height - margin.bottom;
/** A drag this far above the top of the scale means "never": q_i = 0. */
const pastTop = 12;
/** Keyboard steps: a boundary moves by 0.01 of probability, a top by 0.1 of a unit. */
const boundaryStep = 0.01;
const lengthStep = 0.1;

interface Block {
  body: SVGRectElement;
  best: SVGRectElement;
  extra: SVGRectElement;
  saving: SVGRectElement;
  widthBar: SVGRectElement;
  name: SVGTextElement;
  cut: SVGTextElement;
  top: SVGGElement;
  topLine: SVGLineElement;
  topHit: SVGRectElement;
  knob: SVGCircleElement;
}

interface Boundary {
  handle: SVGGElement;
  line: SVGLineElement;
  hit: SVGRectElement;
  knob: SVGCircleElement;
}

const cumulative = (p: readonly number[]): number[] => {
  let sum = 0;
  return [0, ...p.map((v) => (sum += v))];
};

export function codeLengthFigure(parent: HTMLElement, spec: CodeLengthSpec): Figure<CodeLengthModel> {
  const svg = figureSvg(parent, { width, height, className: 'code-length', role: 'group' });
  const x = scaleLinear()
    .domain([0, 1])
    .range([margin.left, width - margin.right]);
  const y = scaleLinear().range([baseline, margin.top]);
  const axis = svgElement(svg, 'g', { class: 'axis', 'aria-hidden': 'true' });
  const blocksLayer = svgElement(svg, 'g');
  const drawAverages = averagesLayer(svg, { frame, compare: spec.compare });
  const handlesLayer = svgElement(svg, 'g');
  let blocks: Block[] = [];
  let boundaries: Boundary[] = [];
  let model: CodeLengthModel | null = null;

  const lengthAt = (py: number): number =>
    py < y(y.domain()[1]) - pastTop
      ? Number.POSITIVE_INFINITY
      : Math.max(0, Math.min(y.domain()[1], y.invert(py)));

  const build = (n: number): void => {
    blocksLayer.replaceChildren();
    handlesLayer.replaceChildren();
    blocks = Array.from({ length: n }, (_, i) => {
      const g = svgElement(blocksLayer, 'g', { class: 'block' });
      const block = {
        body: svgElement(g, 'rect', { class: 'body', 'data-term': 'term' }),
        best: svgElement(g, 'rect', { class: 'best', 'data-term': 'entropy' }),
        extra: svgElement(g, 'rect', { class: 'extra', 'data-term': 'kl' }),
        saving: svgElement(g, 'rect', { class: 'saving', 'data-term': 'kl' }),
        widthBar: svgElement(g, 'rect', { class: 'width-bar', 'data-term': 'truth', height: 7 }),
        name: svgElement(g, 'text', { class: 'name' }),
        cut: svgElement(g, 'text', { class: 'cut', 'data-term': 'surprisal' }),
        top: svgElement(handlesLayer, 'g', { class: 'top' }),
      };
      const topLine = svgElement(block.top, 'line', { class: 'top-line', 'data-term': 'surprisal' });
      const topHit = svgElement(block.top, 'rect', { class: 'hit', height: 16 });
      const knob = svgElement(block.top, 'circle', { class: 'knob', r: 6, 'data-term': 'guess' });
      const who = spec.compare ? 'guess' : 'probability';
      makeHandle(block.top, svg, {
        label: `code length of ${model?.names[i] ?? `outcome ${i + 1}`}: drag the top to change its ${who}`,
        onDrag: (_px, py) => spec.onLength(i, lengthAt(py)),
        onStep: (steps) => {
          // From a cut block (∞ included) the steps start at the top of the scale, where it is drawn.
          const from = Math.min(model?.lengths[i] ?? 0, y.domain()[1]);
          spec.onLength(i, Math.max(0, from + steps * lengthStep));
        },
        onHome: () => spec.onLength(i, 0),
        onEnd: () => spec.onLength(i, Number.POSITIVE_INFINITY),
      });
      return { ...block, topLine, topHit, knob };
    });
    boundaries = Array.from({ length: n - 1 }, (_, i) => {
      const handle = svgElement(handlesLayer, 'g', { class: 'boundary' });
      const boundary = {
        handle,
        line: svgElement(handle, 'line', { class: 'boundary-line', 'data-term': 'truth' }),
        hit: svgElement(handle, 'rect', { class: 'hit', width: 16 }),
        knob: svgElement(handle, 'circle', { class: 'knob', r: 6, 'data-term': 'truth' }),
      };
      makeHandle(handle, svg, {
        label: `boundary between ${model?.names[i]} and ${model?.names[i + 1]}: drag to change the true probabilities`,
        onDrag: (px) => spec.onBoundary(i, x.invert(px)),
        onStep: (steps) => spec.onBoundary(i, cumulative(model?.p ?? [])[i + 1] + steps * boundaryStep),
      });
      return boundary;
    });
  };

  const drawBlock = (block: Block, m: CodeLengthModel, i: number, left: number, right: number): void => {
    const top = m.lengths[i];
    const best = m.bestLengths[i];
    const max = y.domain()[1];
    const shown = Math.min(top, max);
    const columns = { x: x(left), width: x(right) - x(left) };
    const span = (from: number, to: number) => ({
      ...columns,
      y: y(to),
      height: Math.max(0, y(from) - y(to)),
    });
    setAttributes(block.body, span(0, shown));
    block.body.dataset['length'] = String(top);
    block.body.dataset['width'] = String(m.p[i]);
    block.body.setAttribute('data-clipped', String(top > max));
    setAttributes(block.widthBar, { ...columns, y: baseline + 3 });
    const compare = spec.compare;
    block.best.toggleAttribute('hidden', !compare);
    block.extra.toggleAttribute('hidden', !compare || !(top > best));
    block.saving.toggleAttribute('hidden', !compare || !(top < best));
    if (compare) {
      setAttributes(block.best, span(0, Math.min(best, shown)));
      setAttributes(block.extra, span(Math.min(best, max), shown));
      setAttributes(block.saving, span(shown, Math.min(best, max)));
    }
    const centre = x((left + right) / 2);
    block.name.textContent = columns.width > 34 ? (m.names[i] ?? '') : '';
    setAttributes(block.name, { x: centre, y: baseline + 24 });
    // A length past the scale is cut at the top and says how long it really is: ∞ for q_i = 0.
    block.cut.textContent = top > max ? `↑ ${formatNumber(top, 2)}` : '';
    setAttributes(block.cut, { x: centre + 10, y: y(max) - 8 });
    block.topLine.setAttribute('data-clipped', String(top > max));
    setAttributes(block.topLine, {
      x1: columns.x,
      x2: columns.x + columns.width,
      y1: y(shown),
      y2: y(shown),
    });
    setAttributes(block.topHit, { x: columns.x, width: Math.max(columns.width, 12), y: y(shown) - 8 });
    setAttributes(block.knob, { cx: centre, cy: y(shown) });
    const name = m.names[i] ?? '';
    // ARIA wants finite numbers: an infinite length is announced at the top of the scale, as ∞.
    describeHandle(block.top, {
      now: Math.min(top, max),
      min: 0,
      max,
      text: `${name}: q = ${formatNumber(m.q[i])}, code length ${formatNumber(top)} ${m.unit}`,
    });
  };

  return (m) => {
    model = m;
    const n = m.p.length;
    if (blocks.length !== n) build(n);
    y.domain([0, m.lengthMax]);
    drawAxes(axis, {
      frame,
      x,
      y,
      xTitle: 'width: how often it happens, p',
      yTitle: `code length −log ${spec.compare ? 'q' : 'p'} (${m.unit})`,
      xTicks: false,
    });
    const edges = cumulative(m.p);
    for (const [i, block] of blocks.entries()) drawBlock(block, m, i, edges[i], edges[i + 1]);
    boundaries.forEach((boundary, i) => {
      const at = x(edges[i + 1]);
      setAttributes(boundary.line, { x1: at, x2: at, y1: margin.top, y2: baseline + 10 });
      setAttributes(boundary.hit, { x: at - 8, y: margin.top, height: baseline + 10 - margin.top });
      setAttributes(boundary.knob, { cx: at, cy: baseline + 10 });
      describeHandle(boundary.handle, {
        now: edges[i + 1],
        min: 0,
        max: 1,
        text: `p(${m.names[i]}) = ${formatNumber(m.p[i])}, p(${m.names[i + 1]}) = ${formatNumber(m.p[i + 1])}`,
      });
    });
    drawAverages(m, y);
    svg.setAttribute(
      'aria-label',
      `Code-length diagram: ${m.names
        .map((name, i) => `${name} width ${formatNumber(m.p[i])}, height ${formatNumber(m.lengths[i])}`)
        .join(
          '; ',
        )}. Average code length ${formatNumber(spec.compare ? m.crossEntropy : m.entropy)} ${m.unit}.`,
    );
  };
}
