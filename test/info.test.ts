import { describe, expect, it } from 'vitest';
import {
  binaryEntropy,
  crossEntropy,
  entropy,
  jsDivergence,
  klDivergence,
  surprisal,
  XentError,
} from '../src/index.js';

const LN2 = Math.LN2;

describe('the article’s worked numbers', () => {
  it('surprisal(0.001, { base: 2 }) is 9.97 bits (the panda)', () => {
    // −log2(0.001) = 3·log2(10) exactly.
    expect(surprisal(0.001, { base: 2 })).toBeCloseTo(3 * Math.log2(10), 14);
    expect(surprisal(0.001, { base: 2 }).toFixed(2)).toBe('9.97');
  });

  it('entropy([0.2, 0.3, 0.5]) is −Σ p ln p', () => {
    const expected = -(0.2 * Math.log(0.2) + 0.3 * Math.log(0.3) + 0.5 * Math.log(0.5));
    expect(entropy([0.2, 0.3, 0.5])).toBeCloseTo(expected, 15);
    expect(entropy([0.2, 0.3, 0.5]).toFixed(3)).toBe('1.030');
  });

  it('crossEntropy([0, 0, 1], [0.1, 0.2, 0.7]) is −ln 0.7 = 0.357 nats', () => {
    expect(crossEntropy([0, 0, 1], [0.1, 0.2, 0.7])).toBe(-Math.log(0.7));
    expect(crossEntropy([0, 0, 1], [0.1, 0.2, 0.7]).toFixed(3)).toBe('0.357');
  });

  it('crossEntropy([1, 0, 0], [0.7, 0.2, 0.1]) answers mock question 4: −ln 0.7', () => {
    expect(crossEntropy([1, 0, 0], [0.7, 0.2, 0.1])).toBe(-Math.log(0.7));
  });
});

describe('surprisal', () => {
  it('surprisal(p) is −ln p in nats by default, 0 at p = 1, Infinity at p = 0', () => {
    expect(surprisal(Math.exp(-3))).toBeCloseTo(3, 15);
    expect(surprisal(1)).toBe(0);
    expect(surprisal(0)).toBe(Infinity);
  });

  it('surprisal(array) is elementwise and keeps float32', () => {
    const out = surprisal(new Float32Array([0.5, 0.25]), { base: 2 });
    expect(out.dtype).toBe('float32');
    expect(Array.from(out.data)).toEqual([1, 2]);
    expect(surprisal([[0.5], [1]]).shape).toEqual([2, 1]);
  });

  it('surprisal(p) rejects p outside [0, 1] and NaN, naming the index', () => {
    expect(() => surprisal([0.5, 1.5])).toThrow(/p\[1\] = 1\.5 is not a probability/);
    expect(() => surprisal(Number.NaN)).toThrow(XentError);
    try {
      surprisal([0.2, -0.1]);
    } catch (error) {
      expect(error).toBeInstanceOf(XentError);
      expect((error as XentError).code).toBe('INVALID_PROBABILITY');
      expect((error as XentError).index).toBe(1);
    }
  });

  it('surprisal(p, { base }) rejects bases that are not positive or equal 1', () => {
    for (const base of [0, -2, 1, Number.NaN, Infinity]) {
      expect(() => surprisal(0.5, { base })).toThrow(/invalid base/);
    }
    expect(surprisal(0.01, { base: 10 })).toBeCloseTo(2, 15);
  });
});

describe('entropy', () => {
  it('entropy(p) is 0 for a certain outcome and log n for the uniform distribution', () => {
    expect(entropy([0, 1, 0])).toBe(0);
    expect(entropy([0.25, 0.25, 0.25, 0.25], { base: 2 })).toBe(2);
    expect(entropy([0.5, 0.5])).toBe(LN2);
  });

  it('entropy(rows) gives one value per row of the last axis', () => {
    const h = entropy([
      [0.5, 0.5],
      [1, 0],
    ]);
    expect(h).toMatchObject({ shape: [2] });
    expect(Array.from((h as { data: Float64Array }).data)).toEqual([LN2, 0]);
  });

  it('entropy(p) rejects a distribution that does not sum to 1', () => {
    expect(() => entropy([0.2, 0.3])).toThrow(/sums to 0\.5, not 1/);
    expect(() =>
      entropy([
        [0.5, 0.5],
        [0.5, 0.6],
      ]),
    ).toThrow(/row \[1\]/);
    expect(() => entropy(0.5)).toThrow(/single number/);
  });

  it('entropy(float32) tolerates float32 rounding of a normalised row', () => {
    const p = new Float32Array(1000).fill(1 / 1000);
    expect(entropy(p)).toBeCloseTo(Math.log(1000), 5);
  });
});

describe('crossEntropy, klDivergence, jsDivergence', () => {
  it('crossEntropy(p, q) = entropy(p) + klDivergence(p, q) on the loaded coin', () => {
    const truth = [0.99, 0.01];
    const guess = [0.01, 0.99];
    const h = -(0.99 * Math.log(0.99) + 0.01 * Math.log(0.01));
    const ce = -(0.99 * Math.log(0.01) + 0.01 * Math.log(0.99));
    expect(crossEntropy(truth, guess)).toBeCloseTo(ce, 14);
    expect(klDivergence(truth, guess)).toBeCloseTo(ce - h, 14);
  });

  it('crossEntropy(p, q) is Infinity where q = 0 but p > 0, and ignores p = 0 terms', () => {
    expect(crossEntropy([0.5, 0.5], [1, 0])).toBe(Infinity);
    expect(crossEntropy([1, 0], [1, 0])).toBe(0);
    expect(klDivergence([0.5, 0.5], [1, 0])).toBe(Infinity);
  });

  it('klDivergence(p, p) is exactly 0; jsDivergence of disjoint supports is 1 bit', () => {
    expect(klDivergence([0.1, 0.9], [0.1, 0.9])).toBe(0);
    expect(jsDivergence([1, 0], [0, 1], { base: 2 })).toBe(1);
    expect(jsDivergence([0.3, 0.7], [0.3, 0.7])).toBe(0);
  });

  it('crossEntropy(p, q) rejects shapes that differ and invalid q', () => {
    expect(() => crossEntropy([0.5, 0.5], [0.2, 0.3, 0.5])).toThrow(
      /p has shape \(2\) but q has shape \(3\)/,
    );
    expect(() => crossEntropy([0.5, 0.5], [Number.NaN, 1])).toThrow(/q\[0\] is NaN/);
  });
});

describe('binaryEntropy', () => {
  it('binaryEntropy(p) peaks at 1 bit for p = 0.5 and is 0 at the ends', () => {
    expect(binaryEntropy(0.5, { base: 2 })).toBe(1);
    expect(binaryEntropy(0)).toBe(0);
    expect(binaryEntropy(1)).toBe(0);
    const [low, high] = Array.from(binaryEntropy([0.1, 0.9]).data);
    expect(low).toBeCloseTo(-(0.1 * Math.log(0.1) + 0.9 * Math.log(0.9)), 15);
    expect(high).toBeCloseTo(low, 15);
    expect(() => binaryEntropy(2)).toThrow(/not a probability/);
  });
});
