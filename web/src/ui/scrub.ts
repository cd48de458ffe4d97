import type { SliderSpec } from './controls.js';
import type { Figure } from './explorable.js';
import { formatNumber, setNumber } from './format.js';

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
    const snapped = spec.min + Math.round((value - spec.min) / spec.step) * spec.step;
    const clamped = Math.min(spec.max, Math.max(spec.min, Number(snapped.toPrecision(12))));
    if (clamped !== current) spec.onInput(clamped);
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
  span.addEventListener('keydown', (event) => {
    const delta: Record<string, number> = {
      ArrowRight: spec.step,
      ArrowUp: spec.step,
      ArrowLeft: -spec.step,
      ArrowDown: -spec.step,
      PageUp: 10 * spec.step,
      PageDown: -10 * spec.step,
    };
    if (event.key in delta) set(current + (delta[event.key] ?? 0));
    else if (event.key === 'Home') set(spec.min);
    else if (event.key === 'End') set(spec.max);
    else return;
    event.preventDefault();
  });

  return (model) => {
    current = spec.value(model);
    setNumber(span, current);
    if (spec.format) span.textContent = spec.format(current, model);
    span.setAttribute('aria-valuenow', String(current));
    span.setAttribute('aria-valuetext', span.textContent ?? formatNumber(current));
  };
}
