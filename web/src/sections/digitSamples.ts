import { CLASSES, type DigitSet, PIXELS } from '../training/digits.js';
import type { Racer } from '../training/race.js';
import { el, type Figure } from '../ui/explorable.js';

export interface SamplesModel {
  samples: { set: DigitSet; count: number; probabilities: Record<Racer, Float64Array> };
  pickedRow: number;
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

function topClass(p: Float64Array, row: number): number {
  let best = 0;
  for (let c = 1; c < CLASSES; c++) if (p[row * CLASSES + c] > p[row * CLASSES + best]) best = c;
  return best;
}

/**
 * A few held-out digits to choose from, as a radio group of thumbnails (arrow keys move the
 * choice), each captioned with both models' top guesses at the shown epoch.
 */
export function digitPicker(
  parent: HTMLElement,
  { racers, onPick }: { racers: readonly Racer[]; onPick: (row: number) => void },
): Figure<SamplesModel> {
  const fieldset = el('fieldset', 'control digit-picker');
  fieldset.dataset['control'] = 'digit';
  fieldset.append(el('legend', '', 'Held-out digit (top guesses: cross-entropy · squared error)'));
  parent.append(fieldset);
  let options: { input: HTMLInputElement; guess: HTMLElement }[] = [];
  let drawnFor: DigitSet | undefined;
  return ({ samples, pickedRow }) => {
    if (drawnFor !== samples.set) {
      drawnFor = samples.set;
      options = Array.from({ length: samples.count }, (_, row) => {
        const label = el('label', 'thumb');
        const input = el('input');
        Object.assign(input, { type: 'radio', name: 'training-digit', value: String(row) });
        input.addEventListener('change', () => input.checked && onPick(row));
        const canvas = el('canvas');
        Object.assign(canvas, { width: 8, height: 8 });
        canvas.setAttribute('aria-hidden', 'true');
        drawDigit(canvas, samples.set.pixels, row);
        const guess = el('span', 'thumb-guess');
        label.append(input, canvas, guess);
        fieldset.append(label);
        return { input, guess };
      });
    }
    options.forEach(({ input, guess }, row) => {
      input.checked = row === pickedRow;
      const label = samples.set.labels[row];
      const guesses = racers.map((racer) => topClass(samples.probabilities[racer], row));
      guess.textContent = guesses.join(' · ');
      input.setAttribute('aria-label', `a handwritten ${label}; top guesses ${guesses.join(' and ')}`);
    });
  };
}
