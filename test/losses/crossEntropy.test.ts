import { describe, expect, it } from 'vitest';
import {
  crossEntropyLoss,
  crossEntropyLossWithGrad,
  nllLoss,
  nllLossWithGrad,
  type Tensor,
} from '../../src/index.js';
import { thrown } from './gradientCheck.js';

const LN2 = Math.LN2;

describe('crossEntropyLoss values (hand math)', () => {
  it('crossEntropyLoss([0, 0], 0) is ln 2 and its gradient is softmax − one-hot', () => {
    const { loss, grad } = crossEntropyLossWithGrad([0, 0], 0);
    expect(loss).toBe(LN2);
    expect(Array.from(grad.data)).toEqual([-0.5, 0.5]);
  });

  it('crossEntropyLoss(probabilities) reproduces the article: −ln 0.7 for [0.1, 0.2, 0.7] labelled 2', () => {
    expect(crossEntropyLoss([0.1, 0.2, 0.7], 2, { from: 'probabilities' })).toBe(-Math.log(0.7));
    expect(crossEntropyLoss([0.7, 0.2, 0.1], [1, 0, 0], { from: 'probabilities' })).toBe(-Math.log(0.7));
  });

  it("crossEntropyLoss 'mean' divides by the summed weights of the targets, not by N", () => {
    // Two uniform rows over 2 classes: each element loss is w[y]·ln 2.
    const loss = crossEntropyLoss(
      [
        [0, 0],
        [0, 0],
      ],
      [0, 1],
      { weight: [1, 3] },
    );
    expect(loss).toBeCloseTo((1 * LN2 + 3 * LN2) / (1 + 3), 15);
    const sum = crossEntropyLoss([[0, 0]], [1], { weight: [1, 3], reduction: 'sum' });
    expect(sum).toBeCloseTo(3 * LN2, 15);
  });

  it('crossEntropyLoss skips ignoreIndex targets and is NaN when every target is ignored (as PyTorch)', () => {
    const logits = [
      [0, 0],
      [5, -5],
    ];
    expect(crossEntropyLoss(logits, [0, -100])).toBe(LN2);
    expect(crossEntropyLoss(logits, [7, 0], { ignoreIndex: 7 })).toBeCloseTo(Math.log1p(Math.exp(-10)), 15);
    expect(crossEntropyLoss(logits, [-100, -100])).toBeNaN();
    expect(crossEntropyLoss(logits, [-100, -100], { reduction: 'sum' })).toBe(0);
    const { grad } = crossEntropyLossWithGrad(logits, [-100, 0]);
    expect(Array.from(grad.data.subarray(0, 2))).toEqual([0, 0]);
  });

  it('crossEntropyLoss with label smoothing is (1 − ε)·nll + (ε/C)·Σ −log p', () => {
    const eps = 0.3;
    const p = [Math.exp(1), 1, Math.exp(-1)].map((v, _, a) => v / (a[0] + a[1] + a[2]));
    const expected =
      (1 - eps) * -Math.log(p[0]) + (eps / 3) * -(Math.log(p[0]) + Math.log(p[1]) + Math.log(p[2]));
    expect(crossEntropyLoss([1, 0, -1], 0, { labelSmoothing: eps })).toBeCloseTo(expected, 14);
  });

  it('crossEntropyLoss treats −Infinity logits as masks: finite unless the target needs the class', () => {
    const masked = [0, -Infinity, 0];
    expect(crossEntropyLoss(masked, 0)).toBe(LN2);
    expect(crossEntropyLoss(masked, 1)).toBe(Infinity);
    expect(crossEntropyLoss(masked, 0, { labelSmoothing: 0.1 })).toBe(Infinity);
    expect(crossEntropyLoss(masked, [0.5, 0, 0.5])).toBe(LN2);
    const { grad } = crossEntropyLossWithGrad(masked, 0);
    expect(Array.from(grad.data)).toEqual([-0.5, 0, 0.5]);
  });

  it('crossEntropyLoss throws ALL_MASKED for a row of −Infinity unless that row is ignored', () => {
    const logits = [
      [0, 1],
      [-Infinity, -Infinity],
    ];
    const error = thrown(() => crossEntropyLoss(logits, [0, 1]));
    expect(error.code).toBe('ALL_MASKED');
    expect(error.message).toMatch(/input\[1, 0\]/);
    expect(crossEntropyLoss(logits, [1, -100])).toBeCloseTo(Math.log1p(Math.exp(-1)), 15);
  });

  it('crossEntropyLoss propagates NaN to that element only', () => {
    const loss = crossEntropyLoss(
      [
        [Number.NaN, 0],
        [0, 0],
      ],
      [0, 1],
      { reduction: 'none' },
    );
    expect(loss.data[0]).toBeNaN();
    expect(loss.data[1]).toBe(LN2);
  });

  it('crossEntropyLoss does not overflow on logits of ±1e4', () => {
    expect(crossEntropyLoss([1e4, -1e4], 0)).toBe(0);
    expect(crossEntropyLoss([1e4, -1e4], 1)).toBe(2e4);
  });

  it('crossEntropyLoss on (N, C, d) equals the same lanes laid out as (N·d, C)', () => {
    // input[n][c][i], classes on axis 1; lanes are (n, i).
    const input = { data: Float64Array.from([1, 2, 3, 0, -1, 0.5, 2, 2, 0, 1, 1, 4]), shape: [2, 3, 2] };
    const target = [
      [2, 0],
      [1, 2],
    ];
    const rows = [
      [1, 3, -1],
      [2, 0, 0.5],
      [2, 0, 1],
      [2, 1, 4],
    ];
    const perLane = crossEntropyLoss(input, target, { reduction: 'none' });
    expect(perLane.shape).toEqual([2, 2]);
    expect(Array.from(perLane.data)).toEqual(
      Array.from(crossEntropyLoss(rows, [2, 0, 1, 2], { reduction: 'none' }).data),
    );
  });

  it('crossEntropyLoss({ base: 2 }) is the loss in bits', () => {
    expect(crossEntropyLoss([0, 0], 1, { base: 2 })).toBeCloseTo(1, 15);
  });

  it('crossEntropyLoss({ sampleWeight }) is the weighted mean of the per-element losses', () => {
    const logits = [
      [0, 0],
      [2, 0],
    ];
    const perElement = crossEntropyLoss(logits, [0, 0], { reduction: 'none' }).data;
    const weighted = crossEntropyLoss(logits, [0, 0], { sampleWeight: [1, 3] });
    expect(weighted).toBeCloseTo((perElement[0] + 3 * perElement[1]) / 4, 15);
  });

  it('crossEntropyLoss(from: probabilities, eps) clips before the log', () => {
    expect(crossEntropyLoss([1, 0], 1, { from: 'probabilities' })).toBe(Infinity);
    expect(crossEntropyLoss([1, 0], 1, { from: 'probabilities', eps: 1e-15 })).toBeCloseTo(
      -Math.log(1e-15),
      12,
    );
  });
});

