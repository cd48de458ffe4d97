import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  crossEntropy,
  crossEntropyLoss,
  crossEntropyLossWithGrad,
  entropy,
  klDivergence,
  logSumExp,
  softmax,
} from '../src/index.js';
import { centralDifferences } from './losses/gradientCheck.js';

/** A strictly positive distribution over `length` outcomes. */
const distribution = (length: number) =>
  fc
    .array(fc.double({ min: 1e-3, max: 1, noNaN: true }), { minLength: length, maxLength: length })
    .map((weights) => {
      const total = weights.reduce((a, b) => a + b, 0);
      return weights.map((w) => w / total);
    });

const pairOfDistributions = fc
  .integer({ min: 2, max: 8 })
  .chain((n) => fc.tuple(distribution(n), distribution(n)));

const logits = (rows: number, classes: number) =>
  fc.array(fc.double({ min: -8, max: 8, noNaN: true }), {
    minLength: rows * classes,
    maxLength: rows * classes,
  });

describe('information inequalities', () => {
  it('crossEntropy(p, q) ≥ entropy(p), with equality only at q = p', () => {
    fc.assert(
      fc.property(pairOfDistributions, ([p, q]) => {
        const gap = crossEntropy(p, q) - entropy(p);
        expect(gap).toBeGreaterThanOrEqual(-1e-12);
        expect(crossEntropy(p, p) - entropy(p)).toBeCloseTo(0, 12);
        const distance = p.reduce((d, pk, k) => Math.max(d, Math.abs(pk - q[k])), 0);
        if (distance > 1e-3) expect(gap).toBeGreaterThan(0);
      }),
    );
  });

  it('crossEntropy(p, q) = entropy(p) + klDivergence(p, q)', () => {
    fc.assert(
      fc.property(pairOfDistributions, ([p, q]) => {
        const lhs = crossEntropy(p, q);
        expect(Math.abs(lhs - (entropy(p) + klDivergence(p, q)))).toBeLessThanOrEqual(
          1e-12 * Math.max(1, lhs),
        );
      }),
    );
  });
});

describe('softmax and the loss', () => {
  it('softmax(x) sums to 1 along the axis', () => {
    fc.assert(
      fc.property(logits(3, 5), (x) => {
        const p = softmax({ data: Float64Array.from(x), shape: [3, 5] }).data;
        for (let row = 0; row < 3; row++) {
          const sum = Array.from(p.subarray(row * 5, row * 5 + 5)).reduce((a, b) => a + b, 0);
          expect(sum).toBeCloseTo(1, 14);
        }
      }),
    );
  });

  it('crossEntropyLoss(x + c) = crossEntropyLoss(x): shifting every logit of a row changes nothing', () => {
    fc.assert(
      fc.property(
        logits(2, 4),
        fc.double({ min: -50, max: 50, noNaN: true }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 2, maxLength: 2 }),
        (x, shift, target) => {
          const base = crossEntropyLoss({ data: Float64Array.from(x), shape: [2, 4] }, target);
          const shifted = crossEntropyLoss(
            { data: Float64Array.from(x, (v) => v + shift), shape: [2, 4] },
            target,
          );
          expect(Math.abs(shifted - base)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(shift)));
        },
      ),
    );
  });

  it('logSumExp(x) lies in [max(x), max(x) + log n]', () => {
    fc.assert(
      fc.property(logits(1, 6), (x) => {
        const lse = logSumExp(x);
        const max = Math.max(...x);
        expect(lse).toBeGreaterThanOrEqual(max);
        expect(lse).toBeLessThanOrEqual(max + Math.log(6) + 1e-12);
      }),
    );
  });
});

describe('gradients equal central finite differences', () => {
  const options = fc.record({
    weight: fc.option(
      fc.array(fc.double({ min: 0.1, max: 3, noNaN: true }), { minLength: 4, maxLength: 4 }),
      {
        nil: undefined,
      },
    ),
    labelSmoothing: fc.double({ min: 0, max: 0.5, noNaN: true }),
    reduction: fc.constantFrom('mean' as const, 'sum' as const),
  });

  it('crossEntropyLossWithGrad(logits, indices).grad ≈ finite differences, with weights, smoothing and ignored targets', () => {
    fc.assert(
      fc.property(
        logits(3, 4),
        fc.array(fc.constantFrom(0, 1, 2, 3, -100), { minLength: 3, maxLength: 3 }),
        options,
        (x, target, { weight, labelSmoothing, reduction }) => {
          fc.pre(target.some((t) => t !== -100));
          const opts = { labelSmoothing, reduction, ...(weight && { weight }) };
          const f = (data: Float64Array) => crossEntropyLoss({ data, shape: [3, 4] }, target, opts);
          const input = Float64Array.from(x);
          const { grad } = crossEntropyLossWithGrad({ data: input, shape: [3, 4] }, target, opts);
          const numeric = centralDifferences(f, Array.from(input));
          grad.data.forEach((g, i) => {
            expect(Math.abs(g - numeric[i])).toBeLessThan(1e-6);
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('crossEntropyLossWithGrad(probabilities target) ≈ finite differences, on (N, C, d) input', () => {
    fc.assert(
      fc.property(logits(2, 6), distribution(3), distribution(3), (x, t0, t1) => {
        // input (1, 3, 2): lane 0 takes classes from positions 0, 2, 4; lane 1 from 1, 3, 5.
        const target = {
          data: Float64Array.from([t0[0], t1[0], t0[1], t1[1], t0[2], t1[2]]),
          shape: [1, 3, 2],
        };
        const f = (data: Float64Array) =>
          crossEntropyLoss({ data, shape: [1, 3, 2] }, target, { labelSmoothing: 0.1 });
        const input = Float64Array.from(x.slice(0, 6));
        const { grad } = crossEntropyLossWithGrad({ data: input, shape: [1, 3, 2] }, target, {
          labelSmoothing: 0.1,
        });
        const numeric = centralDifferences(f, Array.from(input));
        grad.data.forEach((g, i) => {
          expect(Math.abs(g - numeric[i])).toBeLessThan(1e-6);
        });
      }),
      { numRuns: 40 },
    );
  });

  it('crossEntropyLossWithGrad(from: probabilities) is −log q[y] with gradient −1/q[y] at y and 0 elsewhere', () => {
    fc.assert(
      fc.property(distribution(4), fc.integer({ min: 0, max: 3 }), (q, label) => {
        const { loss, grad } = crossEntropyLossWithGrad(q, label, { from: 'probabilities' });
        expect(loss).toBeCloseTo(-Math.log(q[label]), 14);
        grad.data.forEach((g, i) => {
          expect(g).toBe(i === label ? -1 / q[label] : 0);
        });
      }),
    );
  });
});
