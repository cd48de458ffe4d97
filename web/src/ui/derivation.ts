import { type Derivation, latexToText } from '../../../src/index.js';
import { el, type Figure } from './explorable.js';
import { texNumber } from './format.js';
import { loadKatex, tex } from './tex.js';

/** A step's value as the library's derivations print numbers: 6 significant digits. */
function valueTex(value: number | number[]): string {
  const one = (x: number) => (Number.isFinite(x) ? texNumber(Number(x.toPrecision(6)), 12) : texNumber(x));
  return typeof value === 'number' ? one(value) : `(${value.map(one).join(', ')})`;
}

/**
 * Most substituted formulas already end in their value (`… = 1.5046`); the value is appended
 * only where it is not, so no number is printed twice.
 */
function withValue(substituted: string, value: number | number[]): string {
  const squash = (text: string) => text.replace(/\s|\\ /g, '');
  const shown = valueTex(value);
  return squash(substituted).endsWith(squash(shown)) ? substituted : `${substituted} = ${shown}`;
}

/**
 * The library's step-by-step derivation (the same steps `xent … --explain` prints) in a
 * disclosure box. The title is plain text and always current; the steps are typeset with KaTeX
 * only while the box is open, and only when the derivation's text has changed.
 */
export function derivationFigure<M>(
  element: HTMLElement,
  read: (model: M) => Derivation | undefined,
  /** The `xent` command that prints the same derivation in a terminal. */
  command?: (model: M) => string,
): Figure<M> {
  const details = el('details');
  const summary = el('summary', '', 'Step by step — the same steps as ');
  summary.append(el('code', '', 'xent … --explain'));
  const title = el('p', 'derivation-title');
  const list = el('ol', 'steps');
  const result = el('p', 'derivation-result');
  const cli = el('p', 'cli');
  const cliCode = el('code');
  cli.append('In a terminal: ', cliCode);
  cli.hidden = command === undefined;
  details.append(summary, title, list, result, cli);
  element.append(details);
  let latest: Derivation | undefined;
  let shown = '';

  const typeset = async (): Promise<void> => {
    const katex = await loadKatex();
    const derivation = latest;
    if (!derivation || !details.open) return;
    const key = JSON.stringify(derivation);
    if (key === shown) return;
    shown = key;
    list.replaceChildren(
      ...derivation.steps.map((step) => {
        const item = el('li');
        const formula = el('div', 'step-formula');
        const substituted = el('div', 'step-substituted');
        tex(katex, formula, step.formula, true);
        tex(katex, substituted, withValue(step.substituted, step.value), true);
        item.append(el('span', 'step-label', step.label), formula, substituted);
        return item;
      }),
    );
    const unit = derivation.unit ? `\\ \\text{${derivation.unit}}` : '';
    tex(katex, result, `\\text{Result: } ${valueTex(derivation.result)}${unit}`);
  };
  details.addEventListener('toggle', () => void typeset());

  return (model) => {
    latest = read(model);
    element.hidden = latest === undefined;
    if (!latest) return;
    title.textContent = latexToText(latest.title);
    if (command) cliCode.textContent = command(model);
    if (details.open) void typeset();
  };
}
