import { afterEach, describe, expect, it } from 'vitest';
import { crossEntropyLoss, XentError } from '../../src/index.js';
import { crossEntropyIndexKernel, crossEntropyProbabilityKernel } from '../../src/kernels/crossEntropy.js';
import { setKernelThreads } from '../../src/kernels/pool.js';
import { watchKernelRuns } from './kernelRuns.js';
import {
  crossEntropyIndexReference,
  crossEntropyProbabilityReference,
  expectClose,
  randomLogits,
  seeded,
} from './reference.js';

// 70001: above 64K classes, rows take the one-pass blocked path (assembly/logSumExp.ts).
const widths = [1, 2, 3, 4, 5, 7, 8, 9, 13, 31, 33, 100, 1000, 2049, 4100, 70001];

function targetsFor(random: () => number, rows: number, classes: number): Int32Array {
  return Int32Array.from({ length: rows }, () => Math.floor(random() * classes));
}

function gradTolerance(expected: ArrayLike<number>): number {
  let largest = 0;
  for (let i = 0; i < expected.length; i++) largest = Math.max(largest, Math.abs(expected[i]));
  return 2e-6 * Math.max(largest, 1e-30);
}

afterEach(() => setKernelThreads(2));

describe('crossEntropyIndexKernel', () => {
  it.each(widths)(
    'crossEntropyIndexKernel(logits, rows, %i classes) matches the float64 reference',
    (classes) => {
      const random = seeded(classes);
      const rows = 5;
      const x = randomLogits(random, rows * classes);
      const t = targetsFor(random, rows, classes);
      const expected = crossEntropyIndexReference(x, rows, classes, t);
      const result = crossEntropyIndexKernel(x, rows, classes, t);
      expect(result?.maskedRow).toBe(-1);
      expectClose(result!.rowLoss, expected.rowLoss, { rtol: 1e-5, atol: 1e-6, label: 'rowLoss' });
      const out = new Float32Array(rows * classes);
      const withGrad = crossEntropyIndexKernel(x, rows, classes, t, {}, { out, scale: 1 });
      expectClose(withGrad!.rowLoss, expected.rowLoss, { rtol: 1e-5, atol: 1e-6, label: 'rowLoss' });
      expectClose(out, expected.grad, { rtol: 1e-5, atol: gradTolerance(expected.grad), label: 'grad' });
    },
  );

  it('crossEntropyIndexKernel(…, { weight, ignoreIndex, labelSmoothing }) matches F.cross_entropy per row', () => {
    const random = seeded(7);
    for (const classes of [3, 10, 37]) {
      const rows = 9;
      const x = randomLogits(random, rows * classes);
      const t = targetsFor(random, rows, classes);
      t[2] = -1;
      const weight = Float32Array.from({ length: classes }, () => 0.25 + random() * 2);
      const options = { weight, ignoreIndex: -1, labelSmoothing: 0.15 };
      const rowScale = Float32Array.from({ length: rows }, () => random() * 3 - 1);
      const expected = crossEntropyIndexReference(x, rows, classes, t, options, (r) => 0.5 * rowScale[r]);
      const out = new Float32Array(rows * classes);
      const result = crossEntropyIndexKernel(x, rows, classes, t, options, { out, scale: 0.5, rowScale });
      expectClose(result!.rowLoss, expected.rowLoss, {
        rtol: 1e-5,
        atol: 1e-6,
        label: `rowLoss C=${classes}`,
      });
      expectClose(out, expected.grad, { rtol: 1e-5, atol: gradTolerance(expected.grad), label: 'grad' });
      expect(Array.from(out.subarray(2 * classes, 3 * classes))).toEqual(new Array(classes).fill(0));
      const forward = crossEntropyIndexKernel(x, rows, classes, t, options);
      expectClose(forward!.rowLoss, expected.rowLoss, { rtol: 1e-5, atol: 1e-6, label: 'forward' });
    }
  });

  it.each([7, 77])('crossEntropyIndexKernel writes the gradient in place over %i classes', (classes) => {
    const random = seeded(11);
    const rows = 6;
    const x = randomLogits(random, rows * classes);
    const t = targetsFor(random, rows, classes);
    const expected = crossEntropyIndexReference(x, rows, classes, t, {}, () => 1 / rows);
    const result = crossEntropyIndexKernel(x, rows, classes, t, {}, { out: x, scale: 1 / rows });
    expectClose(result!.rowLoss, expected.rowLoss, { rtol: 1e-5, label: 'rowLoss' });
    expectClose(x, expected.grad, { rtol: 1e-5, atol: gradTolerance(expected.grad), label: 'grad' });
  });

  it('crossEntropyIndexKernel handles −Infinity logits, huge logits and NaN as F.cross_entropy does', () => {
    const classes = 5;
    const x = Float32Array.from([
      ...[-Infinity, 0, 1, -Infinity, 2],
      ...[3e38, -3e38, 1e30, 0, -1e30],
      ...[1e4, 1e4 + 1, 1e4 - 1, 9000, 1e4],
      ...[0, Number.NaN, 1, 2, 3],
    ]);
    const t = Int32Array.from([2, 0, 1, 3]);
    const expected = crossEntropyIndexReference(x, 4, classes, t);
    const result = crossEntropyIndexKernel(x, 4, classes, t);
    expectClose(result!.rowLoss, expected.rowLoss, { rtol: 1e-6, label: 'rowLoss' });
    expect(Number.isNaN(result!.rowLoss[3])).toBe(true);
    const out = new Float32Array(x.length);
    crossEntropyIndexKernel(x, 4, classes, t, {}, { out, scale: 1 });
    expect(out[0]).toBe(0);
    expect(out[3]).toBe(0);
    expectClose(out.subarray(0, 15), expected.grad.slice(0, 15), { rtol: 1e-5, atol: 1e-7, label: 'grad' });
    expect(Array.from(out.subarray(15)).every(Number.isNaN)).toBe(true);
  });

  it('crossEntropyIndexKernel reports the first all −Infinity row unless it is ignored', () => {
    const x = Float32Array.from([0, 1, -Infinity, -Infinity, -Infinity, -Infinity]);
    expect(crossEntropyIndexKernel(x, 3, 2, [0, 1, 0])?.maskedRow).toBe(1);
    expect(crossEntropyIndexKernel(x, 3, 2, [0, -100, -100])?.maskedRow).toBe(-1);
    expect(
      crossEntropyIndexKernel(x, 3, 2, [0, 1, -100], {}, { out: new Float32Array(6), scale: 1 })?.maskedRow,
    ).toBe(1);
  });

  it('targets are checked once, by the public function, before any kernel runs', () => {
    const runs = watchKernelRuns();
    const x = new Float32Array(2 * 4096);
    for (const bad of [
      [0, 4096],
      [0, 1.5],
      [0, -1],
    ])
      expect(() => crossEntropyLoss({ data: x, shape: [2, 4096] }, bad)).toThrow(XentError);
    expect(runs.count).toBe(0);
    expect(crossEntropyIndexKernel(new Float32Array(0), 2, 0, [])).toBeUndefined();
  });

  // 12 threads cut 700 × 1001 into 85 chunks: more than the pool's first chunk table holds (64).
  it.each([1, 2, 3, 12])(
    'crossEntropyIndexKernel gives the same losses on %i threads, streamed and split',
    (threads) => {
      setKernelThreads(threads);
      const random = seeded(99);
      // 700 × 1001 floats is 2.8 MB: more than one staging chunk, and enough rows to split.
      const rows = 700;
      const classes = 1001;
      const x = randomLogits(random, rows * classes, 20);
      const t = targetsFor(random, rows, classes);
      t[5] = -100;
      const expected = crossEntropyIndexReference(x, rows, classes, t, {}, () => 1 / rows);
      const out = new Float32Array(x.length);
      const result = crossEntropyIndexKernel(x, rows, classes, t, {}, { out, scale: 1 / rows });
      expectClose(result!.rowLoss, expected.rowLoss, { rtol: 1e-5, label: 'rowLoss' });
      expectClose(out, expected.grad, { rtol: 1e-5, atol: gradTolerance(expected.grad), label: 'grad' });
      const masked = x.slice();
      masked.fill(-Infinity, 650 * classes, 651 * classes);
      expect(crossEntropyIndexKernel(masked, rows, classes, t)?.maskedRow).toBe(650);
      // Two masked rows in different chunks of a split: the first is reported, whichever thread
      // ran it and whenever it finished.
      masked.fill(-Infinity, 300 * classes, 301 * classes);
      expect(crossEntropyIndexKernel(masked, rows, classes, t)?.maskedRow).toBe(300);
    },
  );
});

