import { el, type Figure } from './explorable.js';

/** A number as a JavaScript literal, the way a reader would type it back in. */
export function literal(x: number | readonly number[] | readonly (readonly number[])[]): string {
  if (typeof x === 'number')
    return Number.isFinite(x) || Number.isNaN(x) ? String(x) : x > 0 ? 'Infinity' : '-Infinity';
  return `[${x.map((v) => literal(v as number | readonly number[])).join(', ')}]`;
}

/**
 * The library call that produced a section's headline number, with the current arguments and
 * its result as a comment: what an engineer would paste into their own code to get the same.
 */
export function codeFigure<M>(parent: HTMLElement, read: (model: M) => string): Figure<M> {
  const box = el('div', 'code');
  box.append(el('span', 'code-label', 'The same in code'));
  const pre = el('pre');
  // A long line scrolls inside the box; focusable, so the keyboard can scroll it too.
  pre.tabIndex = 0;
  const code = el('code');
  pre.append(code);
  box.append(pre);
  parent.append(box);
  return (model) => {
    code.textContent = read(model);
  };
}
