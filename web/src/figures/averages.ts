import type { ScaleLinear } from 'd3-scale';
import { formatNumber } from '../ui/format.js';
import type { Frame } from './axes.js';
import { setAttributes, svgElement } from './svg.js';

/**
 * The averages over a code-length diagram: the total area spread over the full width stands at
 * one height, the average code length. H(p) is that height for the best code; with a guess,
 * H(p, q) is its height and the gap between the two, bracketed in the margin, is the KL
 * divergence. Without a guess, a faint line at log n marks the most any n outcomes can reach.
 */
export interface AveragesModel {
  entropy: number;
  crossEntropy: number;
  /** D_KL(p‖q) from the library, when comparing with a guess. */
  kl?: number;
  /** log n, the entropy of n equally likely outcomes, from the library. */
  maxEntropy?: number;
}

interface Level {
  line: SVGLineElement;
  label: SVGTextElement;
}

export function averagesLayer(
  svg: SVGSVGElement,
  { frame, compare }: { frame: Frame; compare: boolean },
): (m: AveragesModel, y: ScaleLinear<number, number>) => void {
  const { width, margin } = frame;
  const right = width - margin.right;
  const layer = svgElement(svg, 'g', { class: 'averages', 'aria-hidden': 'true' });
  const level = (term: string, className = 'average'): Level => ({
    line: svgElement(layer, 'line', { class: className, 'data-term': term, x1: margin.left, x2: right }),
    label: svgElement(layer, 'text', { class: `${className}-label`, 'data-term': term }),
  });
  const ceiling = compare ? null : level('entropy', 'ceiling');
  const entropy = level('entropy');
  const cross = compare ? level('crossEntropy') : null;
  const bracket = compare ? svgElement(layer, 'path', { class: 'kl-bracket', 'data-term': 'kl' }) : null;
  const klLabel = compare ? svgElement(layer, 'text', { class: 'kl-label', 'data-term': 'kl' }) : null;

  /** A horizontal line at `value` (hidden when off the scale) and its label, left or right. */
  const place = (
    at: Level,
    value: number,
    y: ScaleLinear<number, number>,
    text: string,
    side: 'left' | 'right',
  ) => {
    const top = y.domain()[1];
    const shown = Number.isFinite(value) && value <= top;
    const py = y(Math.min(value, top));
    at.line.toggleAttribute('hidden', !shown);
    setAttributes(at.line, { y1: py, y2: py });
    at.label.textContent = text;
    setAttributes(at.label, {
      x: side === 'left' ? margin.left + 4 : right - 4,
      y: shown ? py - 5 : margin.top - 14,
      'text-anchor': side === 'left' ? 'start' : 'end',
    });
  };

  return (m, y) => {
    const top = y.domain()[1];
    // With a guess, two averages can sit close together: H(p) is labelled left, H(p, q) right.
    place(entropy, m.entropy, y, `H(p) = ${formatNumber(m.entropy, 3)}`, compare ? 'left' : 'right');
    if (cross) place(cross, m.crossEntropy, y, `H(p, q) = ${formatNumber(m.crossEntropy, 3)}`, 'right');
    if (ceiling && m.maxEntropy !== undefined) {
      place(ceiling, m.maxEntropy, y, 'log n', 'right');
      setAttributes(ceiling.label, { x: right + 6, y: y(m.maxEntropy) + 4, 'text-anchor': 'start' });
    }
    if (bracket && klLabel && m.kl !== undefined) {
      const [from, to] = [y(Math.min(m.entropy, top)), y(Math.min(m.crossEntropy, top))];
      const x = right + 10;
      // Off the scale (an infinite KL) the bracket ends in an arrow instead of a cap.
      const end =
        m.crossEntropy > top
          ? `M${x - 5},${to + 6} L${x},${to} L${x + 5},${to + 6}`
          : `M${x - 5},${to} H${x + 5}`;
      bracket.setAttribute('d', `M${x - 5},${from} H${x + 5} M${x},${from} V${to} ${end}`);
      // Two short lines, "KL" over its value, to fit the margin.
      const middle = (from + to) / 2;
      klLabel.replaceChildren();
      svgElement(klLabel, 'tspan', { x: x + 8, y: middle - 2 }).textContent = 'KL';
      svgElement(klLabel, 'tspan', { x: x + 8, y: middle + 13 }).textContent = formatNumber(m.kl, 2);
    }
  };
}
