import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  binaryCrossEntropyWithLogits,
  multiLabelCrossEntropy,
  multiLabelCrossEntropyWithGrad,
  type Tensor,
} from '../../src/index.js';
import { centralDifferences, expectGradientClose, thrown } from './gradientCheck.js';

const LN2 = Math.LN2;
const logSigmoid = (x: number) => -Math.log1p(Math.exp(-x));

describe('multiLabelCrossEntropy values (hand math)', () => {
  it("multiLabelCrossEntropy averages the per-label losses ('mean') or adds them ('sum')", () => {
    expect(multiLabelCrossEntropy([[0, 0]], [[1, 0]])).toBe(LN2);
    expect(multiLabelCrossEntropy([[0, 0]], [[1, 0]], { labelReduction: 'sum' })).toBe(2 * LN2);
  });

  it('multiLabelCrossEntropy is F.multilabel_soft_margin_loss: −mean_c(t·logσ(x) + (1 − t)·logσ(−x))', () => {
    const x = [
      [1.5, -0.5, 2],
      [-2, 0.25, 0],
    ];
    const t = [
      [1, 0, 1],
      [0, 1, 0.5],
    ];
    const perSample = x.map(
      (row, n) =>
        row.reduce((sum, v, c) => sum - (t[n][c] * logSigmoid(v) + (1 - t[n][c]) * logSigmoid(-v)), 0) / 3,
    );
    const none = multiLabelCrossEntropy(x, t, { reduction: 'none' });
    expect(none.shape).toEqual([2]);
    expect(none.data[0]).toBeCloseTo(perSample[0], 14);
    expect(none.data[1]).toBeCloseTo(perSample[1], 14);
    expect(multiLabelCrossEntropy(x, t)).toBeCloseTo((perSample[0] + perSample[1]) / 2, 14);
    expect(multiLabelCrossEntropy(x, t, { reduction: 'sum', labelReduction: 'sum' })).toBeCloseTo(
      binaryCrossEntropyWithLogits(x, t, { reduction: 'sum' }),
      13,
    );
  });

  it('multiLabelCrossEntropy weight and posWeight are per label, shape (C)', () => {
    const logits = [
      [0, 0],
      [0, 0],
    ];
    const target = [
      [1, 0],
      [1, 1],
    ];
    const loss = multiLabelCrossEntropy(logits, target, {
      weight: [2, 1],
      posWeight: [1, 3],
      reduction: 'none',
      labelReduction: 'sum',
    });
    expect(Array.from(loss.data)).toEqual([2 * LN2 + LN2, 2 * LN2 + 3 * LN2]);
  });

  it("multiLabelCrossEntropy of a 1-D input is one sample: 'none' gives a 0-d tensor", () => {
    const loss = multiLabelCrossEntropy([0, 0, 0], [1, 0, 1], { reduction: 'none' });
    expect(loss.shape).toEqual([]);
    expect(loss.toArray()).toBeCloseTo(LN2, 15);
    expect(multiLabelCrossEntropy([0, 0, 0], [1, 0, 1])).toBeCloseTo(LN2, 15);
  });

  it('multiLabelCrossEntropy propagates a NaN logit to its own sample only; float32 stays float32', () => {
    const loss = multiLabelCrossEntropy(
      { data: new Float32Array([0, Number.NaN, 0, 0]), shape: [2, 2] },
      [
        [1, 0],
        [0, 1],
      ],
      { reduction: 'none' },
    );
    expect(loss.dtype).toBe('float32');
    expect(loss.data[0]).toBeNaN();
    expect(loss.data[1]).toBe(Math.fround(LN2));
  });

  it('multiLabelCrossEntropy rejects rank 3, a bad labelReduction option and bad targets', () => {
    const rank = thrown(() => multiLabelCrossEntropy([[[0]]], [[[1]]]));
    expect(rank.code).toBe('INVALID_SHAPE');
    expect(rank.message).toMatch(/^multiLabelCrossEntropy: logits has shape \(1, 1, 1\).*\(N, C\)/);
    expect(thrown(() => multiLabelCrossEntropy(0, 1)).code).toBe('INVALID_SHAPE');
    const labels = thrown(() => multiLabelCrossEntropy([0], [1], { labelReduction: 'max' as 'sum' }));
    expect(labels.code).toBe('INVALID_OPTION');
    expect(labels.message).toMatch(/invalid labelReduction: "max"; use one of 'mean', 'sum'/);
    const target = thrown(() => multiLabelCrossEntropy([[0, 0]], [[1, -1]]));
    expect(target.code).toBe('INVALID_PROBABILITY');
    expect(target.message).toMatch(/target\[0, 1\] = -1 is not a probability/);
    expect(thrown(() => multiLabelCrossEntropy([[0, 0]], [[1, 0]], { weight: [1, 2, 3] })).code).toBe(
      'SHAPE_MISMATCH',
    );
  });
});

