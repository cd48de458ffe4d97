import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  binaryCrossEntropy,
  binaryCrossEntropyWithGrad,
  binaryCrossEntropyWithLogits,
  binaryCrossEntropyWithLogitsWithGrad,
  type Tensor,
} from '../../src/index.js';
import { centralDifferences, expectGradientClose, thrown } from './gradientCheck.js';

const LN2 = Math.LN2;
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

describe('binaryCrossEntropy values (hand math)', () => {
  it('binaryCrossEntropy(0.5, t) is ln 2 for every target t', () => {
    expect(binaryCrossEntropy([0.5], [1])).toBe(LN2);
    expect(binaryCrossEntropy([0.5, 0.5, 0.5], [0, 0.3, 1])).toBeCloseTo(LN2, 15);
    expect(binaryCrossEntropy(0.5, 0)).toBe(LN2);
  });

  it('binaryCrossEntropy clamps each log at −100: p = 0 against t = 1 is 100, not Infinity', () => {
    const loss = binaryCrossEntropy([0, 1, 0, 1], [1, 0, 0, 1], { reduction: 'none' });
    expect(Array.from(loss.data)).toEqual([100, 100, 0, 0]);
    // +0, not −0, for an exact hit, as PyTorch.
    expect(Object.is(loss.data[2], 0)).toBe(true);
  });

  it('binaryCrossEntropy soft targets: −(t·ln p + (1 − t)·ln(1 − p))', () => {
    const expected = -(0.3 * Math.log(0.8) + 0.7 * Math.log(0.2));
    expect(binaryCrossEntropy([0.8], [0.3])).toBeCloseTo(expected, 15);
  });

  it("binaryCrossEntropy reductions: 'mean' over elements, 'sum', 'none' with the input's shape", () => {
    const probs = [
      [0.5, 0.25],
      [0.75, 0.5],
    ];
    const target = [
      [1, 0],
      [1, 0],
    ];
    const each = [LN2, -Math.log(0.75), -Math.log(0.75), LN2];
    const none = binaryCrossEntropy(probs, target, { reduction: 'none' });
    expect(none.shape).toEqual([2, 2]);
    none.data.forEach((v, i) => {
      expect(v).toBeCloseTo(each[i], 15);
    });
    const sum = each.reduce((a, b) => a + b);
    expect(binaryCrossEntropy(probs, target, { reduction: 'sum' })).toBeCloseTo(sum, 14);
    expect(binaryCrossEntropy(probs, target)).toBeCloseTo(sum / 4, 14);
  });

  it('binaryCrossEntropy weight is elementwise and broadcasts (a per-column (C) weight, a scalar)', () => {
    const probs = [
      [0.5, 0.5],
      [0.5, 0.5],
    ];
    const target = [
      [1, 1],
      [0, 0],
    ];
    const perColumn = binaryCrossEntropy(probs, target, { weight: [1, 3], reduction: 'none' });
    expect(Array.from(perColumn.data)).toEqual([LN2, 3 * LN2, LN2, 3 * LN2]);
    expect(binaryCrossEntropy(probs, target, { weight: 2, reduction: 'sum' })).toBeCloseTo(8 * LN2, 14);
    const perRow = binaryCrossEntropy(probs, target, { weight: [[1], [0]], reduction: 'none' });
    expect(Array.from(perRow.data)).toEqual([LN2, LN2, 0, 0]);
  });

  it('binaryCrossEntropy([NaN], [1]) throws INVALID_VALUE, as F.binary_cross_entropy raises (issue #12)', () => {
    // torch 1.13: F.binary_cross_entropy(tensor([nan]), tensor([1.])) raises RuntimeError "all
    // elements of input should be between 0 and 1", in float32 and float64, with or without grad.
    const error = thrown(() => binaryCrossEntropy([Number.NaN], [1]));
    expect(error.code).toBe('INVALID_VALUE');
    expect(error.index).toBe(0);
    expect(error.message).toMatch(/^binaryCrossEntropy: probs\[0\] is NaN; /);
    expect(thrown(() => binaryCrossEntropyWithGrad(new Float32Array([0.5, Number.NaN]), [1, 1])).index).toBe(
      1,
    );
  });

  it('binaryCrossEntropy keeps float32 for float32 probs; reductions are numbers', () => {
    const loss = binaryCrossEntropy(new Float32Array([0.5, 0.25]), [1, 1], { reduction: 'none' });
    expect(loss.dtype).toBe('float32');
    expect(loss.data[1]).toBe(Math.fround(2 * LN2));
    expect(typeof binaryCrossEntropy(new Float32Array([0.5]), [1])).toBe('number');
  });
});

