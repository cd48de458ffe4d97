// docs/TFJS.md's examples and the JSDoc examples of src/tfjs/, run with TF.js in scope. In the
// Markdown, the ```js blocks run in order as one program (later blocks use earlier names); a line
// `expression; // → expected (remark)` must give `expected`: a number to the digits it is written
// with, an array element by element, `throws CODE` a XentError with that code.
import { readdirSync, readFileSync } from 'node:fs';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { XentError } from '../../src/index.js';
import * as adapter from '../../src/tfjs/index.js';
import { tf, useBackend } from './backends.js';

interface Check {
  line: string;
  expected: string;
}

/** Half a unit in the last written digit. */
function tolerance(written: string): number {
  const decimals = written.includes('.') ? written.split('.')[1].length : 0;
  return 0.5 * 10 ** -decimals;
}

function compare(actual: unknown, expected: string, line: string): void {
  if (expected.startsWith('[')) {
    const parts = expected.slice(1, -1).split(',');
    const values = Array.from(actual as ArrayLike<number>);
    expect(values.length, line).toBe(parts.length);
    parts.forEach((part, i) => {
      compare(values[i], part.trim(), line);
    });
    return;
  }
  const value = Number(expected);
  expect(Number.isNaN(value), `${line}: ${expected} is not a number`).toBe(false);
  expect(Math.abs((actual as number) - value), `${line}: got ${actual}`).toBeLessThanOrEqual(
    tolerance(expected),
  );
}

/** The expected value of a checked line: after `// →`, without a trailing `(remark)`. */
function expectedOf(line: string): string {
  const written = line.slice(line.indexOf('// →') + 4).trim();
  const remark = written.startsWith('[') ? written.indexOf(']') + 1 : written.indexOf(' (');
  return (remark > 0 ? written.slice(0, remark) : written).trim();
}

/** The blocks as one async function body, imports dropped, each checked line recording its value. */
function program(markdown: string): { body: string; checks: Check[] } {
  const blocks = [...markdown.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]);
  const checks: Check[] = [];
  const lines = blocks
    .flatMap((block) => block.split('\n'))
    .map((line) => {
      if (line.startsWith('import ')) return '';
      const arrow = line.indexOf('// →');
      if (arrow < 0) return line;
      checks.push({ line, expected: expectedOf(line) });
      return `await __record(async () => (${line.slice(0, arrow).trim().replace(/;$/, '')}));`;
    });
  return { body: lines.join('\n'), checks };
}

describe('docs/TFJS.md examples', () => {
  beforeAll(() => useBackend('cpu'));

  const { body, checks } = program(readFileSync(new URL('../../docs/TFJS.md', import.meta.url), 'utf8'));

  it('has checked examples', () => {
    expect(checks.length).toBeGreaterThan(8);
  });

  it('every checked line gives what it says', async () => {
    const results: { value?: unknown; error?: unknown }[] = [];
    const record = async (thunk: () => Promise<unknown>) => {
      try {
        results.push({ value: await thunk() });
      } catch (error) {
        results.push({ error });
      }
    };
    const scope = { tf, tfl, ...adapter };
    const run = new Function(...Object.keys(scope), '__record', `return (async () => {\n${body}\n})();`);
    await run(...Object.values(scope), record);
    expect(results.length).toBe(checks.length);
    checks.forEach(({ line, expected }, i) => {
      const { value, error } = results[i];
      if (expected.startsWith('throws')) {
        expect(error, line).toBeInstanceOf(XentError);
        expect((error as XentError).code, line).toBe(expected.split(/\s+/)[1]);
        return;
      }
      if (error) throw error;
      compare(value, expected, line);
    });
  });
});

describe('JSDoc examples in src/tfjs/', () => {
  beforeAll(() => useBackend('cpu'));
  const root = new URL('../../src/tfjs/', import.meta.url);
  const examples = readdirSync(root)
    .filter((file) => file.endsWith('.ts'))
    .flatMap((file) => [...readFileSync(new URL(file, root), 'utf8').matchAll(/@example (.*) \/\/ (.*)$/gm)]);

  it('src/tfjs/ has an example per loss', () => {
    expect(examples.length).toBe(3);
  });

  for (const [, expression, written] of examples) {
    it(expression, () => {
      const scope = { tf, ...adapter };
      const actual = new Function(...Object.keys(scope), `return (${expression});`)(...Object.values(scope));
      compare(actual, written.split(' (')[0], expression);
    });
  }
});
