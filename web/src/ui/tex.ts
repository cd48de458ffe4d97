import type katexModule from 'katex';

type Katex = typeof katexModule;

let loading: Promise<Katex> | undefined;

/**
 * KaTeX for the formulas that change with the inputs (the derivations). The fixed formulas are
 * typeset when the page is built (see web/vite.config.ts), so this ~70 kB gzip module is fetched
 * only when a reader first opens a derivation.
 */
export function loadKatex(): Promise<Katex> {
  loading ??= import('katex').then((module) => module.default);
  return loading;
}

/** Typesets LaTeX into an element; a malformed formula shows its source in red, never throws. */
export function tex(katex: Katex, element: Element, latex: string, displayMode = false): void {
  katex.render(latex, element as HTMLElement, { displayMode, throwOnError: false });
}
