import katex from 'katex';
import 'katex/dist/katex.min.css';

/** Typesets LaTeX into an element; a malformed formula shows its source in red, never throws. */
export function tex(element: Element, latex: string, displayMode = false): void {
  katex.render(latex, element as HTMLElement, { displayMode, throwOnError: false });
}

/** Typesets every static `<span class="tex">` / `<div class="tex display">` written in index.html. */
export function typesetStatic(root: ParentNode = document): void {
  for (const element of root.querySelectorAll<HTMLElement>('.tex')) {
    const source = element.dataset['tex'] ?? element.textContent ?? '';
    element.dataset['tex'] = source;
    tex(element, source, element.classList.contains('display'));
  }
}
