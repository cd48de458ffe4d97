import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { klDivLoss, klDivLossWithGrad, type Tensor } from '../../src/index.js';
import { centralDifferences, expectGradientClose, thrown } from './gradientCheck.js';

const LN2 = Math.LN2;
const LN_HALF = Math.log(0.5);

describe('klDivLoss values (hand math)', () => {
  it("klDivLoss defaults to 'batchmean': the KL divergence per sample", () => {
    const p = [
      [0.2, 0.8],
      [0.5, 0.5],
    ];
    const q = [
      [0.4, 0.6],
      [0.9, 0.1],
    ];
    const kl = p.map((row, n) => row.reduce((s, v, c) => s + v * Math.log(v / q[n][c]), 0));
    const logQ = q.map((row) => row.map(Math.log));
    expect(klDivLoss(logQ, p)).toBeCloseTo((kl[0] + kl[1]) / 2, 15);
    expect(klDivLoss(logQ, p, { reduction: 'sum' })).toBeCloseTo(kl[0] + kl[1], 15);
    expect(klDivLoss(logQ, p, { reduction: 'mean' })).toBeCloseTo((kl[0] + kl[1]) / 4, 15);
    const none = klDivLoss(logQ, p, { reduction: 'none' });
    expect(none.shape).toEqual([2, 2]);
    expect(none.data[1]).toBeCloseTo(0.8 * Math.log(0.8 / 0.6), 15);
  });

  it("klDivLoss 'batchmean' divides a 1-D input by its only axis, as PyTorch, and a 0-d input by nothing", () => {
    expect(klDivLoss([LN_HALF, LN_HALF], [1, 0])).toBe(LN2 / 2);
    expect(klDivLoss(LN_HALF, 1)).toBe(LN2);
  });

  it('klDivLoss counts t = 0 as 0 even against an input of −Infinity (PyTorch: NaN)', () => {
    const loss = klDivLoss([-Infinity, 0], [0, 1], { reduction: 'none' });
    expect(Array.from(loss.data)).toEqual([0, 0]);
    expect(klDivLoss([-Infinity, 0], [0, 1])).toBe(0);
    // A target mass where the input says impossible costs Infinity.
    expect(klDivLoss([-Infinity, 0], [0.5, 0.5], { reduction: 'sum' })).toBe(Infinity);
  });

  it('klDivLoss logTarget: exp(t)·(t − x), and a target of −Infinity contributes 0', () => {
    const loss = klDivLoss([LN_HALF, LN_HALF, -Infinity], [0, -Infinity, -Infinity], {
      logTarget: true,
      reduction: 'none',
    });
    expect(Array.from(loss.data)).toEqual([-LN_HALF, 0, 0]);
    expect(klDivLoss([LN_HALF, LN_HALF], [Math.log(0.25), Math.log(0.75)], { logTarget: true })).toBeCloseTo(
      klDivLoss([LN_HALF, LN_HALF], [0.25, 0.75]),
      15,
    );
  });

  it('klDivLoss propagates a NaN input to that element only, even where t = 0; float32 stays float32', () => {
    const loss = klDivLoss(new Float32Array([Number.NaN, Number.NaN, 0]), [0, 0.5, 1], {
      reduction: 'none',
    });
    expect(loss.dtype).toBe('float32');
    expect(loss.data[0]).toBeNaN();
    expect(loss.data[1]).toBeNaN();
    expect(loss.data[2]).toBe(0);
    expect(
      klDivLoss([Number.NaN, 0], [-Infinity, 0], { logTarget: true, reduction: 'none' }).data[0],
    ).toBeNaN();
  });

  it('klDivLoss rejects targets that are not probabilities, naming index, value and fix', () => {
    const error = thrown(() => klDivLoss([[0, 0]], [[0.5, 1.5]]));
    expect(error.code).toBe('INVALID_PROBABILITY');
    expect(error.message).toMatch(
      /^klDivLoss: target\[0, 1\] = 1\.5 is not a probability; a target must be a probability/,
    );
    expect(thrown(() => klDivLoss([0], [Number.NaN])).code).toBe('INVALID_VALUE');
    const log = thrown(() => klDivLoss([0, 0], [LN_HALF, 0.5], { logTarget: true }));
    expect(log.code).toBe('INVALID_PROBABILITY');
    expect(log.index).toBe(1);
    expect(log.message).toMatch(/target\[1\] is 0\.5; with logTarget: true .*logTarget: false/);
    expect(thrown(() => klDivLoss([0], [Number.NaN], { logTarget: true })).code).toBe('INVALID_VALUE');
  });

  it('klDivLoss rejects a bad reduction, a non-boolean logTarget and mismatched shapes', () => {
    const reduction = thrown(() => klDivLoss([0], [1], { reduction: 'avg' as 'sum' }));
    expect(reduction.code).toBe('INVALID_OPTION');
    expect(reduction.message).toMatch(/use one of 'batchmean', 'mean', 'sum', 'none'/);
    const logTarget = thrown(() => klDivLoss([0], [1], { logTarget: 'yes' as unknown as boolean }));
    expect(logTarget.message).toMatch(/invalid logTarget: "yes"; use true or false/);
    expect(thrown(() => klDivLoss([0, 0], [1])).code).toBe('SHAPE_MISMATCH');
  });
});