describe('crossEntropyLoss dtypes, out and gradOutput', () => {
  it('crossEntropyLoss(Float32Array) returns float32 per-element losses and gradients', () => {
    const input = { data: Float32Array.from([0, 0, 1, 2]), shape: [2, 2] };
    const { loss, grad } = crossEntropyLossWithGrad(input, [0, 1], { reduction: 'none' });
    expect(loss.dtype).toBe('float32');
    expect(grad.dtype).toBe('float32');
    expect(loss.data[0]).toBe(Math.fround(LN2));
  });

  it('crossEntropyLossWithGrad writes the gradient in place when out is the input buffer', () => {
    const data = Float64Array.from([1, -2, 0.5, 3, 0, -1]);
    const fresh = crossEntropyLossWithGrad({ data, shape: [2, 3] }, [2, 0]);
    const inPlace = crossEntropyLossWithGrad({ data, shape: [2, 3] }, [2, 0], { out: data });
    expect(inPlace.loss).toBe(fresh.loss);
    expect(inPlace.grad.data).toBe(data);
    expect(Array.from(data)).toEqual(Array.from(fresh.grad.data));
  });

  it('crossEntropyLossWithGrad scales by gradOutput (a number, or per element for none)', () => {
    const logits = [
      [0, 0],
      [1, 0],
    ];
    const base = crossEntropyLossWithGrad(logits, [0, 1], { reduction: 'sum' }).grad.data;
    const doubled = crossEntropyLossWithGrad(logits, [0, 1], { reduction: 'sum', gradOutput: 2 }).grad.data;
    expect(Array.from(doubled)).toEqual(Array.from(base).map((g) => 2 * g));
    const perElement = crossEntropyLossWithGrad(logits, [0, 1], { reduction: 'none', gradOutput: [0, 3] })
      .grad.data;
    const expected = [0, 0, 3 * base[2], 3 * base[3]];
    for (const [i, g] of perElement.entries()) expect(g).toBeCloseTo(expected[i], 15);
  });
});

