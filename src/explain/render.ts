import { checkOptionKeys } from '../optionKeys.js';
import type { Derivation } from './derivation.js';
import { latexNumber } from './derivation.js';
import { latexToText } from './latexText.js';

/** How a derivation is rendered. */
export interface RenderOptions {
  /** Significant digits of the numbers shown. Default 6. */
  digits?: number;
}

function valueLatex(value: number | number[], digits: number): string {
  if (typeof value === 'number') return latexNumber(value, digits);
  return `(${value.map((v) => latexNumber(v, digits)).join(', ')})`;
}

/** Whether a substituted formula already ends with its value (then it is not repeated). */
function showsValue(substituted: string, value: number | number[], digits: number): boolean {
  return substituted.endsWith(valueLatex(value, digits));
}

function withValue(substituted: string, value: number | number[], digits: number): string {
  return showsValue(substituted, value, digits)
    ? substituted
    : `${substituted} = ${valueLatex(value, digits)}`;
}

function resultLatex(derivation: Derivation, digits: number): string {
  const unit = derivation.unit === undefined ? '' : `\\ \\text{${derivation.unit}}`;
  return `${valueLatex(derivation.result, digits)}${unit}`;
}

/**
 * A derivation as plain text for a terminal: the title, then each step as its label, the formula
 * and the formula with the numbers in, then the result.
 *
 * @example renderText(explainSurprisal(0.5, { base: 2 })) // "Surprisal of p = 0.5\n\n1. Surprisal is …"
 */
export function renderText(derivation: Derivation, options: RenderOptions = {}): string {
  checkOptionKeys(options, ['digits'], 'renderText');
  const { digits = 6 } = options;
  const lines = [latexToText(derivation.title), ''];
  derivation.steps.forEach((step, i) => {
    lines.push(`${i + 1}. ${step.label}`);
    lines.push(`   ${latexToText(step.formula)}`);
    lines.push(`   ${latexToText(step.substituted)}`);
    if (!showsValue(step.substituted, step.value, digits)) {
      lines.push(`   = ${latexToText(valueLatex(step.value, digits))}`);
    }
    lines.push('');
  });
  lines.push(`Result: ${latexToText(resultLatex(derivation, digits))}`);
  return lines.join('\n');
}

/** A derivation as Markdown with `$…$` math (KaTeX and GitHub both render it). */
export function renderMarkdown(derivation: Derivation, options: RenderOptions = {}): string {
  checkOptionKeys(options, ['digits'], 'renderMarkdown');
  const { digits = 6 } = options;
  const lines = [`### ${latexToText(derivation.title)}`, ''];
  derivation.steps.forEach((step, i) => {
    lines.push(`${i + 1}. ${step.label}: $${step.formula}$`);
    lines.push(`   $$${withValue(step.substituted, step.value, digits)}$$`);
  });
  lines.push('', `**Result:** $${resultLatex(derivation, digits)}$`);
  return lines.join('\n');
}

/** A derivation as a LaTeX `align*` block, one line per step with its label as a comment. */
export function renderLatex(derivation: Derivation, options: RenderOptions = {}): string {
  checkOptionKeys(options, ['digits'], 'renderLatex');
  const { digits = 6 } = options;
  const lines = [`% ${latexToText(derivation.title)}`, '\\begin{align*}'];
  for (const step of derivation.steps) {
    lines.push(`  % ${step.label}`);
    lines.push(`  & ${step.formula} \\\\`);
    lines.push(`  & ${withValue(step.substituted, step.value, digits)} \\\\`);
  }
  lines.push(`  & \\text{result: } ${resultLatex(derivation, digits)}`, '\\end{align*}');
  return lines.join('\n');
}
