import { type Term, terms } from './palette.js';

/**
 * Links a formula's terms, the prose and the figure's parts (Distill-style): every element
 * tagged `data-term="kl"` (prose spans, `\htmlData{term=kl}{…}` in formulas, SVG shapes) lights up
 * together while any one of them is hovered or focused. The section root carries the active term
 * as `data-highlight`, so plain CSS highlights HTML and SVG parts; canvas figures subscribe with
 * `onHighlight` and redraw.
 */
export function linkTerms(root: HTMLElement): void {
  for (const part of root.querySelectorAll<HTMLElement | SVGElement>(
    '.tex [data-term], .prose [data-term], p [data-term]',
  ))
    if (!part.hasAttribute('tabindex')) part.setAttribute('tabindex', '0');
  const termOf = (target: EventTarget | null): Term | null => {
    const tagged = target instanceof Element ? target.closest('[data-term]') : null;
    const term = tagged?.getAttribute('data-term');
    return term && (terms as string[]).includes(term) ? (term as Term) : null;
  };
  const set = (term: Term | null): void => {
    if (term) root.setAttribute('data-highlight', term);
    else root.removeAttribute('data-highlight');
    root.dispatchEvent(new CustomEvent<Term | null>('highlight', { detail: term }));
  };
  root.addEventListener('pointerover', (event) => set(termOf(event.target)));
  root.addEventListener('pointerleave', () => set(null));
  root.addEventListener('focusin', (event) => set(termOf(event.target)));
  root.addEventListener('focusout', () => set(null));
}

/** Calls `redraw` with the highlighted term (or null) whenever it changes in `root`. */
export function onHighlight(root: HTMLElement, redraw: (term: Term | null) => void): void {
  root.addEventListener('highlight', (event) => redraw((event as CustomEvent<Term | null>).detail));
}

/** The term highlighted in `root` right now, for figures that draw after the change. */
export function highlighted(root: HTMLElement): Term | null {
  return (root.getAttribute('data-highlight') as Term | null) ?? null;
}
