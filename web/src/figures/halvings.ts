import type { Figure } from '../ui/explorable.js';
import { formatNumber } from '../ui/format.js';
import '../styles/information.css';
import { setAttributes, svgElement, svgFigure } from './svg.js';

/**
 * What a bit is: the square is everything that could happen; each fair coin that must land heads
 * halves the part still possible. An outcome of probability p is the dark patch; it fits inside
 * ⌊k⌋ halvings but not ⌊k⌋ + 1, where k = −log₂ p is its surprisal in bits, and beside the square
 * are the k coins that would all have to land heads to be as unlikely.
 */
export interface HalvingsModel {
  p: number;
  /** −log₂ p from the library. */
  bits: number;
}

const width = 440;
const height = 172;
const square = { x: 6, y: 6, size: 160 };
/** More halvings than this are too thin to see; the caption still gives the count. */
const maxHalvings = 10;
const coinsPerRow = 8;
const maxCoins = 2 * coinsPerRow;
const coin = { x: 204, y: 22, r: 12, gap: 28 };
/** Where coin i sits: two rows of eight. */
const coinAt = (i: number) => ({
  cx: coin.x + (i % coinsPerRow) * coin.gap,
  cy: coin.y + Math.floor(i / coinsPerRow) * coin.gap,
});

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Cuts a rectangle in two across its longer side: the half that is ruled out, and the half kept. */
function halve(r: Rect): [Rect, Rect] {
  if (r.w >= r.h)
    return [
      { ...r, w: r.w / 2 },
      { ...r, x: r.x + r.w / 2, w: r.w / 2 },
    ];
  return [
    { ...r, h: r.h / 2 },
    { ...r, y: r.y + r.h / 2, h: r.h / 2 },
  ];
}

/** The part of a rectangle, along its longer side, that holds `fraction` of its area. */
function portion(r: Rect, fraction: number): Rect {
  return r.w >= r.h ? { ...r, w: r.w * fraction } : { ...r, h: r.h * fraction };
}

const asAttributes = (r: Rect) => ({ x: r.x, y: r.y, width: r.w, height: r.h });

export function halvingsFigure(parent: HTMLElement): Figure<HalvingsModel> {
  const svg = svgFigure(parent, { width, height, className: 'halvings', role: 'img' });
  const cells = svgElement(svg, 'g');
  const kept = svgElement(svg, 'rect', { class: 'kept', 'data-term': 'surprisal' });
  const event = svgElement(svg, 'rect', { class: 'event', 'data-term': 'truth' });
  const coins = svgElement(svg, 'g', { 'data-term': 'surprisal' });
  const captions = [0, 1, 2].map((i) =>
    svgElement(svg, 'text', { class: 'caption', x: coin.x - coin.r, y: 102 + i * 22 }),
  );

  const drawCoins = (bits: number): void => {
    coins.replaceChildren();
    if (!Number.isFinite(bits)) return;
    const whole = Math.floor(bits);
    const shown = Math.min(whole, maxCoins);
    for (let i = 0; i < shown; i++) {
      const { cx, cy } = coinAt(i);
      svgElement(coins, 'circle', { class: 'coin', cx, cy, r: coin.r });
      svgElement(coins, 'text', { class: 'coin-face', x: cx, y: cy }).textContent = 'H';
    }
    const part = bits - whole;
    if (whole < maxCoins && part > 1e-9) {
      // A fraction of a coin: the pie shows how much of one more halving the outcome still needs.
      const { cx, cy } = coinAt(shown);
      const angle = 2 * Math.PI * part;
      const [ex, ey] = [cx + coin.r * Math.sin(angle), cy - coin.r * Math.cos(angle)];
      svgElement(coins, 'circle', { class: 'coin', cx, cy, r: coin.r, 'fill-opacity': 0.2 });
      svgElement(coins, 'path', {
        class: 'coin-part',
        d: `M${cx},${cy} L${cx},${cy - coin.r} A${coin.r},${coin.r} 0 ${part > 0.5 ? 1 : 0} 1 ${ex},${ey} Z`,
      });
    }
    if (whole > maxCoins) {
      const more = svgElement(coins, 'text', {
        class: 'caption',
        x: coin.x - coin.r,
        y: coin.y + 2 * coin.gap,
      });
      more.textContent = `and ${whole - maxCoins} more`;
    }
  };

  return ({ p, bits }) => {
    const halvings = Number.isFinite(bits) ? Math.min(Math.floor(bits), maxHalvings) : maxHalvings;
    let rest: Rect = { x: square.x, y: square.y, w: square.size, h: square.size };
    const ruledOut: Rect[] = [];
    for (let i = 0; i < halvings; i++) {
      const [out, keep] = halve(rest);
      ruledOut.push(out);
      rest = keep;
    }
    cells.replaceChildren();
    for (const [i, r] of ruledOut.entries()) {
      svgElement(cells, 'rect', { class: 'cell', ...asAttributes(r) });
      // Cell i + 1 is what coin i + 1 rules out by landing tails; numbered where there is room.
      if (Math.min(r.w, r.h) >= 16)
        svgElement(cells, 'text', {
          class: 'halving-number',
          x: r.x + r.w / 2,
          y: r.y + r.h / 2,
        }).textContent = String(i + 1);
    }
    setAttributes(kept, asAttributes(rest));
    // After `halvings` cuts the kept part has area 2^−halvings; p fills this share of it.
    setAttributes(event, asAttributes(portion(rest, Math.min(1, p * 2 ** halvings))));
    drawCoins(bits);
    // The caption counts every halving, also those too thin to draw.
    const whole = Math.floor(bits);
    const [what, coinsLine, bitsLine] = captions;
    what.textContent = `p = ${formatNumber(p)}: as unlikely as`;
    coinsLine.textContent = Number.isFinite(bits)
      ? `${formatNumber(bits, 2)} fair coins all heads,`
      : 'no number of heads in a row:';
    bitsLine.textContent = Number.isFinite(bits)
      ? `${formatNumber(bits, 2)} bits (${whole} whole halving${whole === 1 ? '' : 's'})`
      : 'it never happens, ∞ bits';
    svg.setAttribute(
      'aria-label',
      `A square halved ${Number.isFinite(bits) ? whole : 'without end'} times; the outcome's share p = ${formatNumber(p)} fills part of the last half kept. Surprisal ${formatNumber(bits)} bits.`,
    );
  };
}
