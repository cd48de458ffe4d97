import { describe, expect, it } from 'vitest';
import { binaryCrossEntropyWithLogitsKernel } from '../../src/kernels/binaryCrossEntropy.js';
import { bceLogitsReference, expectClose, randomLogits, seeded } from './reference.js';

describe('binaryCrossEntropyWithLogitsKernel', () => {
  it.each([1, 2, 3, 4, 5, 7, 100, 257])(
    'matches F.binary_cross_entropy_with_logits over %i labels',
    (labels) => {
      const random = seeded(labels);
      const rows = 5;
      const x = randomLogits(random, rows * labels, 12);
      x[0] = 40;
      if (x.length > 1) x[1] = -40;
      const z = Float32Array.from({ length: rows * labels }, () =>
        random() < 0.3 ? random() : Math.round(random()),
      );
      const weight = Float32Array.from({ length: labels }, () => 0.5 + random());
      const posWeight = Float32Array.from({ length: labels }, () => 0.5 + 2 * random());
      for (const [w, pw] of [
        [undefined, undefined],
        [weight, posWeight],
      ] as const) {
        const expected = bceLogitsReference(x, z, rows, labels, w, pw);
        const loss = binaryCrossEntropyWithLogitsKernel(x, z, rows, labels, { weight: w, posWeight: pw })!;
        expectClose(loss, expected.rowLoss, { rtol: 1e-5, atol: 1e-6, label: 'rowLoss' });
        const gradOutput = Float32Array.from({ length: rows * labels }, () => random() * 2 - 1);
        const out = new Float32Array(rows * labels);
        const withGrad = binaryCrossEntropyWithLogitsKernel(
          x,
          z,
          rows,
          labels,
          { weight: w, posWeight: pw },
          { out, scale: 0.5, gradOutput },
        )!;
        expectClose(withGrad, expected.rowLoss, { rtol: 1e-5, atol: 1e-6, label: 'rowLoss' });
        const grad = expected.grad.map((g, i) => 0.5 * g * gradOutput[i]);
        expectClose(out, grad, { rtol: 1e-5, atol: 1e-7, label: 'grad' });
      }
    },
  );

  it('binaryCrossEntropyWithLogitsKernel keeps tiny losses of confident right answers (log1p, not log(1 + e))', () => {
    const x = Float32Array.from([30, -30, 17]);
    const z = Float32Array.from([1, 0, 1]);
    const loss = binaryCrossEntropyWithLogitsKernel(x, z, 1, 3)!;
    const expected = 2 * Math.log1p(Math.exp(-30)) + Math.log1p(Math.exp(-17));
    expect(Math.abs(loss[0] - expected) / expected).toBeLessThan(1e-5);
  });

  it('binaryCrossEntropyWithLogitsKernel computes the gradient in place and propagates NaN', () => {
    const x = Float32Array.from([0.5, -1, Number.NaN, 2]);
    const z = Float32Array.from([1, 0, 1, 0.25]);
    const expected = bceLogitsReference(x, z, 2, 2);
    const loss = binaryCrossEntropyWithLogitsKernel(x, z, 2, 2, {}, { out: x, scale: 1 })!;
    expect(Number.isNaN(loss[1])).toBe(true);
    expectClose(loss.subarray(0, 1), expected.rowLoss.slice(0, 1), { rtol: 1e-6, label: 'rowLoss' });
    expectClose(x, expected.grad, { rtol: 1e-5, atol: 1e-7, label: 'grad' });
  });
});