describe('binaryCrossEntropy errors', () => {
  it('binaryCrossEntropy rejects probs outside [0, 1], naming position, value and the logits variant', () => {
    const error = thrown(() => binaryCrossEntropy([[0.5, 1.5]], [[1, 0]]));
    expect(error.code).toBe('INVALID_PROBABILITY');
    expect(error.index).toBe(1);
    expect(error.value).toBe(1.5);
    expect(error.message).toMatch(
      /^binaryCrossEntropy: probs\[0, 1\] = 1\.5 is not a probability; .*binaryCrossEntropyWithLogits/,
    );
    expect(thrown(() => binaryCrossEntropy([-0.1], [0])).code).toBe('INVALID_PROBABILITY');
  });

  it('binaryCrossEntropy rejects a NaN target or one outside [0, 1]', () => {
    const nan = thrown(() => binaryCrossEntropy([0.5, 0.5], [0, Number.NaN]));
    expect(nan.code).toBe('INVALID_VALUE');
    expect(nan.message).toMatch(/target\[1\] is NaN; a target must be a probability in \[0, 1\]/);
    expect(thrown(() => binaryCrossEntropy([0.5], [2])).message).toMatch(
      /target\[0\] = 2 is not a probability/,
    );
  });

  it('binaryCrossEntropy names the first bad value wherever it falls: inside a block of four, a NaN before another, in the tail', () => {
    const probs = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
    const targets = probs.map(() => 1);
    const inside = [...probs];
    inside[6] = 1.5;
    expect(thrown(() => binaryCrossEntropy(inside, targets)).index).toBe(6);
    const afterNaN = [...probs];
    afterNaN[1] = Number.NaN;
    afterNaN[7] = -0.5;
    expect(thrown(() => binaryCrossEntropy(afterNaN, targets)).index).toBe(1);
    const tail = [...targets];
    tail[8] = 2;
    const error = thrown(() => binaryCrossEntropy(probs, tail));
    expect(error.argument).toBe('target');
    expect(error.index).toBe(8);
  });

  it('binaryCrossEntropy rejects mismatched shapes, a bad weight and a bad reduction', () => {
    const shape = thrown(() => binaryCrossEntropy([0.5, 0.5], [1]));
    expect(shape.code).toBe('SHAPE_MISMATCH');
    expect(shape.message).toMatch(/probs has shape \(2\) but target has shape \(1\)/);
    expect(thrown(() => binaryCrossEntropy([0.5, 0.5], [1, 1], { weight: [1, 2, 3] })).code).toBe(
      'SHAPE_MISMATCH',
    );
    expect(thrown(() => binaryCrossEntropy([0.5], [1], { weight: [Number.NaN] })).code).toBe('INVALID_VALUE');
    const reduction = thrown(() => binaryCrossEntropy([0.5], [1], { reduction: 'avg' as 'mean' }));
    expect(reduction.code).toBe('INVALID_OPTION');
    expect(reduction.message).toMatch(/invalid reduction: "avg"/);
  });
});

describe('binaryCrossEntropyWithGrad', () => {
  it("binaryCrossEntropyWithGrad gradient is PyTorch's w·(p − t) / max((1 − p)·p, 1e-12)", () => {
    expect(Array.from(binaryCrossEntropyWithGrad([0.5], [1]).grad.data)).toEqual([-2]);
    const { grad } = binaryCrossEntropyWithGrad([0, 1, 0.25], [1, 0, 0], {
      reduction: 'sum',
      weight: [1, 1, 2],
    });
    // PyTorch's epsilon is 1e-12 rounded to float32.
    expect(grad.data[0]).toBe(-1 / Math.fround(1e-12));
    expect(grad.data[1]).toBe(1 / Math.fround(1e-12));
    expect(grad.data[2]).toBeCloseTo((2 * 0.25) / (0.75 * 0.25), 14);
  });

  it('binaryCrossEntropyWithGrad matches central differences (mean, broadcast weight)', () => {
    const probs = [0.1, 0.35, 0.6, 0.9, 0.42, 0.77];
    const target = [1, 0, 0.25, 1, 0.5, 0];
    const shape = [2, 3];
    const weight = [0.5, 2, 1];
    const { grad } = binaryCrossEntropyWithGrad({ data: probs, shape }, { data: target, shape }, { weight });
    const numeric = centralDifferences(
      (x) => binaryCrossEntropy({ data: x, shape }, { data: target, shape }, { weight }),
      probs,
    );
    expectGradientClose(grad.data, numeric);
  });

  it("binaryCrossEntropyWithGrad scales by gradOutput: a number for 'mean', per element for 'none'", () => {
    const mean = binaryCrossEntropyWithGrad([0.5, 0.5], [1, 0], { gradOutput: 3 });
    expect(Array.from(mean.grad.data)).toEqual([-3, 3]);
    const none = binaryCrossEntropyWithGrad([0.5, 0.5], [1, 0], { reduction: 'none', gradOutput: [1, -2] });
    expect((none.loss as Tensor).shape).toEqual([2]);
    expect(Array.from(none.grad.data)).toEqual([-2, -4]);
  });

  it('binaryCrossEntropyWithGrad writes in place into the input buffer, equal to a fresh gradient', () => {
    const probs = new Float64Array([0.2, 0.7, 0.5]);
    const fresh = binaryCrossEntropyWithGrad(probs, [1, 0, 1]);
    const inPlace = binaryCrossEntropyWithGrad(probs, [1, 0, 1], { out: probs });
    expect(inPlace.grad.data).toBe(probs);
    expect(Array.from(probs)).toEqual(Array.from(fresh.grad.data));
    expect(inPlace.loss).toBe(fresh.loss);
  });

  it('binaryCrossEntropyWithGrad keeps float32 and checks out and gradOutput', () => {
    const { grad } = binaryCrossEntropyWithGrad(new Float32Array([0.5]), [1]);
    expect(grad.dtype).toBe('float32');
    expect(thrown(() => binaryCrossEntropyWithGrad([0.5], [1], { out: new Float64Array(2) })).code).toBe(
      'INVALID_OPTION',
    );
    expect(
      thrown(() => binaryCrossEntropyWithGrad([0.5, 0.5], [1, 1], { reduction: 'none', gradOutput: [1] }))
        .code,
    ).toBe('SHAPE_MISMATCH');
  });
});