describe('crossEntropyLoss errors name the position, the value and the fix', () => {
  const logits = [
    [0, 1, 2],
    [1, 1, 1],
  ];
  it.each([
    [
      'a target shape that fits neither form',
      () => crossEntropyLoss(logits, [0, 1, 2]),
      'SHAPE_MISMATCH',
      /target has shape \(3\)/,
    ],
    [
      'a class index out of range',
      () => crossEntropyLoss(logits, [0, 3]),
      'INDEX_OUT_OF_RANGE',
      /target\[1\] = 3 is not a class index for 3 classes; use an integer in \[0, 2\], or ignoreIndex \(-100\)/,
    ],
    [
      'a fractional class index',
      () => crossEntropyLoss(logits, [0.5, 1]),
      'INDEX_OUT_OF_RANGE',
      /target\[0\] = 0\.5/,
    ],
    [
      'a NaN target probability',
      () =>
        crossEntropyLoss(logits, [
          [Number.NaN, 0.5, 0.5],
          [0, 0, 1],
        ]),
      'INVALID_VALUE',
      /target\[0, 0\] is NaN/,
    ],
    [
      'a negative target probability',
      () =>
        crossEntropyLoss(logits, [
          [-0.5, 0.5, 1],
          [0, 0, 1],
        ]),
      'INVALID_PROBABILITY',
      /target\[0, 0\] = -0\.5/,
    ],
    [
      'target probabilities that do not sum to 1',
      () =>
        crossEntropyLoss(logits, [
          [0.5, 0.4, 0],
          [0, 0, 1],
        ]),
      'NOT_NORMALIZED',
      /sums to 0\.9/,
    ],
    [
      'input probabilities that do not sum to 1',
      () => crossEntropyLoss(logits, [0, 1], { from: 'probabilities' }),
      'INVALID_PROBABILITY',
      /input\[0, 2\] = 2 is not a probability/,
    ],
    [
      'a weight of the wrong length',
      () => crossEntropyLoss(logits, [0, 1], { weight: [1, 2] }),
      'SHAPE_MISMATCH',
      /weight has shape \(2\) but the input has 3 classes/,
    ],
    [
      'a NaN weight',
      () => crossEntropyLoss(logits, [0, 1], { weight: [1, Number.NaN, 1] }),
      'INVALID_VALUE',
      /weight\[1\] is NaN/,
    ],
    [
      'labelSmoothing above 1',
      () => crossEntropyLoss(logits, [0, 1], { labelSmoothing: 1.5 }),
      'INVALID_OPTION',
      /invalid labelSmoothing: 1\.5; use a number in \[0, 1\]/,
    ],
    [
      'an unknown reduction',
      () => crossEntropyLoss(logits, [0, 1], { reduction: 'avg' as 'mean' }),
      'INVALID_OPTION',
      /invalid reduction: "avg"/,
    ],
    [
      'an unknown from',
      () => crossEntropyLoss(logits, [0, 1], { from: 'scores' as 'logits' }),
      'INVALID_OPTION',
      /invalid from/,
    ],
    [
      'eps with logits',
      () => crossEntropyLoss(logits, [0, 1], { eps: 1e-7 }),
      'INVALID_OPTION',
      /only with from: 'probabilities'/,
    ],
    [
      'eps of 0.5',
      () => crossEntropyLoss([0.5, 0.5], 0, { from: 'probabilities', eps: 0.5 }),
      'INVALID_OPTION',
      /eps/,
    ],
    [
      'a fractional ignoreIndex',
      () => crossEntropyLoss(logits, [0, 1], { ignoreIndex: 0.5 }),
      'INVALID_OPTION',
      /ignoreIndex/,
    ],
    [
      'a negative sample weight',
      () => crossEntropyLoss(logits, [0, 1], { sampleWeight: [1, -1] }),
      'INVALID_VALUE',
      /sampleWeight\[1\] = -1/,
    ],
    [
      'a sample weight of the wrong shape',
      () => crossEntropyLoss(logits, [0, 1], { sampleWeight: [1] }),
      'SHAPE_MISMATCH',
      /sampleWeight has shape \(1\)/,
    ],
    ['a scalar input', () => crossEntropyLoss(1, 0), 'INVALID_SHAPE', /input has shape \(\)/],
    ['a ragged input', () => crossEntropyLoss([[0, 1], [1]], [0, 0]), 'INVALID_INPUT', /ragged/],
    [
      'an out buffer of the wrong length',
      () => crossEntropyLossWithGrad(logits, [0, 1], { out: new Float64Array(5) }),
      'INVALID_OPTION',
      /out must be .* of length 6/,
    ],
    [
      'a gradOutput of the wrong shape',
      () => crossEntropyLossWithGrad(logits, [0, 1], { reduction: 'none', gradOutput: [1] }),
      'SHAPE_MISMATCH',
      /gradOutput has shape \(1\)/,
    ],
    [
      'an array gradOutput for mean',
      () => crossEntropyLossWithGrad(logits, [0, 1], { gradOutput: [1, 1] }),
      'INVALID_OPTION',
      /gradOutput must be a number/,
    ],
  ] as const)('crossEntropyLoss rejects %s', (_, call, code, message) => {
    const error = thrown(call);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.message.startsWith('crossEntropyLoss')).toBe(true);
  });
});

describe('nllLoss', () => {
  it('nllLoss(logProbs, target) is −logProbs[target], averaged with weights', () => {
    expect(nllLoss([[-0.5, -1]], [1])).toBe(1);
    expect(
      nllLoss(
        [
          [-0.5, -1],
          [-2, -0.1],
        ],
        [1, 0],
        { weight: [3, 1] },
      ),
    ).toBeCloseTo((1 * 1 + 3 * 2) / 4, 15);
    expect((nllLoss([[-0.5, -1]], [-100], { reduction: 'none' }) as Tensor).data[0]).toBe(0);
  });

  it('nllLossWithGrad puts −weight/denominator at each target class', () => {
    const { grad } = nllLossWithGrad(
      [
        [-0.5, -1],
        [-2, -0.1],
      ],
      [1, 0],
      { weight: [3, 1] },
    );
    expect(Array.from(grad.data)).toEqual([0, -1 / 4, -3 / 4, 0]);
  });

  it('nllLoss rejects probability-shaped targets', () => {
    expect(() => nllLoss([[-0.5, -1]], [[0.5, 0.5]])).toThrow(/nllLoss takes class indices/);
  });
});