describe('confident rows', () => {
  // The max's own term is exactly 1, and float32 sums that hold it round every other term to
  // 2⁻²⁴: a row whose loss is ε ≈ Σ of the others would lose ε (20 % error at ε = 2e-8 before the
  // kernels left the max's terms out of their sums). The target's gradient element p_t − 1 ≈ −ε
  // cancels the same way.
  const confident = (classes: number, top: number, at: number, tie = false) => {
    const random = seeded(classes * 7 + at);
    const rows = 3;
    const x = Float32Array.from({ length: rows * classes }, () => random() * 2 - 1);
    const t = new Int32Array(rows);
    for (let r = 0; r < rows; r++) {
      t[r] = (at + r) % classes;
      x[r * classes + t[r]] = top;
      if (tie) x[r * classes + ((t[r] + 5) % classes)] = top;
    }
    return { x, t, rows };
  };

  it.each([3, 10, 16, 17, 33, 1000, 32000, 70001])(
    'losses and the target gradient of %i-class rows stay within 1e-5 of float64 down to a loss of 1e-8',
    (classes) => {
      for (const top of [12, 16, 20]) {
        for (const at of [0, 31, 32, classes - 1]) {
          if (at >= classes) continue;
          const { x, t, rows } = confident(classes, top, at);
          const expected = crossEntropyIndexReference(x, rows, classes, t);
          const label = `top ${top} at ${at}`;
          const forward = crossEntropyIndexKernel(x, rows, classes, t)!;
          expectClose(forward.rowLoss, expected.rowLoss, { rtol: 1e-5, label: `${label} rowLoss` });
          const out = new Float32Array(rows * classes);
          const withGrad = crossEntropyIndexKernel(x, rows, classes, t, {}, { out, scale: 1 })!;
          expectClose(withGrad.rowLoss, expected.rowLoss, { rtol: 1e-5, label: `${label} WithGrad rowLoss` });
          const targetGrad = Array.from(t, (c, r) => out[r * classes + c]);
          const expectedTargetGrad = Array.from(t, (c, r) => expected.grad[r * classes + c]);
          expectClose(targetGrad, expectedTargetGrad, { rtol: 1e-5, label: `${label} target grad` });
          expectClose(out, expected.grad, { rtol: 1e-5, atol: 1e-12, label: `${label} grad` });
        }
      }
    },
  );

  it.each([10, 1000])(
    'probability targets on the max of confident %i-class rows keep the loss ε',
    (classes) => {
      const { x, t, rows } = confident(classes, 18, 7);
      const p = new Float32Array(rows * classes);
      for (let r = 0; r < rows; r++) p[r * classes + t[r]] = 1;
      const expected = crossEntropyProbabilityReference(x, rows, classes, p);
      expectClose(crossEntropyProbabilityKernel(x, rows, classes, p)!.rowLoss, expected.rowLoss, {
        rtol: 1e-5,
        label: 'forward',
      });
      const out = new Float32Array(rows * classes);
      const withGrad = crossEntropyProbabilityKernel(x, rows, classes, p, {}, { out, scale: 1 })!;
      expectClose(withGrad.rowLoss, expected.rowLoss, { rtol: 1e-5, label: 'WithGrad' });
    },
  );

  it('a tie for the max (two terms of exactly 1) gives log 2 + ε, in either path', () => {
    for (const classes of [10, 1000]) {
      const { x, t, rows } = confident(classes, 20, 3, true);
      const expected = crossEntropyIndexReference(x, rows, classes, t);
      expectClose(crossEntropyIndexKernel(x, rows, classes, t)!.rowLoss, expected.rowLoss, {
        rtol: 1e-6,
        label: `${classes} classes`,
      });
    }
  });
});

