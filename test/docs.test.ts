import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as xent from '../src/index.js';

/**
 * Runs every example in docs/API.md. In each ```js block, a line `expression // → expected` must
 * evaluate to `expected`: a number is checked to the digits it is written with, an array element by
 * element (allowing the last bits of a 16-digit value to differ), `throws CODE` means the expression throws an XentError with that code.
 */
const markdown = readFileSync(new URL('../docs/API.md', import.meta.url), 'utf8');
const blocks = [...markdown.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]);

interface Check {
  line: string;
  expression: string;
  expected: string;
}

function checksOf(block: string): { setup: string[]; checks: Check[] } {
  const setup: string[] = [];
  const checks: Check[] = [];
  for (const line of block.split('\n')) {
    const arrow = line.indexOf('// →');
    if (arrow < 0) {
      setup.push(line);
      continue;
    }
    const expression = line.slice(0, arrow).trim().replace(/;$/, '');
    checks.push({ line, expression, expected: line.slice(arrow + 4).trim() });
  }
  return { setup, checks };
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
    parts.forEach((part, i) => compare(values[i], part, line));
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

describe('docs/API.md examples', () => {
  it('docs/API.md has examples to run', () => {
    expect(blocks.length).toBeGreaterThan(15);
  });

  blocks.forEach((block, index) => {
    const { setup, checks } = checksOf(block);
    const title = checks[0]?.expression ?? `block ${index}`;
    it(`${title}`, () => {
      const names = Object.keys(xent).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name));
      const run = new Function(
        ...names,
        '__checks',
        `${setup.join('\n')}\nreturn __checks.map((c) => { try { return { value: eval(c.expression) }; } catch (error) { return { error }; } });`,
      );
      const results = run(...names.map((name) => (xent as Record<string, unknown>)[name]), checks) as {
        value?: unknown;
        error?: unknown;
      }[];
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
