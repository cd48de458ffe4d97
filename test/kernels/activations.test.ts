import { describe, expect, it } from 'vitest';
import {
  entropyKernel,
  logSoftmaxKernel,
  logSumExpKernel,
  softmaxKernel,
} from '../../src/kernels/activations.js';
import { kernelRuntime } from '../../src/kernels/runtime.js';
import { expectClose, logSoftmaxReference, randomLogits, seeded, softmaxReference } from './reference.js';

// 70001: above 64K classes, logSumExp takes the one-pass blocked path (assembly/logSumExp.ts).
const widths = [1, 3, 4, 6, 9, 17, 1000, 2051, 70001];

describe('softmax kernels', () => {
  it.each(widths)(
    'softmaxKernel / logSoftmaxKernel / logSumExpKernel over %i classes match float64',
    (classes) => {
      const random = seeded(300 + classes);
      const rows = 3;
      const x = randomLogits(random, rows * classes, 30);
      const soft = softmaxKernel(x, rows, classes)!;
      expect(soft.maskedRow).toBe(-1);
      expectClose(soft.out, softmaxReference(x, rows, classes), {
        rtol: 1e-5,
        atol: 1e-12,
        label: 'softmax',
      });
      const logSoft = logSoftmaxKernel(x, rows, classes)!;
      expectClose(logSoft.out, logSoftmaxReference(x, rows, classes), {
        rtol: 1e-6,
        atol: 1e-6,
        label: 'logSoftmax',
      });
      const lse = logSumExpKernel(x, rows, classes)!;
      for (let r = 0; r < rows; r++) {
        const row = Array.from(x.subarray(r * classes, (r + 1) * classes));
        const m = row.reduce((a, b) => Math.max(a, b), -Infinity);
        const expected = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
        expect(Math.abs(lse[r] - expected)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(expected)));
      }
    },
  );

  it.each([10, 1000, 70001])(
    'logSoftmax of the top class and logSumExp − max of confident %i-class rows are −ε and ε to 1e-5',
    (classes) => {
      // ε = Σ of the other terms is all there is to these values (see ExpSum in assembly/expSum.ts).
      const random = seeded(classes);
      const x = Float32Array.from({ length: classes }, () => random() * 2 - 1);
      x[Math.floor(classes / 2)] = 18;
      const expected = logSoftmaxReference(x, 1, classes);
      const top = Math.floor(classes / 2);
      const logSoft = logSoftmaxKernel(x, 1, classes)!;
      expectClose([logSoft.out[top]], [expected[top]], { rtol: 1e-5, label: 'logSoftmax top' });
      const lse = logSumExpKernel(x, 1, classes)!;
      expectClose([lse[0] - 18], [-expected[top]], { rtol: 1e-5, label: 'logSumExp − max' });
    },
  );

  it('softmaxKernel writes NaN rows for all −Infinity inputs and reports the first one', () => {
    const x = Float32Array.from([0, -Infinity, -Infinity, -Infinity, 1, 1]);
    const soft = softmaxKernel(x, 3, 2)!;
    expect(Array.from(soft.out)).toEqual([1, 0, Number.NaN, Number.NaN, 0.5, 0.5]);
    expect(soft.maskedRow).toBe(1);
    const logSoft = logSoftmaxKernel(x, 3, 2)!;
    expect(logSoft.maskedRow).toBe(1);
    expect(logSoft.out[0]).toBe(0);
    expect(logSoft.out[1]).toBe(-Infinity);
    expect(Array.from(logSumExpKernel(x, 3, 2)!)).toEqual([0, -Infinity, 1 + Math.LN2]);
  });

  it('softmaxKernel(x, rows, classes, x) works in place', () => {
    const x = Float32Array.from([1, 2, 3, 4, 5]);
    const expected = softmaxReference(x, 1, 5);
    softmaxKernel(x, 1, 5, x);
    expectClose(x, expected, { rtol: 1e-6, label: 'softmax' });
  });

  it('entropyKernel(p, rows, classes) is −Σ p log p with 0 log 0 = 0', () => {
    const random = seeded(5);
    for (const classes of [1, 2, 5, 8, 13, 600]) {
      const p = Float32Array.from({ length: 2 * classes }, () => random());
      p[0] = 0;
      for (let r = 0; r < 2; r++) {
        const row = p.subarray(r * classes, (r + 1) * classes);
        const total = row.reduce((s, v) => s + v, 0);
        for (let c = 0; c < classes; c++) row[c] = total > 0 ? row[c] / total : 1 / classes;
      }
      const h = entropyKernel(p, 2, classes)!;
      for (let r = 0; r < 2; r++) {
        let expected = 0;
        for (let c = 0; c < classes; c++) {
          const v = p[r * classes + c];
          if (v > 0) expected -= v * Math.log(v);
        }
        expect(Math.abs(h[r] - expected)).toBeLessThanOrEqual(2e-6 * Math.max(1, expected));
      }
    }
    expect(Array.from(entropyKernel(Float32Array.from([1, 0, 0]), 1, 3)!)).toEqual([0]);
  });
});

describe('exp polynomial', () => {
  it('expArray stays within 2 + 1.2·|x| ULP of the correctly rounded exp on [−87.3, 0] and handles the edges', () => {
    const runtime = kernelRuntime()!;
    const n = 1 << 16;
    const x = new Float32Array(n + 8);
    const random = seeded(42);
    for (let i = 0; i < n; i++) x[i] = -87.3 * random();
    x.set([0, -0, -Infinity, Number.NaN, -87.34, -100, -1e-30, -87.33], n);
    const address = runtime.allocator.allocate(x.length * 8);
    try {
      runtime.f32(address, x.length).set(x);
      runtime.exports.expArray(address, address + x.length * 4, x.length);
      const e = runtime.f32(address + x.length * 4, x.length).slice();
      const bits = new Int32Array(e.buffer);
      const expected = new Float32Array(1);
      const expectedBits = new Int32Array(expected.buffer);
      // The kernel rounds y = x·log2e once, so its error grows with |x| (scripts/exp-ulp.mjs
      // measures 2 + 1.195·|x| ULP at worst over every float32 in the range).
      let excess = 0;
      let excessAt = 0;
      for (let i = 0; i < n; i++) {
        expected[0] = Math.exp(x[i]);
        const over = Math.abs(bits[i] - expectedBits[0]) - (2 + 1.2 * Math.abs(x[i]));
        if (over > excess) [excess, excessAt] = [over, x[i]];
      }
      expect({ excess, excessAt }).toEqual({ excess: 0, excessAt: 0 });
      expect(Array.from(e.subarray(n, n + 4))).toEqual([1, 1, 0, Number.NaN]);
      expect(e[n + 4]).toBe(0);
      expect(e[n + 5]).toBe(0);
      expect(e[n + 6]).toBe(1);
      expect(e[n + 7]).toBeGreaterThan(0);
    } finally {
      runtime.allocator.release(address);
    }
  });
});
