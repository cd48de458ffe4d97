import { describe, expect, it } from 'vitest';
import { crossEntropyLoss, mixup, oneHot, smoothLabels } from '../src/index.js';
import { thrown } from './losses/gradientCheck.js';

/** Element by element to 15 digits: (1 − ε)·t + ε/C rounds, e.g. 0.9·1 + 0.05 = 0.9500000000000001. */
function expectClose(actual: ArrayLike<number>, expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((value, i) => {
    expect(actual[i]).toBeCloseTo(value, 15);
  });
}

describe('oneHot', () => {
  it('oneHot(labels, { numClasses }) puts a 1 at each label along a new last axis', () => {
    const encoded = oneHot([2, 0], { numClasses: 3 });
    expect(encoded.shape).toEqual([2, 3]);
    expect(encoded.dtype).toBe('float64');
    expect(encoded.toArray()).toEqual([
      [0, 0, 1],
      [1, 0, 0],
    ]);
  });

  it('oneHot takes labels of any shape and any numeric array type', () => {
    expect(
      oneHot(
        [
          [1, 0],
          [0, 1],
        ],
        { numClasses: 2 },
      ).shape,
    ).toEqual([2, 2, 2]);
    expect(oneHot(1, { numClasses: 3 }).toArray()).toEqual([0, 1, 0]);
    expect(Array.from(oneHot(new Int32Array([1, 1]), { numClasses: 2 }).data)).toEqual([0, 1, 0, 1]);
    expect(oneHot([], { numClasses: 4 }).shape).toEqual([0, 4]);
  });

  it("oneHot(labels, { numClasses, dtype: 'float32' }) returns float32", () => {
    expect(oneHot([0], { numClasses: 2, dtype: 'float32' }).data).toBeInstanceOf(Float32Array);
  });

  it('oneHot rejects labels that are not integers in [0, C − 1], naming index, value and fix', () => {
    const tooLarge = thrown(() => oneHot([0, 3], { numClasses: 3 }));
    expect(tooLarge.code).toBe('INDEX_OUT_OF_RANGE');
    expect(tooLarge.index).toBe(1);
    expect(tooLarge.value).toBe(3);
    expect(tooLarge.message).toMatch(
      /^oneHot: labels\[1\] = 3 is not a class index for 3 classes; use an integer in \[0, 2\]/,
    );
    expect(tooLarge.message).toMatch(/raise numClasses/);
    expect(thrown(() => oneHot([[0, 1.5]], { numClasses: 3 })).message).toMatch(
      /labels\[0, 1\] = 1\.5 is not a class index/,
    );
    expect(thrown(() => oneHot([-1], { numClasses: 3 })).code).toBe('INDEX_OUT_OF_RANGE');
    expect(thrown(() => oneHot([Number.NaN], { numClasses: 3 })).message).toMatch(/is NaN/);
  });

  it('oneHot rejects a numClasses that is not a positive integer and an unknown dtype', () => {
    expect(thrown(() => oneHot([0], { numClasses: 0 })).code).toBe('INVALID_OPTION');
    expect(thrown(() => oneHot([0], { numClasses: 2.5 })).message).toMatch(
      /invalid numClasses: 2\.5; use an integer/,
    );
    expect(thrown(() => oneHot([0], { numClasses: 2, dtype: 'int8' as 'float32' })).message).toMatch(
      /invalid dtype: "int8"/,
    );
  });
});

