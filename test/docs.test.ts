import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as xent from '../src/index.js';

/**
 * Runs every example in docs/API.md and the README. In each ```js block, a line
 * `expression // → expected (comment)` must evaluate to `expected`: a number is checked to the
 * digits it is written with (the last bits of a 16-digit value may differ), an array element by
 * element, `throws CODE` means the expression throws an XentError with that code.
 */
const documents = ['../docs/API.md', '../README.md'].map((path) => ({
  path: path.slice(3),
  blocks: [...readFileSync(new URL(path, import.meta.url), 'utf8').matchAll(/```js\n([\s\S]*?)```/g)].map(
    (match) => match[1],
  ),
}));

interface Check {
  line: string;
  expected: string;
}

/**
 * Turns a block into one function body that runs its lines in order, each checked line replaced by
 * a call that records its value (or the error it throws). Imports are dropped: the library's
 * exports are in scope.
 */
function instrument(block: string): { body: string; checks: Check[] } {
  const checks: Check[] = [];
  const lines = block.split('\n').map((line) => {
    if (line.startsWith('import ')) return '';
    const arrow = line.indexOf('// →');
    if (arrow < 0) return line;
    const expression = line.slice(0, arrow).trim().replace(/;$/, '');
    const expected = line
      .slice(arrow + 4)
      .trim()
      .split(' (')[0];
    checks.push({ line, expected });
    return `__record(() => (${expression}));`;
  });
  return { body: lines.join('\n'), checks };
}

/** The tolerance a written number implies: half a unit in its last written digit. */
function tolerance(written: string): number {
  const mantissa = written.split(/e/i)[0];
  const decimals = mantissa.includes('.') ? mantissa.split('.')[1].length : 0;
  const exponent = written.toLowerCase().includes('e') ? Number(written.split(/e/i)[1]) : 0;
  return 0.5 * 10 ** (exponent - decimals);
}

function compare(actual: unknown, expected: string, line: string): void {
  const trimmed = expected.trim();
  if (trimmed.startsWith('[')) {
    const parts = splitTopLevel(trimmed.slice(1, -1));
    const values = Array.isArray(actual) ? actual : Array.from(actual as ArrayLike<unknown>);
    expect(values.length, line).toBe(parts.length);
    parts.forEach((part, i) => {
      compare(values[i], part, line);
    });
    return;
  }
  if (trimmed === 'NaN') return void expect(actual, line).toBeNaN();
  if (trimmed === 'true' || trimmed === 'false') return void expect(actual, line).toBe(trimmed === 'true');
  if (trimmed.startsWith("'")) return void expect(actual, line).toBe(trimmed.slice(1, -1));
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return void expect(actual, line).toBe(value);
  expect(typeof actual, line).toBe('number');
  // Written to the last digit, a value may still differ from the reference in its last bits.
  const allowed = Math.max(tolerance(trimmed), 1e-14 * Math.abs(value));
  expect(Math.abs((actual as number) - value), `${line}: got ${actual}`).toBeLessThanOrEqual(allowed);
}

