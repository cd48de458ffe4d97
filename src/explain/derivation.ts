/** One step of a derivation: what it is, the formula, the formula with the numbers in, the value. */
export interface DerivationStep {
  label: string;
  /** The general formula, in LaTeX. */
  formula: string;
  /** The formula with this input's numbers substituted, in LaTeX. */
  substituted: string;
  /** The step's value, computed by the library. */
  value: number | number[];
}

/** A computation shown step by step; `result` is the library's answer for the whole input. */
export interface Derivation {
  title: string;
  steps: DerivationStep[];
  result: number | number[];
  /** The unit of `result` where it has one: 'nats', 'bits', or 'base-10 units'. */
  unit?: string;
}

export interface ExplainOptions {
  /** Base of the logarithm: e (nats) by default, 2 for bits. */
  base?: number;
  /** Significant digits of the numbers in `substituted`. Default 6. */
  digits?: number;
}

/** The keys of ExplainOptions, for the unknown-key check. */
export const EXPLAIN_KEYS = ['base', 'digits'] as const satisfies readonly (keyof ExplainOptions)[];

/** How many entries of a vector a substituted formula spells out before eliding the rest. */
export const MAX_TERMS = 8;

/** A number as LaTeX, rounded to `digits` significant digits; ∞ and NaN spelled out. */
export function latexNumber(x: number, digits = 6): string {
  if (Number.isNaN(x)) return '\\mathrm{NaN}';
  if (x === Infinity) return '\\infty';
  if (x === -Infinity) return '-\\infty';
  if (x === 0) return '0';
  const rounded = Number(x.toPrecision(digits));
  const magnitude = Math.abs(rounded);
  if (magnitude >= 1e-4 && magnitude < 1e6) return String(rounded);
  const [mantissa, exponent] = rounded.toExponential().split('e');
  return `${mantissa} \\times 10^{${Number(exponent)}}`;
}

/** A number that follows a binary operator, parenthesized when negative: `2 - (-1)`. */
export function latexOperand(x: number, digits = 6): string {
  const text = latexNumber(x, digits);
  return text.startsWith('-') ? `(${text})` : text;
}

/**
 * Spells out `f(i)` for each index, joined by `separator`; past MAX_TERMS entries the middle is
 * elided as `\ldots` so a long vector still reads as a formula.
 */
export function latexTerms(length: number, term: (i: number) => string, separator: string): string {
  if (length <= MAX_TERMS) return Array.from({ length }, (_, i) => term(i)).join(separator);
  const head = Array.from({ length: MAX_TERMS - 2 }, (_, i) => term(i));
  return [...head, '\\ldots', term(length - 1)].join(separator);
}

/** A vector as LaTeX: `(0.1, 0.2, 0.7)`. */
export function latexVector(values: ArrayLike<number>, digits = 6): string {
  return `(${latexTerms(values.length, (i) => latexNumber(values[i], digits), ', ')})`;
}

/** The log of a base, as LaTeX: `\ln`, `\log_2`, `\log_{10}`. */
export function latexLog(base: number | undefined): string {
  if (base === undefined || base === Math.E) return '\\ln';
  const text = latexNumber(base);
  return text.length === 1 ? `\\log_${text}` : `\\log_{${text}}`;
}

/** The unit a log in this base measures in. */
export function unitOf(base: number | undefined): string {
  if (base === undefined || base === Math.E) return 'nats';
  if (base === 2) return 'bits';
  return `base-${latexNumber(base)} units`;
}