describe('smoothLabels', () => {
  it('smoothLabels(target, ε) is (1 − ε)·t + ε/C along the last axis', () => {
    expectClose(smoothLabels([0, 1], 0.1).data, [0.05, 0.95]);
    const smoothed = smoothLabels(
      [
        [1, 0, 0, 0],
        [0.5, 0.5, 0, 0],
      ],
      0.2,
    );
    expect(smoothed.shape).toEqual([2, 4]);
    expectClose(smoothed.data, [0.85, 0.05, 0.05, 0.05, 0.45, 0.45, 0.05, 0.05]);
  });

  it('smoothLabels(indices, ε, { numClasses }) builds the smoothed one-hot rows', () => {
    const smoothed = smoothLabels([1, 3], 0.2, { numClasses: 4 });
    expect(smoothed.shape).toEqual([2, 4]);
    expectClose(smoothed.data, [0.05, 0.85, 0.05, 0.05, 0.05, 0.05, 0.05, 0.85]);
    expect(smoothLabels([2], 0, { numClasses: 3 }).toArray()).toEqual([[0, 0, 1]]);
    expect(smoothLabels([2], 1, { numClasses: 4 }).toArray()).toEqual([[0.25, 0.25, 0.25, 0.25]]);
    expect(smoothLabels([0], 0.5, { numClasses: 2, dtype: 'float32' }).dtype).toBe('float32');
  });

  it('smoothLabels gives the target crossEntropyLoss builds for labelSmoothing', () => {
    const logits = [
      [1, 0, -1],
      [0.5, 2, 0],
    ];
    const smoothed = smoothLabels([0, 2], 0.3, { numClasses: 3 });
    expect(crossEntropyLoss(logits, smoothed)).toBeCloseTo(
      crossEntropyLoss(logits, [0, 2], { labelSmoothing: 0.3 }),
      14,
    );
  });

  it('smoothLabels keeps a float32 probability target float32', () => {
    expect(smoothLabels(new Float32Array([0, 1]), 0.5).dtype).toBe('float32');
  });

  it('smoothLabels rejects ε outside [0, 1], non-probability targets and a 0-d target', () => {
    const eps = thrown(() => smoothLabels([0, 1], 1.5));
    expect(eps.code).toBe('INVALID_OPTION');
    expect(eps.message).toMatch(/^smoothLabels: invalid epsilon: 1\.5; use a number in \[0, 1\]/);
    const target = thrown(() => smoothLabels([0, 2], 0.1));
    expect(target.code).toBe('INVALID_PROBABILITY');
    expect(target.message).toMatch(/target\[1\] = 2 is not a probability; .*or pass \{ numClasses \}/);
    expect(thrown(() => smoothLabels(1, 0.1)).code).toBe('INVALID_SHAPE');
    expect(thrown(() => smoothLabels([4], 0.1, { numClasses: 3 })).code).toBe('INDEX_OUT_OF_RANGE');
  });
});

describe('mixup', () => {
  it('mixup(a, b, λ) is λ·a + (1 − λ)·b', () => {
    expect(mixup([1, 0], [0, 1], 0.75).toArray()).toEqual([0.75, 0.25]);
    expect(mixup([[2, 4]], [[0, 0]], 0.5).toArray()).toEqual([[1, 2]]);
    expect(mixup([1, 2], [3, 4], 1).toArray()).toEqual([1, 2]);
    expect(mixup([1, 2], [3, 4], 0).toArray()).toEqual([3, 4]);
  });

  it('mixup is float32 only when both arguments are float32; NaN propagates', () => {
    expect(mixup(new Float32Array([1]), new Float32Array([0]), 0.5).dtype).toBe('float32');
    expect(mixup(new Float32Array([1]), [0], 0.5).dtype).toBe('float64');
    expect(mixup([Number.NaN, 1], [0, 1], 0.5).data[0]).toBeNaN();
  });

  it('mixup rejects λ outside [0, 1] and arguments of different shapes', () => {
    const lambda = thrown(() => mixup([1], [0], 1.2));
    expect(lambda.code).toBe('INVALID_OPTION');
    expect(lambda.message).toMatch(/^mixup: invalid lambda: 1\.2; use a number in \[0, 1\]/);
    expect(thrown(() => mixup([1], [0], Number.NaN)).code).toBe('INVALID_OPTION');
    const shape = thrown(() => mixup([1, 2], [[1, 2]], 0.5));
    expect(shape.code).toBe('SHAPE_MISMATCH');
    expect(shape.message).toMatch(/a has shape \(2\) but b has shape \(1, 2\)/);
  });
});
