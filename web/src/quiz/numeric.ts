/**
 * A typed numeric answer, read without eval: a number or a small expression (`0.357`,
 * `-ln(0.7)`, `ln(1/0.7)`, `−log(0.7)` with a Unicode minus, `log2(10/7)`, `1/3`, `2^-1`), and
 * an optional unit at the end (`nats`, `bits`). `log` is the natural logarithm, as in most ML
 * texts; `log2` and `log10` name their bases.
 */
export type AnswerUnit = 'nats' | 'bits';

export type ParsedAnswer = { value: number; unit: AnswerUnit | undefined } | { error: string };

const functions: Record<string, (x: number) => number> = {
  ln: Math.log,
  log: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  exp: Math.exp,
  sqrt: Math.sqrt,
};

/** Spellings people type for the same thing, mapped to one. */
function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[−–—]/g, '-')
    .replace(/[×·*]/g, '*')
    .replace(/÷/g, '/')
    .replace(/log₂|log_2/g, 'log2')
    .replace(/log₁₀|log_10/g, 'log10')
    .replace(/(\d),(\d)/g, '$1.$2') // a decimal comma
    .trim();
}

function splitUnit(text: string): { body: string; unit: AnswerUnit | undefined } {
  const match = /\s*(nats?|bits?)\.?$/.exec(text);
  if (!match) return { body: text, unit: undefined };
  return { body: text.slice(0, match.index), unit: match[1].startsWith('bit') ? 'bits' : 'nats' };
}

const token = /\s*(\d+\.?\d*(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?|[a-z]+\d*|[-+*/^()])/y;

function tokenize(body: string): string[] | undefined {
  const tokens: string[] = [];
  token.lastIndex = 0;
  while (token.lastIndex < body.length) {
    const start = token.lastIndex;
    const match = token.exec(body);
    if (!match) return body.slice(start).trim() === '' ? tokens : undefined;
    tokens.push(match[1]);
  }
  return tokens;
}

/** Recursive descent over the tokens: sums of products of signed powers of primaries. */
function evaluate(tokens: string[]): number {
  let at = 0;
  const peek = () => tokens[at];
  const take = (expected?: string): string => {
    const next = tokens[at++];
    if (next === undefined || (expected !== undefined && next !== expected))
      throw new Error(expected ?? 'more');
    return next;
  };
  const sum = (): number => {
    let value = product();
    while (peek() === '+' || peek() === '-') value = take() === '+' ? value + product() : value - product();
    return value;
  };
  const product = (): number => {
    let value = signed();
    while (peek() === '*' || peek() === '/') value = take() === '*' ? value * signed() : value / signed();
    return value;
  };
  const signed = (): number => {
    const sign = peek();
    if (sign !== '-' && sign !== '+') return power();
    take();
    return sign === '-' ? -signed() : signed();
  };
  const power = (): number => {
    const base = primary();
    if (peek() !== '^') return base;
    take();
    return base ** signed();
  };
  const primary = (): number => {
    const next = take();
    if (next === '(') {
      const value = sum();
      take(')');
      return value;
    }
    if (/^[\d.]/.test(next)) return Number(next);
    if (next === 'e') return Math.E;
    const fn = functions[next];
    if (!fn) throw new Error(next);
    take('(');
    const value = sum();
    take(')');
    return fn(value);
  };
  const value = sum();
  if (at !== tokens.length) throw new Error(tokens[at]);
  return value;
}

export function parseAnswer(text: string): ParsedAnswer {
  const { body, unit } = splitUnit(normalise(text));
  const tokens = tokenize(body);
  if (!tokens || tokens.length === 0) return { error: `“${text.trim()}” is not a number I can read` };
  try {
    const value = evaluate(tokens);
    if (!Number.isFinite(value)) return { error: `“${text.trim()}” does not give a finite number` };
    return { value, unit };
  } catch {
    return { error: `“${text.trim()}” is not a number I can read` };
  }
}
