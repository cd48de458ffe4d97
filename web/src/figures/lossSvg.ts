/**
 * The few SVG pieces the loss figures share: creating namespaced elements, a responsive figure
 * with a viewBox, and turning a pointer position into the figure's own coordinates (the figure is
 * scaled to its column, so client pixels are not figure units).
 */
const namespace = 'http://www.w3.org/2000/svg';

export type Attributes = Record<string, string | number>;

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

/** An SVG that scales to its column; `role="img"` unless its parts are the interactive ones. */
export function svgFigure(
  parent: HTMLElement,
  { width, height, className }: { width: number; height: number; className: string },
): SVGSVGElement {
  const svg = svgElement(parent as unknown as Element, 'svg', {
    viewBox: `0 0 ${width} ${height}`,
    class: `loss-figure ${className}`,
  });
  return svg;
}

/** The pointer's position in the SVG's viewBox units. */
export function pointerIn(svg: SVGSVGElement, event: PointerEvent): { x: number; y: number } {
  const matrix = svg.getScreenCTM();
  if (!matrix) return { x: 0, y: 0 };
  const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
  return { x: point.x, y: point.y };
}

/** A value snapped to its control's step and kept in range (12 significant digits: no 0.30000000000000004). */
export function snap(value: number, { min, max, step }: { min: number; max: number; step: number }): number {
  const snapped = min + Math.round((value - min) / step) * step;
  return Math.min(max, Math.max(min, Number(snapped.toPrecision(12))));
}
