import { type Derivation, latexToText } from '../../../src/index.js';
import { el, type Figure } from './explorable.js';
import { texNumber } from './format.js';
import { tex } from './tex.js';

function valueTex(value: number | number[]): string {
  return typeof value === 'number'
    ? texNumber(value, 6)
    : `(${value.map((v) => texNumber(v, 4)).join(',\\ ')})`;
}

/**
 * The library's step-by-step derivation (the same steps `xent … --explain` prints), typeset
 * with KaTeX in a disclosure box. It redraws only when the derivation's text changes.
 */
export function derivationFigure<M>(
  element: HTMLElement,
  read: (model: M) => Derivation | undefined,
): Figure<M> {
  const details = el('details');
  const summary = el('summary', '', 'Step by step — the same steps as ');
  summary.append(el('code', '', 'xent … --explain'));
  const title = el('p', 'derivation-title');
  const list = el('ol', 'steps');
  const result = el('p', 'derivation-result');
  details.append(summary, title, list, result);
  element.append(details);
  let shown = '';
  return (model) => {
    const derivation = read(model);
    element.hidden = derivation === undefined;
    if (!derivation) return;
    const key = JSON.stringify(derivation);
    if (key === shown) return;
    shown = key;
    title.textContent = latexToText(derivation.title);
    list.replaceChildren(
      ...derivation.steps.map((step) => {
        const item = el('li');
        const formula = el('div', 'step-formula');
        const substituted = el('div', 'step-substituted');
        tex(formula, step.formula, true);
        tex(substituted, `${step.substituted} = ${valueTex(step.value)}`, true);
        item.append(el('span', 'step-label', step.label), formula, substituted);
        return item;
      }),
    );
    result.textContent = '';
    const unit = derivation.unit ? `\\ \\text{${derivation.unit}}` : '';
    tex(result, `\\text{Result: } ${valueTex(derivation.result)}${unit}`);
  };
}
