import { describe, expect, it } from 'vitest';
import {
  type PoissonNllLossOptions,
  poissonNllLoss,
  poissonNllLossWithGrad,
  type Tensor,
} from '../../src/index.js';
import { centralDifferences, expectGradientClose, thrown } from './gradientCheck.js';

describe('poissonNllLoss values (hand math)', () => {
  it('poissonNllLoss(log λ, t) is exp(x) − t·x: x = 0, t = 1 gives 1; x = ln 2, t = 3 gives 2 − 3·ln 2', () => {
    expect(poissonNllLoss([0], [1])).toBe(1);
    expect(poissonNllLoss([Math.LN2], [3])).toBeCloseTo(2 - 3 * Math.LN2, 15);
  });

  it('poissonNllLoss(…, { full: true }) adds Stirling only where t > 1', () => {
    // t = 2, λ = 2: 2 − 2·ln 2 + (2·ln 2 − 2 + ½·ln(4π)) = ½·ln(4π).
    expect(poissonNllLoss([Math.LN2], [2], { full: true })).toBeCloseTo(0.5 * Math.log(4 * Math.PI), 15);
    expect(poissonNllLoss([0, 0], [0, 1], { full: true, reduction: 'sum' })).toBe(
      poissonNllLoss([0, 0], [0, 1], { reduction: 'sum' }),
    );
  });

  it('poissonNllLoss(λ, t, { logInput: false }) is λ − t·log(λ + eps)', () => {
    expect(poissonNllLoss([0], [0], { logInput: false })).toBe(0);
    expect(poissonNllLoss([0], [1], { logInput: false })).toBeCloseTo(-Math.log(1e-8), 12);
    expect(poissonNllLoss([0], [1], { logInput: false, eps: 1 })).toBe(0);
    expect(poissonNllLoss([-1], [1], { logInput: false })).toBeNaN();
  });

  it("poissonNllLoss with reduction 'none' keeps the input's shape and dtype", () => {
    const none = poissonNllLoss(
      { data: Float32Array.of(0, 1, 2, 3), shape: [2, 2] },
      [
        [1, 0],
        [2, 5],
      ],
      {
        reduction: 'none',
      },
    ) as Tensor;
    expect(none.shape).toEqual([2, 2]);
    expect(none.data).toBeInstanceOf(Float32Array);
  });

  it('poissonNllLoss rejects a negative or NaN target and bad options, naming them', () => {
    const negative = thrown(() => poissonNllLoss([0, 0], [1, -2]));
    expect(negative.code).toBe('INVALID_VALUE');
    expect(negative.message).toBe(
      'poissonNllLoss: target[1] = -2 is negative; a Poisson target is a count (a number ≥ 0)',
    );
    expect(thrown(() => poissonNllLoss([0], [Number.NaN])).code).toBe('INVALID_VALUE');
    expect(thrown(() => poissonNllLoss([0], [1], { eps: -1 })).argument).toBe('eps');
    expect(thrown(() => poissonNllLoss([0], [1], { full: 1 as unknown as boolean })).message).toMatch(
      /invalid full: 1; use true or false/,
    );
    expect(thrown(() => poissonNllLoss([0, 1], [1])).code).toBe('SHAPE_MISMATCH');
  });
});

describe('poissonNllLossWithGrad', () => {
  const x = [0.3, -1.2, 2, 0.7];
  const t = [1, 0, 4, 2.5];

  it.each<[string, PoissonNllLossOptions<'mean' | 'sum'>]>([
    ['log input', { reduction: 'sum' }],
    ['log input, full, mean', { full: true }],
    ['rates', { logInput: false, reduction: 'sum', eps: 1e-3 }],
  ])('poissonNllLossWithGrad (%s) matches central differences', (_, options) => {
    const input = options.logInput === false ? x.map(Math.abs) : x;
    const analytic = poissonNllLossWithGrad(input, t, options).grad.data;
    const numeric = centralDifferences(
      (point) => poissonNllLoss(Array.from(point), t, options) as number,
      input,
    );
    expectGradientClose(analytic, numeric);
  });
});
