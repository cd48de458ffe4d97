import type { SliderSpec } from './controls.js';
import type { Figure } from './explorable.js';
import { formatNumber, setNumber } from './format.js';
import { onSliderKeys, snap } from './slider.js';

/**
 * A number in the prose that you drag (Bret Victor's Tangle): written in the HTML as
 * `<span data-scrub="name"></span>`, it shows the model's value, and dragging it left or right
 * changes the state. It is an ARIA slider, so arrows, Page Up/Down, Home and End do the same from
 * the keyboard, and screen readers announce it as one.
 */
export interface ScrubSpec<M> extends Omit<SliderSpec<M>, 'name'> {
  /** The `data-scrub` name in the section's HTML; `label` is what screen readers announce. */
  name: string;
  /** Pixels of horizontal drag per step (default: the whole range over 240 px). */
  pixelsPerStep?: number;
}

export function scrubNumber<M>(root: HTMLElement, spec: ScrubSpec<M>): Figure<M> {
  const span = root.querySelector<HTMLElement>(`[data-scrub="${spec.name}"]`);
  if (!span) throw new Error(`explainer: no [data-scrub="${spec.name}"] in #${root.id}`);
  Object.assign(span, { tabIndex: 0, title: 'drag left or right, or use the arrow keys' });
  span.classList.add('scrub');
  span.setAttribute('role', 'slider');
  span.setAttribute('aria-label', spec.label);
  span.setAttribute('aria-valuemin', String(spec.min));
  span.setAttribute('aria-valuemax', String(spec.max));
  const steps = Math.round((spec.max - spec.min) / spec.step);
  const pixelsPerStep = spec.pixelsPerStep ?? 240 / steps;
  let current = spec.min;
  const set = (value: number): void => {
    const snapped = snap(value, spec);
    if (snapped !== current) spec.onInput(snapped);
  };

  span.addEventListener('pointerdown', (down) => {
    down.preventDefault();
    span.setPointerCapture(down.pointerId);
    const start = current;
    const move = (event: PointerEvent): void =>
      set(start + ((event.clientX - down.clientX) / pixelsPerStep) * spec.step);
    const end = (): void => {
      span.removeEventListener('pointermove', move);
      span.classList.remove('dragging');
    };
    span.classList.add('dragging');
    span.addEventListener('pointermove', move);
    span.addEventListener('pointerup', end, { once: true });
    span.addEventListener('pointercancel', end, { once: true });
  });
  onSliderKeys(span, (move) => {
    if ('steps' in move) set(current + move.steps * spec.step);
    else set(move.to === 'min' ? spec.min : spec.max);
  });

  return (model) => {
    current = spec.value(model);
    setNumber(span, current);
    if (spec.format) span.textContent = spec.format(current, model);
    span.setAttribute('aria-valuenow', String(current));
    span.setAttribute('aria-valuetext', span.textContent ?? formatNumber(current));
  };
}
