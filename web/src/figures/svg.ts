/** Small helpers for the hand-built SVG figures of sections 6–8. */
const svgNs = 'http://www.w3.org/2000/svg';

/** Appends an SVG element with the given attributes to `parent`. */
export function svgChild<K extends keyof SVGElementTagNameMap>(
  parent: Element,
  tag: K,
  attributes: Record<string, string | number> = {},
): SVGElementTagNameMap[K] {
  const child = document.createElementNS(svgNs, tag);
  setAttributes(child, attributes);
  parent.append(child);
  return child;
}

export function setAttributes(element: Element, attributes: Record<string, string | number>): void {
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
}

/** The point of an SVG under a pointer event, in the SVG's own user units. */
export function pointerIn(svg: SVGSVGElement, event: PointerEvent): [number, number] {
  const matrix = svg.getScreenCTM()?.inverse();
  if (!matrix) return [Number.NaN, Number.NaN];
  const p = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix);
  return [p.x, p.y];
}

/**
 * Drag on `target` (mouse, pen or touch): `onDrag` gets the pointer's position in `svg` units on
 * the press and on every move until release.
 */
export function onDrag(svg: SVGSVGElement, target: Element, onDrag: (point: [number, number]) => void): void {
  target.addEventListener('pointerdown', (event) => {
    const down = event as PointerEvent;
    if (down.button !== 0) return;
    down.preventDefault();
    svg.setPointerCapture(down.pointerId);
    (target as SVGElement).focus({ preventScroll: true });
    onDrag(pointerIn(svg, down));
    const move = (e: PointerEvent): void => onDrag(pointerIn(svg, e));
    svg.addEventListener('pointermove', move);
    svg.addEventListener('pointerup', () => svg.removeEventListener('pointermove', move), { once: true });
  });
}

/**
 * Arrow keys (and Page Up/Down, Home, End) on a focusable SVG part with role="slider": `onStep`
 * gets the number of steps to move (±1, ±10) or the ends.
 */
export function onSliderKeys(
  target: Element,
  onStep: (move: { steps: number } | { to: 'min' | 'max' }) => void,
): void {
  target.addEventListener('keydown', (event) => {
    const key = (event as KeyboardEvent).key;
    const steps: Record<string, number> = {
      ArrowUp: 1,
      ArrowRight: 1,
      ArrowDown: -1,
      ArrowLeft: -1,
      PageUp: 10,
      PageDown: -10,
    };
    if (key in steps) onStep({ steps: steps[key] ?? 0 });
    else if (key === 'Home') onStep({ to: 'min' });
    else if (key === 'End') onStep({ to: 'max' });
    else return;
    event.preventDefault();
  });
}

/** Rounds to the slider's grid, so repeated key presses give 0.3, not 0.30000000000000004. */
export function snap(value: number, min: number, max: number, step: number): number {
  const snapped = min + Math.round((value - min) / step) * step;
  return Math.min(max, Math.max(min, Number(snapped.toPrecision(12))));
}