describe('multiLabelCrossEntropyWithGrad', () => {
  it("multiLabelCrossEntropyWithGrad divides σ(x) − t by C (labelReduction 'mean') and by N ('mean')", () => {
    expect(Array.from(multiLabelCrossEntropyWithGrad([[0, 0]], [[1, 0]]).grad.data)).toEqual([-0.25, 0.25]);
    const { grad } = multiLabelCrossEntropyWithGrad(
      [
        [0, 0],
        [0, 0],
      ],
      [
        [1, 0],
        [0, 0],
      ],
      { labelReduction: 'sum' },
    );
    expect(Array.from(grad.data)).toEqual([-0.25, 0.25, 0.25, 0.25]);
  });

  it("multiLabelCrossEntropyWithGrad takes one gradOutput per sample for 'none'", () => {
    const { loss, grad } = multiLabelCrossEntropyWithGrad(
      [
        [0, 0],
        [0, 0],
      ],
      [
        [1, 1],
        [0, 0],
      ],
      { reduction: 'none', gradOutput: [2, -1] },
    );
    expect((loss as Tensor).shape).toEqual([2]);
    expect(Array.from(grad.data)).toEqual([-0.5, -0.5, -0.25, -0.25]);
    expect(
      thrown(() =>
        multiLabelCrossEntropyWithGrad([[0, 0]], [[1, 1]], { reduction: 'none', gradOutput: [1, 1] }),
      ).code,
    ).toBe('SHAPE_MISMATCH');
  });

  it('multiLabelCrossEntropyWithGrad matches central differences with weights, posWeight and both label reductions', () => {
    const element = fc.record({
      x: fc.double({ min: -10, max: 10, noNaN: true }),
      t: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    const labels = fc.constantFrom<'mean' | 'sum'>('mean', 'sum');
    fc.assert(
      fc.property(fc.array(element, { minLength: 6, maxLength: 6 }), labels, (elements, reduceLabels) => {
        const shape = [2, 3];
        const x = elements.map((e) => e.x);
        const t = { data: elements.map((e) => e.t), shape };
        const options = { weight: [1, 0.5, 2], posWeight: [3, 1, 0.25], labelReduction: reduceLabels };
        const { grad } = multiLabelCrossEntropyWithGrad({ data: x, shape }, t, options);
        const numeric = centralDifferences((z) => multiLabelCrossEntropy({ data: z, shape }, t, options), x);
        expectGradientClose(grad.data, numeric);
      }),
      { numRuns: 100, seed: 7 },
    );
  });

  it('multiLabelCrossEntropyWithGrad writes in place, equal to a fresh gradient', () => {
    const logits = new Float64Array([0.5, -1, 2, 0]);
    const input = { data: logits, shape: [2, 2] };
    const target = [
      [1, 0],
      [0.5, 1],
    ];
    const fresh = multiLabelCrossEntropyWithGrad(input, target, { reduction: 'sum' });
    const inPlace = multiLabelCrossEntropyWithGrad(input, target, { reduction: 'sum', out: logits });
    expect(inPlace.loss).toBe(fresh.loss);
    expect(Array.from(logits)).toEqual(Array.from(fresh.grad.data));
    expect(inPlace.grad.shape).toEqual([2, 2]);
  });
});
