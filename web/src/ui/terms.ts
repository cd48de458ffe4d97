import { type Term, terms } from './palette.js';

export interface LinkOptions {
  /**
   * Where the highlight shows: the element that gets `data-highlight` and the `highlight` event.
   * A section highlights within itself (the default); the notation legend passes `document.body`
   * so pointing at one of its entries lights that quantity up everywhere on screen.
   */
  highlightIn?: HTMLElement;
}

/**
 * Links a formula's terms, the prose and the figure's parts (Distill-style): every element
 * tagged `data-term="kl"` (prose spans, `\htmlData{term=kl}{…}` in formulas, SVG shapes) lights up
 * together while any one of them is hovered or focused (formula terms by the pointer only). The highlight root carries the active
 * term as `data-highlight`, so plain CSS highlights HTML and SVG parts; canvas figures subscribe
 * with `onHighlight` and redraw.
 */
export function linkTerms(root: HTMLElement, { highlightIn = root }: LinkOptions = {}): void {
  // Prose terms become tab stops. A typeset formula's terms do not: KaTeX hides its drawn HTML
  // from screen readers (they read the MathML twin), and a tab stop inside a hidden part is a
  // focus that announces nothing. Keyboard readers light a formula's terms from the prose and
  // from the notation legend instead.
  for (const part of root.querySelectorAll<HTMLElement | SVGElement>('.prose [data-term], p [data-term]'))
    if (!part.hasAttribute('tabindex') && !part.closest('[aria-hidden="true"]'))
      part.setAttribute('tabindex', '0');
  const termOf = (target: EventTarget | null): Term | null => {
    const tagged = target instanceof Element ? target.closest('[data-term]') : null;
    const term = tagged?.getAttribute('data-term');
    return term && (terms as string[]).includes(term) ? (term as Term) : null;
  };
  const set = (term: Term | null): void => {
    if (term) highlightIn.setAttribute('data-highlight', term);
    else highlightIn.removeAttribute('data-highlight');
    highlightIn.dispatchEvent(new CustomEvent<Term | null>('highlight', { detail: term }));
  };
  root.addEventListener('pointerover', (event) => set(termOf(event.target)));
  root.addEventListener('pointerleave', () => set(null));
  root.addEventListener('focusin', (event) => set(termOf(event.target)));
  root.addEventListener('focusout', () => set(null));
}

/**
 * Calls `redraw` with the highlighted term (or null) whenever it changes in `root`, or page-wide
 * (from the notation legend).
 */
export function onHighlight(root: HTMLElement, redraw: (term: Term | null) => void): void {
  const listener = (): void => redraw(highlighted(root));
  root.addEventListener('highlight', listener);
  if (root !== document.body) document.body.addEventListener('highlight', listener);
}

/** The term highlighted in `root` right now (its own, else the page-wide one), for figures that draw after the change. */
export function highlighted(root: HTMLElement): Term | null {
  const term = root.getAttribute('data-highlight') ?? document.body.getAttribute('data-highlight');
  return (term as Term | null) ?? null;
}
