import type { ScaleLinear } from 'd3-scale';
import { formatNumber } from '../ui/format.js';
import type { Frame } from './axes.js';
import type { CodeLengthModel } from './codeLength.js';
import { describeHandle } from './handle.js';
import { setAttributes, svgElement } from './svg.js';

/**
 * The parts of a code-length diagram, each tagged with the quantity it shows (`data-term`):
 * a block's body is its term p_i·(−log q_i), its lower part the best code's (entropy), the
 * overhang or the dashed saving the KL divergence, the bar under it the truth p_i, its top the
 * surprisal −log q_i with a knob for the guess; a boundary between blocks moves the truth.
 */
export interface Block {
  body: SVGRectElement;
  best: SVGRectElement;
  extra: SVGRectElement;
  saving: SVGRectElement;
  widthBar: SVGRectElement;
  name: SVGTextElement;
  cut: SVGTextElement;
  /** The handle: the top edge, an invisible grab area along it, and a knob. */
  top: SVGGElement;
  topLine: SVGLineElement;
  topHit: SVGRectElement;
  knob: SVGCircleElement;
}

export interface Boundary {
  handle: SVGGElement;
  line: SVGLineElement;
  hit: SVGRectElement;
  knob: SVGCircleElement;
}

/** The scales and layout a part is drawn with. */
export interface Scales {
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  frame: Frame;
  compare: boolean;
}

export function createBlock(blocksLayer: SVGGElement, handlesLayer: SVGGElement): Block {
  const g = svgElement(blocksLayer, 'g', { class: 'block' });
  const top = svgElement(handlesLayer, 'g', { class: 'top' });
  return {
    body: svgElement(g, 'rect', { class: 'body', 'data-term': 'term' }),
    best: svgElement(g, 'rect', { class: 'best', 'data-term': 'entropy' }),
    extra: svgElement(g, 'rect', { class: 'extra', 'data-term': 'kl' }),
    saving: svgElement(g, 'rect', { class: 'saving', 'data-term': 'kl' }),
    widthBar: svgElement(g, 'rect', { class: 'width-bar', 'data-term': 'truth', height: 7 }),
    name: svgElement(g, 'text', { class: 'name' }),
    cut: svgElement(g, 'text', { class: 'cut', 'data-term': 'surprisal' }),
    top,
    topLine: svgElement(top, 'line', { class: 'top-line', 'data-term': 'surprisal' }),
    topHit: svgElement(top, 'rect', { class: 'hit', height: 16 }),
    knob: svgElement(top, 'circle', { class: 'knob', r: 6, 'data-term': 'guess' }),
  };
}

export function createBoundary(handlesLayer: SVGGElement): Boundary {
  const handle = svgElement(handlesLayer, 'g', { class: 'boundary' });
  return {
    handle,
    line: svgElement(handle, 'line', { class: 'boundary-line', 'data-term': 'truth' }),
    hit: svgElement(handle, 'rect', { class: 'hit', width: 16 }),
    knob: svgElement(handle, 'circle', { class: 'knob', r: 6, 'data-term': 'truth' }),
  };
}

/** Block i between the cumulative probabilities `edges[i]` and `edges[i + 1]`. */
export function drawBlock(
  block: Block,
  { x, y, frame, compare }: Scales,
  m: CodeLengthModel,
  i: number,
  edges: number[],
): void {
  const baseline = frame.height - frame.margin.bottom;
  const [left, right] = [edges[i], edges[i + 1]];
  const top = m.lengths[i];
  const best = m.bestLengths[i];
  const max = y.domain()[1];
  const shown = Math.min(top, max);
  const columns = { x: x(left), width: x(right) - x(left) };
  const span = (from: number, to: number) => ({ ...columns, y: y(to), height: Math.max(0, y(from) - y(to)) });
  setAttributes(block.body, span(0, shown));
  block.body.setAttribute('data-clipped', String(top > max));
  setAttributes(block.widthBar, { ...columns, y: baseline + 3 });
  block.best.toggleAttribute('hidden', !compare);
  block.extra.toggleAttribute('hidden', !compare || !(top > best));
  block.saving.toggleAttribute('hidden', !compare || !(top < best));
  if (compare) {
    setAttributes(block.best, span(0, Math.min(best, shown)));
    setAttributes(block.extra, span(Math.min(best, max), shown));
    setAttributes(block.saving, span(shown, Math.min(best, max)));
  }
  const centre = x((left + right) / 2);
  const name = m.names[i] ?? '';
  block.name.textContent = columns.width > 34 ? name : '';
  setAttributes(block.name, { x: centre, y: baseline + 24 });
  // A length past the scale is cut at the top and says how long it really is: ∞ for q_i = 0.
  block.cut.textContent = top > max ? `↑ ${formatNumber(top, 2)}` : '';
  setAttributes(block.cut, { x: centre + 10, y: y(max) - 8 });
  block.topLine.setAttribute('data-clipped', String(top > max));
  setAttributes(block.topLine, { x1: columns.x, x2: columns.x + columns.width, y1: y(shown), y2: y(shown) });
  setAttributes(block.topHit, { x: columns.x, width: Math.max(columns.width, 12), y: y(shown) - 8 });
  setAttributes(block.knob, { cx: centre, cy: y(shown) });
  // ARIA wants finite numbers: an infinite length is announced at the top of the scale, as ∞.
  describeHandle(block.top, {
    now: shown,
    min: 0,
    max,
    text: `${name}: ${compare ? 'q' : 'p'} = ${formatNumber(m.q[i])}, code length ${formatNumber(top)} ${m.unit}`,
  });
}

/** The boundary between blocks i and i + 1, at the cumulative probability `edges[i + 1]`. */
export function drawBoundary(
  boundary: Boundary,
  { x, frame }: Scales,
  m: CodeLengthModel,
  i: number,
  edges: number[],
): void {
  const { top } = frame.margin;
  const bottom = frame.height - frame.margin.bottom + 10;
  const at = x(edges[i + 1]);
  setAttributes(boundary.line, { x1: at, x2: at, y1: top, y2: bottom });
  setAttributes(boundary.hit, { x: at - 8, y: top, height: bottom - top });
  setAttributes(boundary.knob, { cx: at, cy: bottom });
  describeHandle(boundary.handle, {
    // The boundary moves between its neighbours' far edges, not across the whole width.
    now: edges[i + 1],
    min: edges[i],
    max: edges[i + 2],
    text: `p(${m.names[i]}) = ${formatNumber(m.p[i])}, p(${m.names[i + 1]}) = ${formatNumber(m.p[i + 1])}`,
  });
}
