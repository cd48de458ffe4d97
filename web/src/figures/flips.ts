import type { Figure } from '../ui/explorable.js';
import { formatNumber } from '../ui/format.js';
import { termColors } from '../ui/palette.js';
import { setAttributes, svgElement } from './svg.js';

/**
 * A data set of coin flips as a row of tiles: each shows what came up (H or T), a bar as tall as
 * the probability the model gave it (q_i), and its surprisal −log q_i. A tile is a button: click
 * it, or press Enter or Space on it, to turn the flip over.
 */
export interface FlipsSpec<M> {
  /** 1 for heads, 0 for tails. */
  flips: (model: M) => readonly number[];
  /** The probability the model gave each observed outcome. */
  observed: (model: M) => ArrayLike<number>;
  surprisals: (model: M) => ArrayLike<number>;
  onToggle: (index: number) => void;
}

const tileWidth = 32;
const barTop = 34;
const barHeight = 80;

export function flipsFigure<M>(parent: HTMLElement, spec: FlipsSpec<M>, count: number): Figure<M> {
  const width = count * tileWidth + 8;
  const svg = svgElement(parent, 'svg', { viewBox: `0 0 ${width} 150`, class: 'flips', role: 'group' });
  svg.setAttribute('aria-label', 'The observed flips; each is a button that turns it over');
  const tiles = Array.from({ length: count }, (_, i) => {
    const x = 4 + i * tileWidth;
    const tile = svgElement(svg, 'g', { class: 'tile', role: 'button', tabindex: 0, 'data-flip': i });
    svgElement(tile, 'rect', { class: 'frame', x: x + 2, y: 2, width: tileWidth - 4, height: 146, rx: 4 });
    // The texts sit beside the tile, not in it: the tile's name says all of it in words.
    const outcome = svgElement(svg, 'text', {
      class: 'outcome',
      x: x + tileWidth / 2,
      y: 24,
      'text-anchor': 'middle',
      'data-term': 'truth',
    });
    svgElement(tile, 'rect', {
      x: x + 8,
      y: barTop,
      width: tileWidth - 16,
      height: barHeight,
      fill: '#edf2f7',
    });
    const bar = svgElement(tile, 'rect', {
      x: x + 8,
      width: tileWidth - 16,
      fill: termColors.guess,
      'data-term': 'guess',
    });
    const surprise = svgElement(svg, 'text', {
      x: x + tileWidth / 2,
      y: 138,
      'text-anchor': 'middle',
      'data-term': 'surprisal',
    });
    const toggle = (): void => spec.onToggle(i);
    tile.addEventListener('click', toggle);
    tile.addEventListener('keydown', (event) => {
      const key = (event as KeyboardEvent).key;
      if (key !== 'Enter' && key !== ' ') return;
      event.preventDefault();
      toggle();
    });
    return { tile, outcome, bar, surprise };
  });
  const legend = document.createElement('p');
  legend.className = 'legend note';
  legend.innerHTML =
    'Bar: <span data-term="guess">q<sub>i</sub></span>, the probability given to what came up; number: its surprisal <span data-term="surprisal">−log q<sub>i</sub></span>.';
  parent.append(legend);
  return (model) => {
    const flips = spec.flips(model);
    const observed = spec.observed(model);
    const surprisals = spec.surprisals(model);
    tiles.forEach(({ tile, outcome, bar, surprise }, i) => {
      const heads = flips[i] === 1;
      outcome.textContent = heads ? 'H' : 'T';
      const height = observed[i] * barHeight;
      setAttributes(bar, { y: barTop + barHeight - height, height });
      surprise.textContent = formatNumber(surprisals[i], 2);
      tile.setAttribute(
        'aria-label',
        `flip ${i + 1}, ${heads ? 'heads' : 'tails'}, q = ${formatNumber(observed[i], 3)}, surprisal ${surprise.textContent}; press to turn it over`,
      );
    });
  };
}
