/**
 * Numbers as the page prints them. Infinity is printed as ∞ (p = 0 is shown, not clamped away),
 * and every printed number also keeps its full value in `data-raw`, so the tests can compare
 * the page with the library exactly.
 */
export function formatNumber(x: number, digits = 4): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Number.POSITIVE_INFINITY) return '∞';
  if (x === Number.NEGATIVE_INFINITY) return '−∞';
  if (x === 0) return '0';
  const magnitude = Math.abs(x);
  if (magnitude < 1e-4 || magnitude >= 1e6) return x.toExponential(2).replace(/-/g, '−');
  const fixed = x.toFixed(digits);
  // 0.5 reads as 0.5, not 0.5000: trailing zeros would claim precision the reader did not ask for.
  const trimmed = fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
  return trimmed.replace(/-/g, '−');
}

/** The same number as LaTeX, for substituted formulas. */
export function texNumber(x: number, digits = 4): string {
  if (x === Number.POSITIVE_INFINITY) return '\\infty';
  if (x === Number.NEGATIVE_INFINITY) return '-\\infty';
  return formatNumber(x, digits)
    .replace(/−/g, '-')
    .replace(/e([+-]?)(\d+)/, (_m, sign, exp) => {
      return `\\times 10^{${sign === '-' ? '-' : ''}${exp}}`;
    });
}

/** Writes a number into an element: the rounded text for people, the exact value for tests. */
export function setNumber(element: Element, x: number, digits = 4): void {
  element.textContent = formatNumber(x, digits);
  element.setAttribute('data-raw', String(x));
}

/** The unit word for a logarithm base, as the page's unit toggles name it. */
export function unitOf(base: number): string {
  return base === 2 ? 'bits' : 'nats';
}
