// Rows of at most 16 classes take their own forward path, four rows per vector
// (assembly/shortRows.ts): every row count modulo 4, every lane of a group for the special rows,
// and the float32 log it uses across its range, against the float64 reference.
import { afterEach, describe, expect, it } from 'vitest';
import { crossEntropyIndexKernel } from '../../src/kernels/crossEntropy.js';
import { setKernelThreads } from '../../src/kernels/pool.js';
import { crossEntropyIndexReference, expectClose, randomLogits, seeded } from './reference.js';

// Around each vector length (4, 8, 12, 16) and the first width (17) that takes the long-row path.
const classCounts = [1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17];
// One to three rows past a group of four, and more than one group.
const rowCounts = [1, 2, 3, 4, 5, 6, 7, 13];

function targetsFor(random: () => number, rows: number, classes: number): Int32Array {
  return Int32Array.from({ length: rows }, () => Math.floor(random() * classes));
}

afterEach(() => setKernelThreads(2));

describe('short rows', () => {
  it.each(classCounts)(
    'crossEntropyIndexKernel over %i classes matches float64 for every row count',
    (classes) => {
      for (const rows of rowCounts) {
        const random = seeded(classes * 100 + rows);
        const x = randomLogits(random, rows * classes);
        const t = targetsFor(random, rows, classes);
        const expected = crossEntropyIndexReference(x, rows, classes, t);
        const result = crossEntropyIndexKernel(x, rows, classes, t)!;
        expect(result.maskedRow).toBe(-1);
        expectClose(result.rowLoss, expected.rowLoss, { rtol: 1e-5, atol: 1e-6, label: `${rows} rows` });
        const out = new Float32Array(rows * classes);
        const withGrad = crossEntropyIndexKernel(x, rows, classes, t, {}, { out, scale: 1 })!;
        expectClose(withGrad.rowLoss, expected.rowLoss, {
          rtol: 1e-5,
          atol: 1e-6,
          label: `${rows} rows grad`,
        });
        expectClose(out, expected.grad, { rtol: 1e-5, atol: 2e-6, label: `${rows} rows gradient` });
      }
    },
  );

  it.each(classCounts)(
    'crossEntropyIndexKernel over %i classes with weights, ignored rows and label smoothing',
    (classes) => {
      const rows = 11;
      const random = seeded(classes + 500);
      const x = randomLogits(random, rows * classes);
      const t = targetsFor(random, rows, classes);
      // Ignored rows in the first, second and last lane of their groups.
      for (const r of [0, 5, 10]) t[r] = -7;
      const weight = Float32Array.from({ length: classes }, () => 0.25 + random() * 2);
      for (const labelSmoothing of [0, 0.2]) {
        const options = { weight, ignoreIndex: -7, labelSmoothing };
        const expected = crossEntropyIndexReference(x, rows, classes, t, options);
        const label = `ε = ${labelSmoothing}`;
        const result = crossEntropyIndexKernel(x, rows, classes, t, options)!;
        expectClose(result.rowLoss, expected.rowLoss, { rtol: 1e-5, atol: 1e-6, label });
        for (const r of [0, 5, 10]) expect(result.rowLoss[r]).toBe(0);
        const out = new Float32Array(rows * classes);
        crossEntropyIndexKernel(x, rows, classes, t, options, { out, scale: 1 });
        expectClose(out, expected.grad, { rtol: 1e-5, atol: 1e-5, label: `${label} gradient` });
      }
    },
  );

  it('crossEntropyIndexKernel keeps −Infinity, NaN and ties apart in each lane of a group', () => {
    const classes = 10;
    const rows = 8;
    const random = seeded(3);
    const x = randomLogits(random, rows * classes);
    const t = targetsFor(random, rows, classes);
    const row = (r: number) => x.subarray(r * classes, (r + 1) * classes);
    row(0).fill(-Infinity, 0, 9); // one finite logit: loss 0 at it, Infinity elsewhere
    t[0] = 9;
    row(1)[3] = Number.NaN;
    row(2).fill(2.5, 4, 7); // a three-way tie for the max
    row(2)[t[2]] = -Infinity; // the target at −Infinity: loss Infinity
    row(3).set([3e38, -3e38]); // x_t − m = −6e38: beyond float32, not beyond the float64 loss
    t[3] = 1;
    row(5).fill(-Infinity); // all −Infinity, ignored
    t[5] = -100;
    row(6).fill(7); // every logit equal: log 10
    const expected = crossEntropyIndexReference(x, rows, classes, t);
    const result = crossEntropyIndexKernel(x, rows, classes, t)!;
    expect(result.maskedRow).toBe(-1);
    expect(result.rowLoss[0]).toBe(0);
    expect(Number.isNaN(result.rowLoss[1])).toBe(true);
    expect(result.rowLoss[2]).toBe(Infinity);
    expect(result.rowLoss[3]).toBeCloseTo(Math.fround(3e38) - Math.fround(-3e38), -32);
    expect(result.rowLoss[5]).toBe(0);
    expectClose(result.rowLoss, expected.rowLoss, { rtol: 1e-6, label: 'rowLoss' });
    expect(result.rowLoss[6]).toBeCloseTo(Math.log(10), 6);
  });

  it('crossEntropyIndexKernel reports the first all −Infinity row in whichever lane it sits', () => {
    for (const rows of [1, 3, 4, 6, 9]) {
      for (let masked = 0; masked < rows; masked++) {
        const classes = 6;
        const random = seeded(rows * 10 + masked);
        const x = randomLogits(random, rows * classes);
        const t = targetsFor(random, rows, classes);
        x.fill(-Infinity, masked * classes, (masked + 1) * classes);
        const result = crossEntropyIndexKernel(x, rows, classes, t)!;
        expect(result.maskedRow, `row ${masked} of ${rows}`).toBe(masked);
        t[masked] = -100;
        expect(crossEntropyIndexKernel(x, rows, classes, t)!.maskedRow).toBe(-1);
      }
    }
  });

  it('crossEntropyIndexKernel gives log(1 + e^d) within 1e-6 of float64 for d in [−4, 0], 1e-5 down to −87, and log n for n-way ties', () => {
    // Two classes [0, d], target 0: the loss is log(1 + e^d), from 1e-38 up to log 2; target 1
    // adds −d. Every float32 value of the vector log's argument range [1, 2] is reached.
    const rows = 4001;
    const x = new Float32Array(rows * 2);
    const t = new Int32Array(rows);
    for (let r = 0; r < rows; r++) {
      x[2 * r + 1] = Math.fround(-87 * (r / (rows - 1)) ** 2);
      t[r] = r % 2;
    }
    const result = crossEntropyIndexKernel(x, rows, 2, t)!;
    let worst = 0;
    let worstNear = 0;
    for (let r = 0; r < rows; r++) {
      // log1p, not the reference's log(Σ), which rounds 1 + 1e-16 to 1.
      const d = x[2 * r + 1];
      const expected = Math.log1p(Math.exp(d)) - (t[r] === 1 ? d : 0);
      const error = Math.abs(result.rowLoss[r] - expected) / expected;
      worst = Math.max(worst, error);
      if (d >= -4) worstNear = Math.max(worstNear, error);
    }
    // Far out the exp's own error dominates (2 + 1.2·|d| ulp, docs/ACCURACY.md).
    expect(worst).toBeLessThan(1e-5);
    expect(worstNear).toBeLessThan(1e-6);
    for (let classes = 1; classes <= 16; classes++) {
      const ties = crossEntropyIndexKernel(
        new Float32Array(5 * classes).fill(-3),
        5,
        classes,
        [0, 0, 0, 0, 0],
      )!;
      expectClose(ties.rowLoss, new Array(5).fill(Math.log(classes)), {
        rtol: 1e-6,
        atol: 1e-7,
        label: `${classes} ties`,
      });
    }
  });

  it.each([1, 2, 3])(
    'crossEntropyIndexKernel over 65536 × 10 gives the same losses on %i threads',
    (threads) => {
      setKernelThreads(threads);
      const rows = 65536;
      const classes = 10;
      const random = seeded(65536);
      const x = randomLogits(random, rows * classes);
      const t = targetsFor(random, rows, classes);
      t[777] = -100;
      const expected = crossEntropyIndexReference(x, rows, classes, t);
      expectClose(crossEntropyIndexKernel(x, rows, classes, t)!.rowLoss, expected.rowLoss, {
        rtol: 1e-5,
        atol: 1e-6,
        label: `${threads} threads`,
      });
    },
  );
});
