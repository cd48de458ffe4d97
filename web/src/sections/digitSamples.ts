import { CLASSES, type DigitSet, PIXELS } from '../training/digits.js';
import type { Racer } from '../training/race.js';
import { el, type Figure } from '../ui/explorable.js';
import { formatNumber } from '../ui/format.js';

interface SamplesModel {
  samples: {
    set: DigitSet;
    count: number;
    probabilities: Record<Racer, Float64Array>;
  };
}

/** Draws one 8 × 8 digit; CSS scales the canvas up with crisp pixels. */
function drawDigit(canvas: HTMLCanvasElement, pixels: Float64Array, row: number): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const image = ctx.createImageData(8, 8);
  for (let k = 0; k < PIXELS; k++) {
    const ink = Math.round(255 * (1 - pixels[row * PIXELS + k]));
    image.data.set([ink, ink, ink, 255], k * 4);
  }
  ctx.putImageData(image, 0, 0);
}

interface Legend {
  racers: Racer[];
  names: Record<Racer, string>;
  palette: Record<Racer, string>;
}

interface Card {
  canvas: HTMLCanvasElement;
  bars: Record<Racer, HTMLElement[]>;
  truth: HTMLElement;
  guess: HTMLElement;
}

/** One digit's card: the image, a strip of ten bars per model, the label and the guesses. */
function buildCard(set: DigitSet, row: number, { racers, names, palette }: Legend): [HTMLElement, Card] {
  const card = el('figure', 'digit');
  const canvas = el('canvas');
  canvas.width = 8;
  canvas.height = 8;
  canvas.setAttribute('role', 'img');
  drawDigit(canvas, set.pixels, row);
  card.append(canvas);
  const bars = {} as Record<Racer, HTMLElement[]>;
  for (const racer of racers) {
    const strip = el('div', 'prob-bars');
    strip.title = names[racer];
    bars[racer] = Array.from({ length: CLASSES }, () => {
      const bar = el('span');
      bar.style.background = palette[racer];
      strip.append(bar);
      return bar;
    });
    card.append(strip);
  }
  const caption = el('figcaption');
  const truth = el('span', 'truth', `true ${set.labels[row]}`);
  const guess = el('span', 'guess');
  caption.append(truth, guess);
  card.append(caption);
  return [card, { canvas, bars, truth, guess }];
}

/**
 * A row of held-out digits, each with both models' predicted probabilities as ten small bars.
 * The bars are plain elements (heights in %): sixteen tiny charts do not need a chart library.
 */
export function digitSamples(parent: HTMLElement, legend: Legend): Figure<SamplesModel> {
  parent.append(
    el(
      'h3',
      'figure-title',
      'Held-out digits: each model’s probabilities for 0–9 (top bars: cross-entropy, bottom: squared error; the true digit’s bar is solid), then each model’s guess',
    ),
  );
  const grid = el('div', 'digits');
  parent.append(grid);
  let cards: Card[] = [];
  let drawnFor: DigitSet | undefined;
  return ({ samples }) => {
    if (drawnFor !== samples.set) {
      const built = Array.from({ length: samples.count }, (_, row) => buildCard(samples.set, row, legend));
      grid.replaceChildren(...built.map(([card]) => card));
      cards = built.map(([, card]) => card);
      drawnFor = samples.set;
    }
    cards.forEach((card, row) => {
      const label = samples.set.labels[row];
      const guesses: string[] = [];
      const predicted: string[] = [];
      for (const racer of legend.racers) {
        const p = samples.probabilities[racer].subarray(row * CLASSES, (row + 1) * CLASSES);
        let best = 0;
        card.bars[racer].forEach((bar, c) => {
          bar.style.height = `${Math.max(1, p[c] * 100)}%`;
          bar.style.opacity = c === label ? '1' : '0.45';
          if (p[c] > p[best]) best = c;
        });
        guesses.push(`${legend.names[racer]}: ${best} (${formatNumber(p[best], 2)})`);
        predicted.push(String(best));
      }
      card.guess.textContent = predicted.join(' · ');
      card.truth.title = guesses.join('; ');
      card.canvas.setAttribute('aria-label', `handwritten ${label}; predictions ${guesses.join('; ')}`);
    });
  };
}
