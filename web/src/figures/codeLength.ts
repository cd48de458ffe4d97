import { scaleLinear } from 'd3-scale';
import type { Figure } from '../ui/explorable.js';
import { formatNumber } from '../ui/format.js';
import '../styles/information.css';
import { type AveragesModel, averagesLayer } from './averages.js';
import { drawAxes, type Frame } from './axes.js';
import {
  type Block,
  type Boundary,
  createBlock,
  createBoundary,
  drawBlock,
  drawBoundary,
} from './codeLengthParts.js';
import { makeHandle } from './handle.js';
import { svgElement, svgFigure } from './svg.js';

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

const cumulative = (p: readonly number[]): number[] => {
  let sum = 0;
  return [0, ...p.map((v) => (sum += v))];
};

export function codeLengthFigure(parent: HTMLElement, spec: CodeLengthSpec): Figure<CodeLengthModel> {
  const svg = svgFigure(parent, { width, height, className: 'code-length', role: 'group' });
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
      const block = createBlock(blocksLayer, handlesLayer);
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
      return block;
    });
    boundaries = Array.from({ length: n - 1 }, (_, i) => {
      const boundary = createBoundary(handlesLayer);
      makeHandle(boundary.handle, svg, {
        label: `boundary between ${model?.names[i]} and ${model?.names[i + 1]}: drag to change the true probabilities`,
        onDrag: (px) => spec.onBoundary(i, x.invert(px)),
        onStep: (steps) => spec.onBoundary(i, cumulative(model?.p ?? [])[i + 1] + steps * boundaryStep),
        // Home and End give the whole pair to the right-hand or the left-hand outcome.
        onHome: () => spec.onBoundary(i, cumulative(model?.p ?? [])[i]),
        onEnd: () => spec.onBoundary(i, cumulative(model?.p ?? [])[i + 2]),
      });
      return boundary;
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
    const scales = { x, y, frame, compare: spec.compare };
    for (const [i, block] of blocks.entries()) drawBlock(block, scales, m, i, edges);
    for (const [i, boundary] of boundaries.entries()) drawBoundary(boundary, scales, m, i, edges);
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