describe('klDivLossWithGrad', () => {
  it('klDivLossWithGrad gradient is −t (−exp(t) with logTarget) divided by the batch', () => {
    const { grad } = klDivLossWithGrad(
      [
        [LN_HALF, LN_HALF],
        [LN_HALF, LN_HALF],
      ],
      [
        [1, 0],
        [0.25, 0.75],
      ],
    );
    expect(Array.from(grad.data, (v) => v + 0)).toEqual([-0.5, 0, -0.125, -0.375]);
    const log = klDivLossWithGrad([0, 0], [Math.log(0.25), Math.log(0.75)], {
      logTarget: true,
      reduction: 'sum',
    });
    expect(log.grad.data[0]).toBeCloseTo(-0.25, 15);
    expect(log.grad.data[1]).toBeCloseTo(-0.75, 15);
  });

  it('klDivLossWithGrad matches central differences for every reduction', () => {
    const reductions = fc.constantFrom<'batchmean' | 'mean' | 'sum'>('batchmean', 'mean', 'sum');
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -5, max: 0, noNaN: true }), { minLength: 6, maxLength: 6 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 6, maxLength: 6 }),
        reductions,
        (x, t, reduction) => {
          const shape = [3, 2];
          const target = { data: t, shape };
          const { grad } = klDivLossWithGrad({ data: x, shape }, target, { reduction });
          const numeric = centralDifferences((z) => klDivLoss({ data: z, shape }, target, { reduction }), x);
          expectGradientClose(grad.data, numeric);
        },
      ),
      { numRuns: 100, seed: 3 },
    );
  });

  it("klDivLossWithGrad takes a number gradOutput for 'batchmean' and per-element values for 'none'", () => {
    const batch = klDivLossWithGrad([LN_HALF, LN_HALF], [1, 0], { gradOutput: 4 });
    expect(Array.from(batch.grad.data, (v) => v + 0)).toEqual([-2, 0]);
    const error = thrown(() => klDivLossWithGrad([0], [1], { gradOutput: [1] }));
    expect(error.message).toMatch(/gradOutput must be a number when reduction is 'batchmean'/);
    const none = klDivLossWithGrad([0, 0], [0.5, 0.5], { reduction: 'none', gradOutput: [2, -2] });
    expect((none.loss as Tensor).shape).toEqual([2]);
    expect(Array.from(none.grad.data)).toEqual([-1, 1]);
  });

  it('klDivLossWithGrad writes in place, equal to a fresh gradient', () => {
    const input = new Float32Array([LN_HALF, LN_HALF, -1]);
    const fresh = klDivLossWithGrad(input, [0.2, 0.3, 0.5]);
    const inPlace = klDivLossWithGrad(input, [0.2, 0.3, 0.5], { out: input });
    expect(inPlace.loss).toBe(fresh.loss);
    expect(inPlace.grad.dtype).toBe('float32');
    expect(Array.from(input)).toEqual(Array.from(fresh.grad.data));
  });
});
