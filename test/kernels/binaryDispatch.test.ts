// binaryCrossEntropyWithLogits(WithGrad) and entropy through the kernels (forced for every size
// here): the reference path's semantics (reductions, weights, gradOutput, in-place out, limits at
// ±Infinity, NaN per element), checked against float64 formulas written in the tests.
import { afterEach, describe, expect, it } from 'vitest';
import { kernelPolicy } from '../../src/fast/policy.js';
import {
  binaryCrossEntropyWithLogits,
  binaryCrossEntropyWithLogitsWithGrad,
  entropy,
  type Tensor,
  XentError,
} from '../../src/index.js';
import { setKernelThreads } from '../../src/kernels/pool.js';
import { watchKernelRuns } from './kernelRuns.js';
import { bceLogitsReference, expectClose, randomLogits, seeded } from './reference.js';

kernelPolicy.minElements = 0;
afterEach(() => setKernelThreads(2));

interface Case {
  x: Float32Array;
  z: Float32Array;
  rows: number;
  labels: number;
}

function randomCase(seed: number, rows: number, labels: number): Case {
  const random = seeded(seed);
  const x = randomLogits(random, rows * labels, 12);
  const z = Float32Array.from({ length: rows * labels }, () =>
    random() < 0.3 ? random() : Math.round(random()),
  );
  return { x, z, rows, labels };
}

