// Issue #12: no spread over user data. `Math.max(...x)`, `push(...x)` and `fn(...array)` pass each
// element as an argument on the stack, which overflows at a few hundred thousand values.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { protectNegativeNumbers } from '../../cli/args.js';
import { table } from '../../cli/output.js';
import * as xent from '../../src/index.js';
import { ROOT } from './xent.js';

const N = 200_000;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('200,000 values', () => {
  it('table(rows) sizes a 200k-row per-class table', () => {
    const rows = [['class', 'count'], ...Array.from({ length: N }, (_, k) => [`c${k}`, '1'])];
    const lines = table(rows).split('\n');
    expect(lines).toHaveLength(N + 1);
    expect(lines[0]).toBe('class    count');
    expect(lines[N]).toBe(`c${N - 1}  1`);
  });

  it('protectNegativeNumbers keeps 200k positionals after --', () => {
    const argv = ['--', ...Array.from({ length: N }, (_, i) => String(i))];
    const out = protectNegativeNumbers(argv, {});
    expect(out).toHaveLength(N + 1);
    expect(out[N]).toBe(String(N - 1));
  });

  it('the library takes 200k logits, probabilities and labels', () => {
    const logits = Float64Array.from({ length: N }, (_, i) => Math.sin(i));
    const uniform = new Float64Array(N).fill(1 / N);
    expect(xent.logSumExp(logits)).toBeGreaterThan(Math.log(N) - 1);
    expect(xent.softmax(logits).size).toBe(N);
    expect(xent.entropy(uniform)).toBeCloseTo(Math.log(N), 9);
    expect(xent.crossEntropyLoss({ data: logits, shape: [1, N] }, [7])).toBeGreaterThan(0);
    expect(xent.explainSoftmax(logits).steps.length).toBeGreaterThan(0);
    expect(xent.explainLoss(logits, 7).result).toBeGreaterThan(0);
    const labels = Int32Array.from({ length: N }, (_, i) => i % 2);
    const meter = new xent.ClassificationMeter().update({ logits: new Float64Array(N), labels });
    expect(meter.compute().count).toBe(N);
    expect(xent.oneHot(labels, { numClasses: 2 }).size).toBe(2 * N);
  });

  it('src/ and cli/ spread no array into a call (the patterns that overflow the stack)', () => {
    const spread = /(Math\.(max|min)|\.push|\.unshift|String\.fromCharCode)\(\s*\.\.\.|\.apply\(/;
    const offending = [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'cli'))].flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, at: `${file.slice(ROOT.length)}:${i + 1}` }))
        .filter(({ line }) => spread.test(line) && !line.trim().startsWith('//'))
        .map(({ at }) => at),
    );
    // exports.ts takes the max over the kernels' fixed parameter lists, not user data.
    expect(offending).toEqual(['src/kernels/exports.ts:20']);
  });
});
