import { CLASSES, PIXELS } from '../training/digits.js';
import type { Racer } from '../training/race.js';
import type { LinearWeights } from '../training/softmaxRegression.js';
import { el, type Figure } from '../ui/explorable.js';
import { formatNumber } from '../ui/format.js';

/**
 * Diverging colours for a weight: fuchsia pulls a digit's logit down, lime pushes it up, white is
 * 0. Every other colour on the page names a quantity (ui/palette.ts) or a racer; these two sit far
 * from all of them (CIELAB ΔE ≥ 45), so a template cannot be read as a gradient, a guess or a loss.
 * They also differ for red-green colour blindness (blue-ish against yellow-ish).
 */
const weightColors = { negative: [230, 0, 230], positive: [116, 168, 0] } as const;
const { negative, positive } = weightColors;

function weightColor(w: number, scale: number): [number, number, number] {
  const t = scale === 0 ? 0 : Math.min(1, Math.abs(w) / scale);
  const end = w < 0 ? negative : positive;
  return [0, 1, 2].map((i) => Math.round(255 + (end[i] - 255) * t)) as [number, number, number];
}

export interface TemplatesModel {
  shown: { epoch: number; weights: Record<Racer, LinearWeights> };
}

interface TemplatesSpec {
  racers: readonly Racer[];
  names: Record<Racer, string>;
  palette: Record<Racer, string>;
}

/**
 * The learned weights as pictures: for each model and each digit, the 64 weights that digit's
 * logit gives the 64 pixels, drawn as an 8 × 8 image. Both models share one colour scale (the
 * largest |w| of the shown epoch), so their templates compare fairly. Each canvas keeps its exact
 * weights in `data-raw` (JSON) and the digit's bias in `data-bias`, as printed numbers do.
 */
export function weightTemplates(parent: HTMLElement, spec: TemplatesSpec): Figure<TemplatesModel> {
  const figure = el('figure', 'templates');
  const rows = spec.racers.map((racer) => {
    const row = el('div', 'template-row');
    row.dataset['racer'] = racer;
    const title = el('span', 'template-title', `trained with ${spec.names[racer]}`);
    title.style.color = spec.palette[racer];
    const canvases = Array.from({ length: CLASSES }, (_, digit) => {
      const cell = el('div', 'template');
      const canvas = el('canvas');
      Object.assign(canvas, { width: 8, height: 8 });
      canvas.setAttribute('role', 'img');
      cell.append(canvas, el('span', 'template-digit', String(digit)));
      row.append(cell);
      return canvas;
    });
    row.prepend(title);
    figure.append(row);
    return { racer, canvases };
  });
  const legend = el('figcaption', 'template-legend');
  const low = el('span', 'num');
  const high = el('span', 'num');
  const ramp = el('span', 'ramp');
  legend.append(
    low,
    ramp,
    high,
    el('span', '', ' weight: lime pixels raise the digit’s logit, fuchsia pixels lower it, white is 0'),
  );
  figure.append(legend);
  parent.append(figure);
  let drawn: TemplatesModel['shown'] | undefined;
  return ({ shown }) => {
    if (drawn === shown) return;
    drawn = shown;
    let scale = 0;
    for (const { racer } of rows)
      for (const w of shown.weights[racer].weights) scale = Math.max(scale, Math.abs(w));
    low.textContent = formatNumber(-scale, 2);
    high.textContent = formatNumber(scale, 2);
    for (const { racer, canvases } of rows) {
      const { weights, bias } = shown.weights[racer];
      canvases.forEach((canvas, digit) => {
        const ctx = canvas.getContext('2d');
        const column = Array.from({ length: PIXELS }, (_, k) => weights[k * CLASSES + digit]);
        if (ctx) {
          const image = ctx.createImageData(8, 8);
          for (const [k, w] of column.entries()) image.data.set([...weightColor(w, scale), 255], k * 4);
          ctx.putImageData(image, 0, 0);
        }
        canvas.dataset['raw'] = JSON.stringify(column);
        canvas.dataset['bias'] = String(bias[digit]);
        canvas.setAttribute(
          'aria-label',
          `weights of the ${spec.names[racer]} model for digit ${digit} after epoch ${shown.epoch}`,
        );
      });
    }
  };
}
