// The plain-text form of the small LaTeX vocabulary the derivations use, for terminals.

const SYMBOLS: Record<string, string> = {
  '\\ln': 'ln',
  '\\exp': 'exp',
  '\\max': 'max',
  '\\sum': 'Σ',
  '\\cdot': '·',
  '\\times': '×',
  '\\infty': '∞',
  '\\ldots': '…',
  '\\varepsilon': 'ε',
  '\\ell': 'ℓ',
  '\\|': '‖',
  '\\quad': '   ',
  '\\,': '',
  '\\ ': ' ',
};

/** Reads a `{…}` group starting at `open`; returns its content and the index after it. */
function group(latex: string, open: number): [string, number] {
  let depth = 0;
  for (let i = open; i < latex.length; i++) {
    if (latex[i] === '{') depth++;
    else if (latex[i] === '}' && --depth === 0) return [latex.slice(open + 1, i), i + 1];
  }
  return [latex.slice(open + 1), latex.length];
}

/** A group or a single character after `^` or `_`, parenthesized in text when longer than one. */
function script(latex: string, at: number, marker: string): [string, number] {
  if (latex[at] !== '{') return [`${marker}${latex[at] ?? ''}`, at + 1];
  const [content, next] = group(latex, at);
  const text = latexToText(content);
  if (marker === '_') return [`_${text}`, next];
  return [text.length === 1 ? `^${text}` : `^(${text})`, next];
}

/**
 * Converts the LaTeX of a derivation to readable text: `\frac{a}{b}` → `a / b`, `\log_2` → `log_2`,
 * `\sum_i` → `Σ_i`, `10^{-3}` → `10^(-3)`; unknown commands keep their name without the backslash.
 */
export function latexToText(latex: string): string {
  let out = '';
  let i = 0;
  while (i < latex.length) {
    const c = latex[i];
    if (c === '^' || c === '_') {
      const [text, next] = script(latex, i + 1, c);
      out += text;
      i = next;
    } else if (c === '{' || c === '}') {
      i++;
    } else if (c === '\\') {
      const match = /^\\([A-Za-z]+|.)/.exec(latex.slice(i)) as RegExpExecArray;
      const command = match[0];
      i += command.length;
      if (command === '\\frac') {
        const [numerator, afterNumerator] = group(latex, i);
        const [denominator, next] = group(latex, afterNumerator);
        out += `${latexToText(numerator)} / ${latexToText(denominator)}`;
        i = next;
      } else if (command === '\\mathrm' || command === '\\operatorname' || command === '\\text') {
        const [content, next] = group(latex, i);
        out += latexToText(content);
        i = next;
      } else if (command === '\\log') {
        out += 'log';
      } else {
        out += SYMBOLS[command] ?? match[1];
      }
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
