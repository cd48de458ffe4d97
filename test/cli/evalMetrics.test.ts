// `xent eval` beside log loss: --top-k, --bootstrap with --seed, --exact-rows, and the figures a
// file cannot define (null in JSON, said in words in the text report). The figures themselves are
// checked against scikit-learn for every fixture in eval.test.ts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expected } from '../metrics/fixtures.js';
import { ensureCliBuilt, json, xent } from './xent.js';

const tmp = mkdtempSync(join(tmpdir(), 'xent-metrics-'));

beforeAll(ensureCliBuilt, 120_000);

const digits = ['eval', 'digits_proba.parquet', '--label', 'digit'];
const iris = expected.cases[0];

function write(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

describe('xent eval beside log loss', () => {
  it('xent eval --top-k 5 reports top_k_accuracy_score(k=5), and the text names k', async () => {
    const wanted = expected.cases.find((c) => c.file === 'digits_proba.parquet')?.expected.beside?.topK['5'];
    const report = json(await xent([...digits, '--top-k', '5', '--json']));
    expect(report.topK).toBe(5);
    expect(report.topKAccuracy).toBeCloseTo(wanted as number, 12);
    const text = await xent([...digits, '--top-k', '3']);
    expect(text.stdout).toMatch(/\ntop-3 accuracy +0\.\d+\n/);
  });

  it('xent eval --bootstrap 300 --seed 7 gives the same intervals twice, around the figure, as wide as the analytic ones within 2×', async () => {
    const args = ['eval', iris.file, ...iris.args, '--bootstrap', '300', '--seed', '7', '--json'];
    const first = json(await xent(args));
    expect(json(await xent(args)).bootstrap).toEqual(first.bootstrap);
    const bootstrap = first.bootstrap as Record<string, { lower: number; upper: number }> & {
      resamples: number;
    };
    expect(bootstrap.resamples).toBe(300);
    for (const [figure, analytic] of [
      ['logLoss', 'logLossInterval'],
      ['accuracy', 'accuracyInterval'],
      ['brier', 'brierInterval'],
    ] as const) {
      const { lower, upper } = bootstrap[figure];
      const value = first[figure] as number;
      expect(lower).toBeLessThan(value);
      expect(upper).toBeGreaterThan(value);
      const reference = first[analytic] as { lower: number; upper: number };
      const ratio = (upper - lower) / (reference.upper - reference.lower);
      expect(ratio).toBeGreaterThan(0.5);
      expect(ratio).toBeLessThan(2);
    }
    const text = await xent(args.slice(0, -1));
    expect(text.stdout).toMatch(
      /\nbootstrap 95% intervals +300 resamples, seed 7\n {2}log loss +[\d.]+ – [\d.]+\n/,
    );
  });

  it('xent eval --bootstrap past --exact-rows refuses, saying why and what to do', async () => {
    const out = await xent(['eval', iris.file, ...iris.args, '--exact-rows', '10', '--bootstrap', '100']);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(
      'xent eval: --bootstrap needs every row in memory, and this file has more than 10 rows; use the analytic intervals in the report, or raise --exact-rows\n',
    );
  });

  it('xent eval --exact-rows 10 computes AUC from the histogram, within its stated bound of the exact figure', async () => {
    const exact = json(await xent(['eval', iris.file, ...iris.args, '--json']));
    const binned = json(await xent(['eval', iris.file, ...iris.args, '--exact-rows', '10', '--json']));
    expect(exact.ranking).toBe('exact');
    expect(binned.ranking).toBe('histogram');
    const figure = binned.rocAuc as { macro: number; macroBound: number };
    const wanted = (exact.rocAuc as { macro: number }).macro;
    expect(Math.abs(figure.macro - wanted)).toBeLessThanOrEqual(figure.macroBound);
    const text = await xent(['eval', iris.file, ...iris.args, '--exact-rows', '10']);
    expect(text.stdout).toMatch(
      /\nROC AUC +[\d.]+ macro, [\d.]+ weighted \(one-vs-rest\), within ±[\d.e-]+ \(from the score histogram\)\n/,
    );
  });

  it('xent eval: options out of range are refused naming the option', async () => {
    for (const [args, message] of [
      [['--top-k', '0'], 'xent eval: --top-k 0: use a whole number of classes ≥ 1\n'],
      [['--bootstrap', '2.5'], 'xent eval: --bootstrap 2.5: use a whole number of resamples ≥ 1\n'],
      [['--seed', '3'], 'xent eval: --seed goes with --bootstrap N; add --bootstrap\n'],
      [['--exact-rows', '-1'], 'xent eval: --exact-rows -1: use a whole number of rows ≥ 0\n'],
    ] as const) {
      const out = await xent(['eval', iris.file, ...iris.args, ...args]);
      expect({ code: out.code, stderr: out.stderr }).toEqual({ code: 2, stderr: message });
    }
  });

  it('xent eval: a binary file whose labels are all 1 has no AUC or AP: null in JSON, said in words in the text', async () => {
    const path = write('one-class.csv', 'p,y\n0.9,1\n0.6,1\n0.7,1\n');
    const report = json(await xent(['eval', path, '--label', 'y', '--json']));
    expect(report.rocAuc).toEqual({ macro: null, weighted: null, macroBound: null, weightedBound: null });
    expect((report.averagePrecision as { macro: number }).macro).toBeCloseTo(1, 15);
    const text = await xent(['eval', path, '--label', 'y']);
    expect(text.stdout).toMatch(/\nROC AUC +undefined \(the labels hold one class only\)\n/);
  });

  it('xent eval: one row has no intervals: null in JSON, the bare figure in the text', async () => {
    const path = write('one-row.csv', 'p,y\n0.9,1\n');
    const report = json(await xent(['eval', path, '--label', 'y', '--json']));
    expect(report.logLossInterval).toBeNull();
    expect(report.brierInterval).toBeNull();
    // Wilson's interval exists for one row: it is wide, not undefined.
    expect(report.accuracyInterval).toMatchObject({ lower: expect.any(Number), upper: 1, method: 'wilson' });
    const text = await xent(['eval', path, '--label', 'y']);
    expect(text.stdout).toMatch(/\nBrier score +0\.01\n/);
  });
});
