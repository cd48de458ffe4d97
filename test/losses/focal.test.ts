import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binaryCrossEntropyWithLogits, sigmoidFocalLoss, sigmoidFocalLossWithGrad } from '../../src/index.js';
import { centralDifferences, expectGradientClose, thrown } from './gradientCheck.js';

const LN2 = Math.LN2;
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** torchvision.ops.sigmoid_focal_loss, transcribed term by term for one element. */
function torchvisionFocal(x: number, t: number, alpha = 0.25, gamma = 2): number {
  const p = sigmoid(x);
  const ce = -(t * Math.log(p) + (1 - t) * Math.log(1 - p));
  const pT = p * t + (1 - p) * (1 - t);
  const loss = ce * (1 - pT) ** gamma;
  return alpha >= 0 ? (alpha * t + (1 - alpha) * (1 - t)) * loss : loss;
}

describe('sigmoidFocalLoss values', () => {
  it('sigmoidFocalLoss(0, t) is α_t·ln 2·(1/2)^γ', () => {
    expect(sigmoidFocalLoss([0], [1])).toBe(0.25 * LN2 * 0.25);
    expect(sigmoidFocalLoss([0], [0])).toBe(0.75 * LN2 * 0.25);
    expect(sigmoidFocalLoss([0], [1], { gamma: 1, alpha: 0.5 })).toBe(0.5 * LN2 * 0.5);
  });

  it('sigmoidFocalLoss matches the torchvision formula for hard and soft targets', () => {
    const x = [-3, -0.5, 0.75, 2.5, 4];
    const t = [0, 1, 0.3, 1, 0];
    const none = sigmoidFocalLoss(x, t, { reduction: 'none', alpha: 0.4, gamma: 1.5 });
    x.forEach((v, i) => {
      expect(none.data[i]).toBeCloseTo(torchvisionFocal(v, t[i], 0.4, 1.5), 14);
    });
    const mean = x.reduce((s, v, i) => s + torchvisionFocal(v, t[i]), 0) / x.length;
    expect(sigmoidFocalLoss(x, t)).toBeCloseTo(mean, 14);
    expect(sigmoidFocalLoss(x, t, { reduction: 'sum' })).toBeCloseTo(mean * x.length, 13);
  });

  it('sigmoidFocalLoss with γ = 0 and α < 0 is binary cross-entropy from logits', () => {
    const x = [-2, 0.5, 3];
    const t = [1, 0.5, 0];
    expect(sigmoidFocalLoss(x, t, { gamma: 0, alpha: -1 })).toBeCloseTo(
      binaryCrossEntropyWithLogits(x, t),
      15,
    );
  });

  it('sigmoidFocalLoss keeps its precision for confident right answers and limits at ±Infinity', () => {
    // For x = 40, t = 1: ce ≈ e^−40 and 1 − p_t = σ(−40) ≈ e^−40; 1 − p in float64 would be 0.
    const loss = sigmoidFocalLoss([40], [1], { reduction: 'sum' });
    expect(loss / (0.25 * Math.exp(-40) * Math.exp(-80))).toBeCloseTo(1, 10);
    const limits = sigmoidFocalLoss([Infinity, -Infinity, Infinity, -Infinity], [1, 0, 0, 1], {
      reduction: 'none',
    });
    expect(Array.from(limits.data)).toEqual([0, 0, Infinity, Infinity]);
  });

  it('sigmoidFocalLoss propagates NaN to that element and keeps float32', () => {
    const loss = sigmoidFocalLoss(new Float32Array([0, Number.NaN]), [1, 1], { reduction: 'none' });
    expect(loss.dtype).toBe('float32');
    expect(loss.data[0]).toBe(Math.fround(0.25 * LN2 * 0.25));
    expect(loss.data[1]).toBeNaN();
  });

  it('sigmoidFocalLoss rejects γ < 0, α > 1, NaN options and bad targets', () => {
    const gamma = thrown(() => sigmoidFocalLoss([0], [1], { gamma: -1 }));
    expect(gamma.code).toBe('INVALID_OPTION');
    expect(gamma.message).toMatch(/^sigmoidFocalLoss: invalid gamma: -1; use a finite number in \[0,/);
    expect(thrown(() => sigmoidFocalLoss([0], [1], { gamma: Infinity })).code).toBe('INVALID_OPTION');
    const alpha = thrown(() => sigmoidFocalLoss([0], [1], { alpha: 1.5 }));
    expect(alpha.message).toMatch(/invalid alpha: 1\.5/);
    expect(thrown(() => sigmoidFocalLoss([0], [1], { alpha: Number.NaN })).argument).toBe('alpha');
    const target = thrown(() => sigmoidFocalLoss([0, 0], [1, Number.NaN]));
    expect(target.code).toBe('INVALID_VALUE');
    expect(target.index).toBe(1);
    expect(thrown(() => sigmoidFocalLoss([0, 0], [1])).code).toBe('SHAPE_MISMATCH');
  });
});

describe('sigmoidFocalLossWithGrad', () => {
  it('sigmoidFocalLossWithGrad at x = 0, t = 1 is α·((σ − t)·q^γ + ce·γ·q^(γ−1)·(1 − 2t)·σ(1 − σ))', () => {
    const { grad } = sigmoidFocalLossWithGrad([0], [1]);
    expect(grad.data[0]).toBeCloseTo(0.25 * (-0.5 * 0.25 + LN2 * 2 * 0.5 * -1 * 0.25), 15);
  });

  it('sigmoidFocalLossWithGrad matches central differences for any logit, target, α and γ', () => {
    const element = fc.record({
      x: fc.double({ min: -8, max: 8, noNaN: true }),
      t: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    const alpha = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constant(-1));
    const gamma = fc.oneof(fc.double({ min: 0, max: 5, noNaN: true }), fc.constantFrom(0, 0.5, 1, 2));
    fc.assert(
      fc.property(fc.array(element, { minLength: 1, maxLength: 5 }), alpha, gamma, (elements, a, g) => {
        const x = elements.map((e) => e.x);
        const t = elements.map((e) => e.t);
        const options = { alpha: a, gamma: g, reduction: 'sum' as const };
        const { grad } = sigmoidFocalLossWithGrad(x, t, options);
        const numeric = centralDifferences((z) => sigmoidFocalLoss(z, t, options), x, 1e-5);
        expectGradientClose(grad.data, numeric, 1e-6);
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  it('sigmoidFocalLossWithGrad is finite where q or σ(x)·σ(−x) vanish (γ < 1, saturated or infinite logits)', () => {
    const { grad } = sigmoidFocalLossWithGrad([800, -800, Infinity, -Infinity, Infinity], [1, 0, 1, 0, 0], {
      gamma: 0.5,
      alpha: -1,
      reduction: 'sum',
    });
    // The sign of a zero is not part of the contract: + 0 folds −0 into +0.
    expect(Array.from(grad.data, (v) => v + 0)).toEqual([0, 0, 0, 0, 1]);
  });

  it('sigmoidFocalLossWithGrad writes in place and scales by gradOutput', () => {
    const logits = new Float64Array([1, -0.5, 2]);
    const fresh = sigmoidFocalLossWithGrad(logits, [1, 0, 0.5], { gradOutput: 2 });
    const unit = sigmoidFocalLossWithGrad(logits, [1, 0, 0.5]);
    const inPlace = sigmoidFocalLossWithGrad(logits, [1, 0, 0.5], { gradOutput: 2, out: logits });
    expect(inPlace.loss).toBe(fresh.loss);
    expect(Array.from(logits)).toEqual(Array.from(fresh.grad.data));
    expect(Array.from(fresh.grad.data)).toEqual(Array.from(unit.grad.data, (v) => 2 * v));
  });
});
