import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Tensor, zLoss, zLossWithGrad } from '../../src/index.js';
import { centralDifferences, expectGradientClose, thrown } from './gradientCheck.js';

const LN2 = Math.LN2;

describe('zLoss values (hand math)', () => {
  it('zLoss([0, 0]) is c·(ln 2)² with c = 1e-4 by default', () => {
    expect(zLoss([0, 0], { coefficient: 1 })).toBe(LN2 * LN2);
    expect(zLoss([0, 0])).toBeCloseTo(1e-4 * LN2 * LN2, 18);
    expect(zLoss([0, 0, 0, 0], { coefficient: 0.5 })).toBeCloseTo(0.5 * (2 * LN2) ** 2, 15);
  });

  it("zLoss takes log Z over axis 1 of (N, C, d) and 'mean' averages the N·d rows", () => {
    // Shape (1, 2, 2): rows are the columns [0, 0] and [ln 3, 0] → log Z = ln 2 and ln 4.
    const logits = { data: [0, Math.log(3), 0, 0], shape: [1, 2, 2] };
    const none = zLoss(logits, { coefficient: 1, reduction: 'none' });
    expect(none.shape).toEqual([1, 2]);
    expect(none.data[0]).toBeCloseTo(LN2 ** 2, 15);
    expect(none.data[1]).toBeCloseTo((2 * LN2) ** 2, 15);
    expect(zLoss(logits, { coefficient: 1 })).toBeCloseTo((LN2 ** 2 + 4 * LN2 ** 2) / 2, 15);
    expect(zLoss(logits, { coefficient: 1, reduction: 'sum' })).toBeCloseTo(5 * LN2 ** 2, 15);
  });

  it('zLoss subtracts the max: logits of 1e4 do not overflow', () => {
    expect(zLoss([1e4, 1e4], { coefficient: 1 })).toBe((1e4 + LN2) ** 2);
  });

  it('zLoss treats −Infinity as a mask and throws ALL_MASKED for a row with no finite logit', () => {
    expect(zLoss([0, -Infinity], { coefficient: 1 })).toBe(0);
    const error = thrown(() =>
      zLoss([
        [0, 1],
        [-Infinity, -Infinity],
      ]),
    );
    expect(error.code).toBe('ALL_MASKED');
    expect(error.message).toMatch(/^zLoss: logits\[1, :\] is all -Infinity.*leave at least one finite logit/);
    const spatial = thrown(() => zLoss({ data: [0, -Infinity, 0, -Infinity], shape: [1, 2, 2] }));
    expect(spatial.message).toMatch(/logits\[0, :, 1\]/);
    expect(thrown(() => zLoss([-Infinity])).message).toMatch(/logits\[:\]/);
  });

  it('zLoss propagates NaN to its row only; +Infinity gives Infinity; float32 stays float32', () => {
    const logits = { data: new Float32Array([0, 0, Number.NaN, 0]), shape: [2, 2] };
    const loss = zLoss(logits, { coefficient: 1, reduction: 'none' });
    expect(loss.dtype).toBe('float32');
    expect(loss.data[0]).toBe(Math.fround(LN2 * LN2));
    expect(loss.data[1]).toBeNaN();
    expect(zLoss([Infinity, 0])).toBe(Infinity);
  });

  it('zLoss rejects a negative coefficient, a 0-d input and an empty class axis', () => {
    const coefficient = thrown(() => zLoss([0], { coefficient: -1 }));
    expect(coefficient.code).toBe('INVALID_OPTION');
    expect(coefficient.message).toMatch(/invalid coefficient: -1/);
    expect(thrown(() => zLoss(3)).code).toBe('INVALID_SHAPE');
    expect(thrown(() => zLoss({ data: [], shape: [2, 0] })).message).toMatch(/non-empty class axis/);
    expect(thrown(() => zLoss([0], { reduction: 'max' as 'sum' })).code).toBe('INVALID_OPTION');
  });
});

describe('zLossWithGrad', () => {
  it('zLossWithGrad gradient is 2·c·log Z·softmax(x)', () => {
    const { grad } = zLossWithGrad([0, 0], { coefficient: 1 });
    expect(Array.from(grad.data)).toEqual([LN2, LN2]);
    const masked = zLossWithGrad([0, -Infinity, 0], { coefficient: 1, reduction: 'sum' });
    expect(Array.from(masked.grad.data)).toEqual([LN2, 0, LN2]);
  });

  it('zLossWithGrad matches central differences on (N, C, d) logits', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -6, max: 6, noNaN: true }), { minLength: 12, maxLength: 12 }),
        fc.constantFrom<'mean' | 'sum'>('mean', 'sum'),
        (x, reduction) => {
          const shape = [2, 3, 2];
          const options = { coefficient: 0.1, reduction };
          const { grad } = zLossWithGrad({ data: x, shape }, options);
          const numeric = centralDifferences((z) => zLoss({ data: z, shape }, options), x);
          expectGradientClose(grad.data, numeric);
        },
      ),
      { numRuns: 100, seed: 11 },
    );
  });

  it("zLossWithGrad scales by a per-row gradOutput for 'none' and writes in place", () => {
    const logits = new Float64Array([0, 0, 1, -1]);
    const input = { data: logits, shape: [2, 2] };
    const fresh = zLossWithGrad(input, { coefficient: 1, reduction: 'none', gradOutput: [2, 0] });
    expect((fresh.loss as Tensor).shape).toEqual([2]);
    expect(Array.from(fresh.grad.data)).toEqual([2 * LN2, 2 * LN2, 0, 0]);
    const inPlace = zLossWithGrad(input, {
      coefficient: 1,
      reduction: 'none',
      gradOutput: [2, 0],
      out: logits,
    });
    expect(inPlace.grad.data).toBe(logits);
    expect(Array.from(logits)).toEqual(Array.from(fresh.grad.data));
  });
});