/** Per-element losses and gradients (float64) with per-label weights, from test/kernels/reference.ts. */
function perElement({ x, z, rows, labels }: Case, weight?: ArrayLike<number>, posWeight?: ArrayLike<number>) {
  const loss: number[] = [];
  const grad: number[] = [];
  for (let i = 0; i < rows * labels; i++) {
    const c = i % labels;
    const w = weight === undefined ? undefined : [weight[c]];
    const pw = posWeight === undefined ? undefined : [posWeight[c]];
    const one = bceLogitsReference([x[i]], [z[i]], 1, 1, w, pw);
    loss.push(one.rowLoss[0]);
    grad.push(one.grad[0]);
  }
  return { loss, grad };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const tensor = ({ rows, labels }: Case, data: Float32Array) => ({ data, shape: [rows, labels] });

describe('binaryCrossEntropyWithLogits through the kernels', () => {
  it.each([
    [7, 1],
    [5, 3],
    [3, 5],
    [4, 13],
  ])(
    '%i × %i: mean, sum and none, with per-label weight and posWeight, loss and gradient',
    (rows, labels) => {
      const problem = randomCase(rows * 100 + labels, rows, labels);
      const weight = Float32Array.from({ length: labels }, (_, c) => 0.5 + c / labels);
      const posWeight = Float32Array.from({ length: labels }, (_, c) => 2 - c / labels);
      const expected = perElement(problem, weight, posWeight);
      const x = tensor(problem, problem.x);
      const z = tensor(problem, problem.z);
      const options = { weight, posWeight };
      const runs = watchKernelRuns();
      const n = rows * labels;
      expect(binaryCrossEntropyWithLogits(x, z, options)).toBeCloseTo(sum(expected.loss) / n, 5);
      expect(binaryCrossEntropyWithLogits(x, z, { ...options, reduction: 'sum' })).toBeCloseTo(
        sum(expected.loss),
        4,
      );
      const none = binaryCrossEntropyWithLogits(x, z, { ...options, reduction: 'none' }) as Tensor;
      expect(none.shape).toEqual([rows, labels]);
      expect(none.data).toBeInstanceOf(Float32Array);
      expectClose(none.data, expected.loss, { rtol: 1e-5, atol: 1e-6, label: 'none' });

      const mean = binaryCrossEntropyWithLogitsWithGrad(x, z, { ...options, gradOutput: 3 });
      expect(mean.loss).toBeCloseTo(sum(expected.loss) / n, 5);
      expect(mean.grad.data).toBeInstanceOf(Float32Array);
      expectClose(
        mean.grad.data,
        expected.grad.map((g) => (3 * g) / n),
        { rtol: 1e-5, atol: 1e-7, label: 'mean grad' },
      );
      const upstream = Float32Array.from({ length: n }, (_, i) => (i % 3) - 1.5);
      const perLoss = binaryCrossEntropyWithLogitsWithGrad(x, z, {
        ...options,
        reduction: 'none',
        gradOutput: tensor(problem, upstream),
      });
      expectClose((perLoss.loss as Tensor).data, expected.loss, { rtol: 1e-5, atol: 1e-6, label: 'none' });
      expectClose(
        perLoss.grad.data,
        expected.grad.map((g, i) => g * upstream[i]),
        { rtol: 1e-5, atol: 1e-6, label: 'none grad' },
      );
      const plain = binaryCrossEntropyWithLogitsWithGrad(x, z, { ...options, reduction: 'sum' });
      expectClose(plain.grad.data, expected.grad, { rtol: 1e-5, atol: 1e-7, label: 'sum grad' });
      // 'none' with a gradient runs the forward kernel too. (Gradients are float32 sums of terms up
      // to w·max(1, posWeight)·|gradOutput| ≈ 4.5, hence the absolute tolerances.)
      expect(runs.count).toBe(3 + 1 + 2 + 1);
    },
  );

  it('±Infinity logits give the limit (0 when right, Infinity when wrong); NaN stays in its element', () => {
    const problem: Case = {
      x: Float32Array.from([Infinity, Infinity, -Infinity, -Infinity, Number.NaN, Number.NaN, 2, -3]),
      z: Float32Array.from([1, 0, 0, 1, 1, 0, 0.5, 0.25]),
      rows: 2,
      labels: 4,
    };
    const posWeight = [1, 2, 0.5, 3];
    const finite = perElement(
      { x: problem.x.subarray(6), z: problem.z.subarray(6), rows: 1, labels: 2 },
      undefined,
      [0.5, 3],
    );
    const x = tensor(problem, problem.x);
    const z = tensor(problem, problem.z);
    const result = binaryCrossEntropyWithLogitsWithGrad(x, z, { posWeight, reduction: 'none' });
    // Hand limits: x → +∞ costs (1 − t)·x, x → −∞ costs posWeight·t·|x|; the gradient tends to
    // 1 − t and −posWeight·t.
    const loss = [0, Infinity, 0, Infinity, Number.NaN, Number.NaN, ...finite.loss];
    expectClose((result.loss as Tensor).data, loss, { rtol: 1e-5, label: 'loss' });
    const grad = [0, 1, 0, -3, Number.NaN, Number.NaN, ...finite.grad];
    expectClose(result.grad.data, grad, { rtol: 1e-5, atol: 1e-7, label: 'grad' });
    expect(binaryCrossEntropyWithLogits(x, z, { posWeight, reduction: 'sum' })).toBeNaN();
    const noNaN = { data: problem.x.slice(0, 4), shape: [1, 4] };
    const targets = { data: problem.z.slice(0, 4), shape: [1, 4] };
    expect(binaryCrossEntropyWithLogits(noNaN, targets, { posWeight })).toBe(Infinity);
    const right = { data: Float32Array.from([Infinity, -Infinity]), shape: [2] };
    expect(binaryCrossEntropyWithLogits(right, Float32Array.from([1, 0]), { reduction: 'sum' })).toBe(0);
  });

  it('the gradient can overwrite the logits in place (out: the logits buffer)', () => {
    const problem = randomCase(5, 9, 7);
    const expected = perElement(problem);
    const x = problem.x.slice();
    const result = binaryCrossEntropyWithLogitsWithGrad(tensor(problem, x), tensor(problem, problem.z), {
      reduction: 'sum',
      out: x,
    });
    expect(result.loss).toBeCloseTo(sum(expected.loss), 4);
    expect(result.grad.data).toBe(x);
    expectClose(x, expected.grad, { rtol: 1e-5, atol: 1e-7, label: 'in-place grad' });
  });

  it('a weight of one number is spread over the labels; weights varying along other axes fall back', () => {
    const problem = randomCase(8, 4, 3);
    const x = tensor(problem, problem.x);
    const z = tensor(problem, problem.z);
    const runs = watchKernelRuns();
    const scalar = binaryCrossEntropyWithLogits(x, z, { weight: [2], reduction: 'sum' });
    expect(scalar).toBeCloseTo(2 * sum(perElement(problem).loss), 4);
    expect(runs.count).toBe(1);
    // A per-row weight (4, 1): the row's weight on each of its labels, computed by the reference path.
    const rowWeight = { data: [1, 2, 3, 4], shape: [4, 1] };
    const perRow = binaryCrossEntropyWithLogits(x, z, { weight: rowWeight, reduction: 'none' }) as Tensor;
    const expected = perElement(problem).loss.map((l, i) => l * (Math.floor(i / 3) + 1));
    expectClose(perRow.data, expected, { rtol: 1e-6, atol: 1e-7, label: 'per-row weight' });
    expect(runs.count).toBe(1);
  });

  it('float64 targets, a Float64Array out and empty input take the reference path', () => {
    const problem = randomCase(9, 2, 3);
    const x = tensor(problem, problem.x);
    const runs = watchKernelRuns();
    const z64 = { data: Float64Array.from(problem.z), shape: [2, 3] };
    expect(binaryCrossEntropyWithLogits(x, z64)).toBeCloseTo(sum(perElement(problem).loss) / 6, 6);
    const out = new Float64Array(6);
    const result = binaryCrossEntropyWithLogitsWithGrad(x, tensor(problem, problem.z), { out });
    expect(result.grad.data).toBe(out);
    const empty = { data: new Float32Array(0), shape: [0, 3] };
    expect(binaryCrossEntropyWithLogits(empty, empty, { reduction: 'sum' })).toBe(0);
    expect(runs.count).toBe(0);
  });

  it('options are checked before dispatch: the same errors as the reference path', () => {
    const problem = randomCase(10, 2, 3);
    const x = tensor(problem, problem.x);
    const z = tensor(problem, problem.z);
    expect(() => binaryCrossEntropyWithLogitsWithGrad(x, z, { out: new Float32Array(5) })).toThrow(XentError);
    expect(() =>
      binaryCrossEntropyWithLogitsWithGrad(x, z, { reduction: 'none', gradOutput: [1, 2] }),
    ).toThrow("gradOutput has shape (2) but the loss with reduction 'none' has shape (2, 3)");
    const bad = { data: Float32Array.from([0, 0, 0, 0, 2, 0]), shape: [2, 3] };
    expect(() => binaryCrossEntropyWithLogits(x, bad)).toThrow('target[1, 1] = 2 is not a probability');
  });

  it.each([1, 2])(
    '%i thread(s): 300 × 129 (split over the pool at 2) with weight and posWeight',
    (threads) => {
      setKernelThreads(threads);
      const problem = randomCase(11, 300, 129);
      const weight = Float32Array.from({ length: 129 }, (_, c) => 1 + (c % 5) / 4);
      const posWeight = Float32Array.from({ length: 129 }, (_, c) => 0.5 + (c % 7) / 3);
      const expected = perElement(problem, weight, posWeight);
      const result = binaryCrossEntropyWithLogitsWithGrad(
        tensor(problem, problem.x),
        tensor(problem, problem.z),
        {
          weight,
          posWeight,
        },
      );
      const n = 300 * 129;
      expect(Math.abs((result.loss as number) - sum(expected.loss) / n)).toBeLessThan(1e-5);
      expectClose(
        result.grad.data,
        expected.grad.map((g) => g / n),
        { rtol: 1e-5, atol: 1e-11, label: 'grad' },
      );
    },
  );
});

describe('entropy through the kernels', () => {
  /** Rows of `length` probabilities with some exact zeros, normalized in float64 then rounded. */
  function distributions(seed: number, rows: number, length: number): Float32Array {
    const random = seeded(seed);
    const p = new Float32Array(rows * length);
    for (let r = 0; r < rows; r++) {
      const row = Array.from({ length }, () => (random() < 0.2 ? 0 : random()));
      row[0] += 0.1;
      const total = sum(row);
      for (let k = 0; k < length; k++) p[r * length + k] = row[k] / total;
    }
    return p;
  }

  function entropyReference(p: Float32Array, rows: number, length: number, base = Math.E): number[] {
    return Array.from({ length: rows }, (_, r) => {
      let h = 0;
      for (let k = r * length; k < (r + 1) * length; k++) if (p[k] > 0) h -= p[k] * Math.log(p[k]);
      return h / Math.log(base);
    });
  }

  it.each([
    [1, 1],
    [3, 5],
    [6, 33],
  ])('%i × %i rows, with zeros (0·log 0 = 0), in nats and bits', (rows, length) => {
    const p = distributions(rows * 10 + length, rows, length);
    const runs = watchKernelRuns();
    const nats = entropy({ data: p, shape: [rows, length] }) as Tensor;
    expect(nats.data).toBeInstanceOf(Float32Array);
    expect(nats.shape).toEqual([rows]);
    expectClose(nats.data, entropyReference(p, rows, length), { rtol: 1e-5, atol: 1e-7, label: 'nats' });
    const bits = entropy({ data: p, shape: [rows, length] }, { base: 2 }) as Tensor;
    expectClose(bits.data, entropyReference(p, rows, length, 2), { rtol: 1e-5, atol: 1e-7, label: 'bits' });
    expect(runs.count).toBe(2);
  });

  it('a single float32 distribution gives a number; a certain outcome gives 0', () => {
    expect(entropy(Float32Array.from([0.25, 0.25, 0.25, 0.25]), { base: 2 })).toBeCloseTo(2, 6);
    expect(entropy(Float32Array.from([0, 1, 0]))).toBe(0);
  });

  it('rows are still checked in TypeScript first', () => {
    const runs = watchKernelRuns();
    expect(() => entropy({ data: Float32Array.from([0.5, 0.5, 0.5, 0.4]), shape: [2, 2] })).toThrow(
      'row [1] sums to',
    );
    expect(() => entropy(Float32Array.from([1.5, -0.5]))).toThrow(XentError);
    expect(entropy({ data: new Float32Array(0), shape: [0, 4] })).toMatchObject({ shape: [0] });
    expect(runs.count).toBe(0);
  });

  it.each([1, 2])('%i thread(s): 200 × 500', (threads) => {
    setKernelThreads(threads);
    const p = distributions(77, 200, 500);
    const result = entropy({ data: p, shape: [200, 500] }, { base: 10 }) as Tensor;
    expectClose(result.data, entropyReference(p, 200, 500, 10), { rtol: 1e-5, atol: 1e-7, label: 'entropy' });
  });
});