describe('binaryCrossEntropyWithLogits values', () => {
  it('binaryCrossEntropyWithLogits(0, t) is ln 2 and equals binaryCrossEntropy(σ(x), t)', () => {
    expect(binaryCrossEntropyWithLogits([0], [1])).toBe(LN2);
    expect(binaryCrossEntropyWithLogits(0, 0.4)).toBe(LN2);
    const x = [-3, -0.5, 0.25, 2, 6];
    const t = [0, 1, 0.5, 0.9, 1];
    expect(binaryCrossEntropyWithLogits(x, t)).toBeCloseTo(binaryCrossEntropy(x.map(sigmoid), t), 12);
  });

  it('binaryCrossEntropyWithLogits does not overflow at |x| = 1e4', () => {
    const loss = binaryCrossEntropyWithLogits([1e4, -1e4, 1e4, -1e4, 1e4], [0, 1, 1, 0, 0.5], {
      reduction: 'none',
    });
    expect(Array.from(loss.data)).toEqual([1e4, 1e4, 0, 0, 5000]);
  });

  it('binaryCrossEntropyWithLogits gives the limit at ±Infinity logits (PyTorch: NaN)', () => {
    const x = [Infinity, -Infinity, Infinity, -Infinity];
    const t = [1, 0, 0, 1];
    const loss = binaryCrossEntropyWithLogits(x, t, { reduction: 'none' });
    expect(Array.from(loss.data)).toEqual([0, 0, Infinity, Infinity]);
    const { grad } = binaryCrossEntropyWithLogitsWithGrad(x, t, { reduction: 'sum' });
    expect(Array.from(grad.data)).toEqual([0, 0, 1, -1]);
  });

  it('binaryCrossEntropyWithLogits posWeight scales the positive term, one per label along the last axis', () => {
    const logits = [
      [0, 0],
      [0, 0],
    ];
    const target = [
      [1, 0],
      [1, 1],
    ];
    const loss = binaryCrossEntropyWithLogits(logits, target, { posWeight: [3, 5], reduction: 'none' });
    expect(Array.from(loss.data)).toEqual([3 * LN2, LN2, 3 * LN2, 5 * LN2]);
    // −(pw·t·log σ(x) + (1 − t)·log σ(−x)) for a soft target and a finite logit.
    const expected = -(2 * 0.3 * Math.log(sigmoid(1.5)) + 0.7 * Math.log(sigmoid(-1.5)));
    expect(binaryCrossEntropyWithLogits([1.5], [0.3], { posWeight: 2 })).toBeCloseTo(expected, 14);
    expect(binaryCrossEntropyWithLogits([-1.5], [0.3], { posWeight: [2] })).toBeCloseTo(
      -(2 * 0.3 * Math.log(sigmoid(-1.5)) + 0.7 * Math.log(sigmoid(1.5))),
      14,
    );
  });

  it('binaryCrossEntropyWithLogits weight multiplies each element, posWeight included', () => {
    const loss = binaryCrossEntropyWithLogits([0, 0], [1, 0], {
      weight: [2, 0.5],
      posWeight: 3,
      reduction: 'sum',
    });
    expect(loss).toBeCloseTo(6 * LN2 + 0.5 * LN2, 14);
  });

  it('binaryCrossEntropyWithLogits propagates NaN logits to that element only and keeps float32', () => {
    const loss = binaryCrossEntropyWithLogits(new Float32Array([0, Number.NaN, 0]), [1, 1, 0], {
      reduction: 'none',
    });
    expect(loss.dtype).toBe('float32');
    expect(loss.data[0]).toBe(Math.fround(LN2));
    expect(loss.data[1]).toBeNaN();
    expect(loss.data[2]).toBe(Math.fround(LN2));
  });

  it('binaryCrossEntropyWithLogits rejects bad targets and a posWeight that does not broadcast', () => {
    const target = thrown(() => binaryCrossEntropyWithLogits([0, 0], [1, 1.5]));
    expect(target.code).toBe('INVALID_PROBABILITY');
    expect(target.message).toMatch(/^binaryCrossEntropyWithLogits: target\[1\] = 1\.5 is not a probability/);
    const posWeight = thrown(() =>
      binaryCrossEntropyWithLogits([[0, 0]], [[1, 1]], { posWeight: [1, 2, 3] }),
    );
    expect(posWeight.code).toBe('SHAPE_MISMATCH');
    expect(posWeight.message).toMatch(/posWeight has shape \(3\)/);
    expect(thrown(() => binaryCrossEntropyWithLogits([0], [1], { posWeight: Number.NaN })).code).toBe(
      'INVALID_VALUE',
    );
  });
});

