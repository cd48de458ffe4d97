const namespace = 'http://www.w3.org/2000/svg';

/** An SVG element with its attributes, appended to `parent`: figure code stays one line a shape. */
export function svgElement<K extends keyof SVGElementTagNameMap>(
  parent: Element,
  tag: K,
  attributes: Record<string, string | number> = {},
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(namespace, tag);
  setAttributes(element, attributes);
  parent.append(element);
  return element;
}

export function setAttributes(element: Element, attributes: Record<string, string | number>): void {
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
}

/**
 * A responsive figure: drawn in a fixed coordinate box and scaled to the stage's width. A figure
 * with handles is a `group` (its sliders stay reachable by assistive technology, which an `img`
 * would hide); one without is an `img`. Both carry a description in `aria-label`.
 */
export function figureSvg(
  parent: HTMLElement,
  {
    width,
    height,
    className,
    role,
  }: { width: number; height: number; className: string; role: 'img' | 'group' },
): SVGSVGElement {
  return svgElement(parent, 'svg', { viewBox: `0 0 ${width} ${height}`, class: className, role });
}