describe('crossEntropyProbabilityKernel', () => {
  it.each(widths)(
    'crossEntropyProbabilityKernel(logits, probs, rows, %i classes) matches the reference',
    (classes) => {
      const random = seeded(1000 + classes);
      const rows = 4;
      const x = randomLogits(random, rows * classes);
      const p = new Float32Array(rows * classes);
      for (let r = 0; r < rows; r++) {
        let total = 0;
        for (let c = 0; c < classes; c++) total += p[r * classes + c] = random();
        for (let c = 0; c < classes; c++) p[r * classes + c] /= total;
      }
      const weight = Float32Array.from({ length: classes }, () => 0.5 + random());
      for (const options of [{}, { weight, labelSmoothing: 0.2 }]) {
        const expected = crossEntropyProbabilityReference(x, rows, classes, p, options, () => 0.25);
        const out = new Float32Array(rows * classes);
        const result = crossEntropyProbabilityKernel(x, rows, classes, p, options, { out, scale: 0.25 });
        expectClose(result!.rowLoss, expected.rowLoss, { rtol: 1e-5, atol: 1e-6, label: 'rowLoss' });
        expectClose(out, expected.grad, { rtol: 1e-5, atol: gradTolerance(expected.grad), label: 'grad' });
        const forward = crossEntropyProbabilityKernel(x, rows, classes, p, options);
        expectClose(forward!.rowLoss, expected.rowLoss, { rtol: 1e-5, atol: 1e-6, label: 'forward' });
      }
    },
  );

  it('crossEntropyProbabilityKernel skips classes with no target mass, even at −Infinity (0·log 0 = 0)', () => {
    const x = Float32Array.from([-Infinity, 0, 1, 0, 0, 0]);
    const p = Float32Array.from([0, 0.5, 0.5, 1, 0, 0]);
    const result = crossEntropyProbabilityKernel(x, 2, 3, p);
    const lse = Math.log(1 + Math.E);
    expect(result!.rowLoss[0]).toBeCloseTo(0.5 * lse + 0.5 * (lse - 1), 6);
    const smoothed = crossEntropyProbabilityKernel(x, 2, 3, p, { labelSmoothing: 0.1 });
    expect(smoothed!.rowLoss[0]).toBe(Infinity);
    expect(result!.rowLoss[1]).toBeCloseTo(Math.log(3), 6);
    const all = Float32Array.from([-Infinity, -Infinity, 0, 1]);
    expect(crossEntropyProbabilityKernel(all, 2, 2, Float32Array.from([1, 0, 1, 0]))?.maskedRow).toBe(0);
  });
});