function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of list) {
    if (char === '[') depth++;
    if (char === ']') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += char;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

function run(block: string): { checks: Check[]; results: { value?: unknown; error?: unknown }[] } {
  const { body, checks } = instrument(block);
  const names = Object.keys(xent);
  const results: { value?: unknown; error?: unknown }[] = [];
  const record = (thunk: () => unknown) => {
    try {
      results.push({ value: thunk() });
    } catch (error) {
      results.push({ error });
    }
  };
  new Function(...names, '__record', body)(
    ...names.map((name) => (xent as Record<string, unknown>)[name]),
    record,
  );
  return { checks, results };
}

for (const { path, blocks } of documents) {
  describe(`${path} examples`, () => {
    it(`${path} has examples to run`, () => {
      expect(blocks.length).toBeGreaterThan(0);
    });

    blocks.forEach((block, index) => {
      const first = block.split('\n').find((line) => line.includes('// →')) ?? `block ${index}`;
      it(`${path}: ${first.split('// →')[0].trim()}`, () => {
        const { checks, results } = run(block);
        expect(results.length).toBe(checks.length);
        checks.forEach((check, i) => {
          const { value, error } = results[i];
          if (check.expected.startsWith('throws')) {
            expect(error, check.line).toBeInstanceOf(xent.XentError);
            expect((error as xent.XentError).code, check.line).toBe(check.expected.split(/\s+/)[1]);
            return;
          }
          if (error) throw error;
          compare(value, check.expected, check.line);
        });
      });
    });
  });
}

/** Every `@example` in the JSDoc of src/: its statements, and a last line `expression // expected`. */
function jsdocExamples(): { file: string; body: string[]; expression: string; expected: string }[] {
  const root = new URL('../src/', import.meta.url);
  // xent/tfjs's examples need TF.js in scope: test/tfjs/docs.test.ts runs them.
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter(
    (f) => f.endsWith('.ts') && !f.startsWith('tfjs/'),
  );
  return files.flatMap((file) => {
    const text = readFileSync(new URL(file, root), 'utf8');
    return [...text.matchAll(/@example([\s\S]*?)\*\//g)].map((match) => {
      const lines = match[1]
        .split('\n')
        .map((line) => line.replace(/^\s*\*\s?/, '').trim())
        .filter((line) => line !== '');
      const last = lines.pop() as string;
      const arrow = last.indexOf(' // ');
      return { file, body: lines, expression: last.slice(0, arrow), expected: last.slice(arrow + 4) };
    });
  });
}

/** The expected value without its trailing remark: `0.693… (ln 2)` → `0.693…`. */
function withoutRemark(expected: string): string {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < expected.length; i++) {
    const char = expected[i];
    if (char === '"') quoted = !quoted;
    if (quoted) continue;
    if (char === '[') depth++;
    if (char === ']') depth--;
    if (depth === 0 && expected.startsWith(' (', i)) return expected.slice(0, i);
  }
  return expected;
}

/** Compares a value with what the example writes; `…` ends a value cut short (a prefix, to its last digit). */
function compareExample(actual: unknown, written: string, label: string): void {
  const expected = written.trim();
  const typed = /^(Float32Array|Float64Array) (\[.*\])$/.exec(expected);
  if (typed) {
    expect((actual as object).constructor.name, label).toBe(typed[1]);
    compareExample(Array.from(actual as ArrayLike<number>), typed[2], label);
    return;
  }
  if (expected.startsWith('[')) {
    const parts = splitTopLevel(expected.slice(1, -1));
    const values = actual as unknown[];
    expect(values.length, label).toBe(parts.length);
    parts.forEach((part, i) => {
      compareExample(values[i], part, label);
    });
    return;
  }
  if (expected.startsWith('"')) {
    const text = JSON.parse(expected.replace(/…"$/, '"')) as string;
    if (expected.endsWith('…"'))
      expect((actual as string).startsWith(text), `${label}: got ${actual}`).toBe(true);
    else expect(actual, label).toBe(text);
    return;
  }
  const cut = expected.endsWith('…');
  const digits = cut ? expected.slice(0, -1) : expected;
  const value = Number(digits);
  expect(Number.isNaN(value), `${label}: ${expected} is not a number`).toBe(false);
  if (value === 0) return void expect(Object.is(actual, value), `${label}: got ${actual}`).toBe(true);
  // Cut short, the value may be anything up to one unit in its last written digit away.
  const allowed = cut ? 2 * tolerance(digits) : Math.max(tolerance(digits), 1e-14 * Math.abs(value));
  expect(Math.abs((actual as number) - value), `${label}: got ${actual}`).toBeLessThanOrEqual(allowed);
}

describe('JSDoc examples in src/', () => {
  const examples = jsdocExamples();
  const names = Object.keys(xent);

  it('src/ has JSDoc examples to run', () => {
    expect(examples.length).toBeGreaterThan(30);
  });

  for (const { file, body, expression, expected } of examples) {
    it(`${file}: ${expression}`, () => {
      const run = new Function(...names, `${body.join('\n')}\nreturn (${expression});`);
      const actual = run(...names.map((name) => (xent as Record<string, unknown>)[name]));
      compareExample(actual, withoutRemark(expected), `${file}: ${expression}`);
    });
  }
});