describe('binaryCrossEntropyWithLogitsWithGrad', () => {
  it('binaryCrossEntropyWithLogitsWithGrad gradient is w·(lw·σ(x) − posWeight·t)', () => {
    expect(Array.from(binaryCrossEntropyWithLogitsWithGrad([0], [1]).grad.data)).toEqual([-0.5]);
    const { grad } = binaryCrossEntropyWithLogitsWithGrad([0.5], [0.25], {
      posWeight: 3,
      weight: 2,
      reduction: 'sum',
    });
    const lw = 1 + (3 - 1) * 0.25;
    expect(grad.data[0]).toBeCloseTo(2 * (lw * sigmoid(0.5) - 3 * 0.25), 15);
  });

  it('binaryCrossEntropyWithLogitsWithGrad keeps full precision for a confident right answer', () => {
    // σ(x) − 1 at x = 40 would round to −4.4e-16 steps; −σ(−x) is exact.
    const { grad } = binaryCrossEntropyWithLogitsWithGrad([40], [1], { reduction: 'sum' });
    expect(grad.data[0]).toBeCloseTo(-Math.exp(-40) / (1 + Math.exp(-40)), 30);
    expect(grad.data[0] / (-Math.exp(-40) / (1 + Math.exp(-40)))).toBeCloseTo(1, 14);
  });

  it('binaryCrossEntropyWithLogitsWithGrad matches central differences for any logits, targets and weights', () => {
    const element = fc.record({
      x: fc.double({ min: -12, max: 12, noNaN: true }),
      t: fc.double({ min: 0, max: 1, noNaN: true }),
      posWeight: fc.double({ min: 0, max: 4, noNaN: true }),
      weight: fc.double({ min: -2, max: 2, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(element, { minLength: 1, maxLength: 6 }), (elements) => {
        const x = elements.map((e) => e.x);
        const options = {
          weight: elements.map((e) => e.weight),
          posWeight: elements.map((e) => e.posWeight),
        };
        const t = elements.map((e) => e.t);
        const { grad } = binaryCrossEntropyWithLogitsWithGrad(x, t, options);
        const numeric = centralDifferences((z) => binaryCrossEntropyWithLogits(z, t, options), x);
        expectGradientClose(grad.data, numeric, 1e-6);
      }),
      { numRuns: 200, seed: 20241125 },
    );
  });

  it('binaryCrossEntropyWithLogitsWithGrad writes in place and scales by a per-element gradOutput', () => {
    const logits = new Float32Array([1, -2, 0.5]);
    const fresh = binaryCrossEntropyWithLogitsWithGrad(logits, [1, 0, 0.5], {
      reduction: 'none',
      gradOutput: [2, 1, 0],
    });
    const inPlace = binaryCrossEntropyWithLogitsWithGrad(logits, [1, 0, 0.5], {
      reduction: 'none',
      gradOutput: [2, 1, 0],
      out: logits,
    });
    expect(inPlace.grad.data).toBe(logits);
    expect(Array.from(logits)).toEqual(Array.from(fresh.grad.data));
    expect(fresh.grad.dtype).toBe('float32');
    expect(logits[2]).toBe(0);
    expect(logits[0]).toBe(Math.fround(2 * (sigmoid(1) - 1)));
  });
});
