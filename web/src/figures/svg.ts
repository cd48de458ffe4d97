/**
 * The few SVG pieces every hand-built figure shares: namespaced elements, a figure that scales to
 * its column through a viewBox, pointer positions in the figure's own units (the figure is scaled,
 * so client pixels are not figure units) and dragging. The keys of a draggable part are in
 * ui/slider.ts, shared with the draggable numbers in the prose.
 */
const namespace = 'http://www.w3.org/2000/svg';

export type Attributes = Record<string, string | number>;

/** An SVG element with its attributes, appended to `parent`: figure code stays one line a shape. */
export function svgElement<K extends keyof SVGElementTagNameMap>(
  parent: Element,
  tag: K,
  attributes: Attributes = {},
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(namespace, tag);
  setAttributes(element, attributes);
  parent.append(element);
  return element;
}

export function setAttributes(element: Element, attributes: Attributes): void {
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
}

/**
 * A responsive figure: drawn in a fixed coordinate box and scaled to the stage's width. A figure
 * with handles is a `group` (its sliders stay reachable by assistive technology, which an `img`
 * would hide); one without is an `img`. Either way its description goes in `aria-label`.
 */
export function svgFigure(
  parent: Element,
  {
    width,
    height,
    className,
    role,
  }: { width: number; height: number; className: string; role?: 'img' | 'group' },
): SVGSVGElement {
  return svgElement(parent, 'svg', {
    viewBox: `0 0 ${width} ${height}`,
    class: className,
    ...(role ? { role } : {}),
  });
}

/** The pointer's position in the SVG's viewBox units. */
export function pointerIn(svg: SVGSVGElement, event: PointerEvent): { x: number; y: number } {
  const matrix = svg.getScreenCTM()?.inverse();
  if (!matrix) return { x: Number.NaN, y: Number.NaN };
  const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix);
  return { x: point.x, y: point.y };
}

/**
 * Drag on `target` (mouse, pen or touch, through pointer events and pointer capture): `onMove`
 * gets the pointer's position in `svg` units on the press and on every move until release. The
 * target is focused, so the keys take over where the pointer left off, and carries `dragging`
 * meanwhile, for its style.
 */
export function onDrag(
  svg: SVGSVGElement,
  target: Element,
  onMove: (point: { x: number; y: number }) => void,
): void {
  target.addEventListener('pointerdown', (event) => {
    const down = event as PointerEvent;
    if (down.button !== 0) return;
    down.preventDefault();
    svg.setPointerCapture(down.pointerId);
    (target as SVGElement).focus({ preventScroll: true });
    target.classList.add('dragging');
    onMove(pointerIn(svg, down));
    const move = (e: PointerEvent): void => onMove(pointerIn(svg, e));
    const end = (): void => {
      svg.removeEventListener('pointermove', move);
      svg.removeEventListener('pointerup', end);
      svg.removeEventListener('pointercancel', end);
      target.classList.remove('dragging');
    };
    svg.addEventListener('pointermove', move);
    svg.addEventListener('pointerup', end);
    svg.addEventListener('pointercancel', end);
  });
}
