import { onSliderKeys } from '../ui/slider.js';
import { onDrag } from './svg.js';

/**
 * A part of an SVG figure you can grab: dragged with the mouse or a finger (the pointer mapped
 * into the figure's own coordinates however the SVG is scaled), and, because it is an ARIA
 * slider, focused with Tab and moved with the arrow keys, Page Up/Down, Home and End.
 */
export interface HandleSpec {
  /** What a screen reader announces, e.g. "boundary between panda and bird". */
  label: string;
  /** The pointer's position in the SVG's coordinates. */
  onDrag: (x: number, y: number) => void;
  /** Arrow keys give ±1 step, Page Up/Down ±10; Right and Up are positive. */
  onStep: (steps: number) => void;
  onHome?: () => void;
  onEnd?: () => void;
}

export function makeHandle(element: SVGGraphicsElement, svg: SVGSVGElement, spec: HandleSpec): void {
  element.setAttribute('tabindex', '0');
  element.setAttribute('role', 'slider');
  element.setAttribute('aria-label', spec.label);
  element.classList.add('handle');
  onDrag(svg, element, ({ x, y }) => spec.onDrag(x, y));
  onSliderKeys(element, (move) => {
    if ('steps' in move) spec.onStep(move.steps);
    else if (move.to === 'min') spec.onHome?.();
    else spec.onEnd?.();
  });
}

/** The slider's current value as ARIA states it; `text` is what is read aloud. */
export function describeHandle(
  element: Element,
  { now, min, max, text }: { now: number; min: number; max: number; text: string },
): void {
  element.setAttribute('aria-valuenow', String(now));
  element.setAttribute('aria-valuemin', String(min));
  element.setAttribute('aria-valuemax', String(max));
  element.setAttribute('aria-valuetext', text);
}
