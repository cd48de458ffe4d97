// The API conventions of docs/API.md, held for every loss at once: 'none' returns a Tensor (0-d
// for a single sample), every loss takes `base`, the same mistake gets the same error code.
import { describe, expect, it } from 'vitest';
import {
  binaryCrossEntropy,
  binaryCrossEntropyWithGrad,
  binaryCrossEntropyWithLogits,
  binaryCrossEntropyWithLogitsWithGrad,
  crossEntropyLoss,
  crossEntropyLossWithGrad,
  klDivLoss,
  klDivLossWithGrad,
  multiLabelCrossEntropy,
  multiLabelCrossEntropyWithGrad,
  nllLoss,
  nllLossWithGrad,
  poissonNllLoss,
  poissonNllLossWithGrad,
  sigmoidFocalLoss,
  sigmoidFocalLossWithGrad,
  Tensor,
  XentError,
  zLoss,
  zLossWithGrad,
} from '../src/index.js';

type Options = Record<string, unknown>;
type Loss = (options: Options) => unknown;
type LossWithGrad = (options: Options) => { loss: unknown; grad: Tensor };

/** Each loss on one small sample (a 1-D input), and its …WithGrad, taking extra options. */
const losses: [string, Loss, LossWithGrad][] = [
  [
    'crossEntropyLoss',
    (o) => crossEntropyLoss([2, 0, -1], 0, o),
    (o) => crossEntropyLossWithGrad([2, 0, -1], 0, o),
  ],
  ['nllLoss', (o) => nllLoss([-0.5, -1], 1, o), (o) => nllLossWithGrad([-0.5, -1], 1, o)],
  [
    'binaryCrossEntropy',
    (o) => binaryCrossEntropy([0.3, 0.9], [1, 0], o),
    (o) => binaryCrossEntropyWithGrad([0.3, 0.9], [1, 0], o),
  ],
  [
    'binaryCrossEntropyWithLogits',
    (o) => binaryCrossEntropyWithLogits([0.5, -2], [1, 0], o),
    (o) => binaryCrossEntropyWithLogitsWithGrad([0.5, -2], [1, 0], o),
  ],
  [
    'multiLabelCrossEntropy',
    (o) => multiLabelCrossEntropy([0.5, -2], [1, 0], o),
    (o) => multiLabelCrossEntropyWithGrad([0.5, -2], [1, 0], o),
  ],
  [
    'sigmoidFocalLoss',
    (o) => sigmoidFocalLoss([0.5, -2], [1, 0], o),
    (o) => sigmoidFocalLossWithGrad([0.5, -2], [1, 0], o),
  ],
  [
    'klDivLoss',
    (o) => klDivLoss([Math.log(0.25), Math.log(0.75)], [0.5, 0.5], o),
    (o) => klDivLossWithGrad([Math.log(0.25), Math.log(0.75)], [0.5, 0.5], o),
  ],
  ['zLoss', (o) => zLoss([1, 2, 3], o), (o) => zLossWithGrad([1, 2, 3], o)],
  [
    'poissonNllLoss',
    (o) => poissonNllLoss([0.5, -1], [2, 0], { full: true, ...o }),
    (o) => poissonNllLossWithGrad([0.5, -1], [2, 0], { full: true, ...o }),
  ],
];

/** The number of loss elements of each call above with reduction 'none' (a single sample: 0-d). */
const noneShape: Record<string, number[]> = {
  crossEntropyLoss: [],
  nllLoss: [],
  binaryCrossEntropy: [2],
  binaryCrossEntropyWithLogits: [2],
  multiLabelCrossEntropy: [],
  sigmoidFocalLoss: [2],
  klDivLoss: [2],
  zLoss: [],
  poissonNllLoss: [2],
};

describe('every loss follows one convention', () => {
  for (const [name, loss, withGrad] of losses) {
    it(`${name}: 'none' returns a Tensor (0-d for one sample); 'sum' a number`, () => {
      const none = loss({ reduction: 'none' });
      expect(none).toBeInstanceOf(Tensor);
      expect((none as Tensor).shape).toEqual(noneShape[name]);
      expect(typeof loss({ reduction: 'sum' })).toBe('number');
    });

    it(`${name}: { base: 2 } is the loss in bits, value and gradient (the nats divided by ln 2)`, () => {
      // zLoss squares a log: (log₂ Z)² = (ln Z)² / (ln 2)².
      const divisor = name === 'zLoss' ? Math.LN2 ** 2 : Math.LN2;
      const nats = withGrad({ reduction: 'sum' });
      const bits = withGrad({ reduction: 'sum', base: 2 });
      expect(bits.loss as number).toBeCloseTo((nats.loss as number) / divisor, 14);
      Array.from(bits.grad.data).forEach((g, i) => {
        expect(g).toBeCloseTo(nats.grad.data[i] / divisor, 14);
      });
      expect(() => loss({ base: 1 })).toThrow(XentError);
    });
  }

  it('a NaN target is INVALID_VALUE in every family that takes targets', () => {
    const calls: [string, () => unknown][] = [
      ['crossEntropyLoss (index)', () => crossEntropyLoss([[0, 1]], [Number.NaN])],
      ['crossEntropyLoss (probability)', () => crossEntropyLoss([[0, 1]], [[Number.NaN, 1]])],
      ['nllLoss', () => nllLoss([[-1, -1]], [Number.NaN])],
      ['binaryCrossEntropy', () => binaryCrossEntropy([0.5], [Number.NaN])],
      ['binaryCrossEntropyWithLogits', () => binaryCrossEntropyWithLogits([0], [Number.NaN])],
      ['multiLabelCrossEntropy', () => multiLabelCrossEntropy([0, 0], [1, Number.NaN])],
      ['sigmoidFocalLoss', () => sigmoidFocalLoss([0], [Number.NaN])],
      ['klDivLoss', () => klDivLoss([0], [Number.NaN])],
      ['poissonNllLoss', () => poissonNllLoss([0], [Number.NaN])],
    ];
    for (const [name, call] of calls) {
      let code: string | undefined;
      try {
        call();
      } catch (error) {
        code = (error as XentError).code;
      }
      expect(code, name).toBe('INVALID_VALUE');
    }
  });
});

describe('crossEntropyLoss({ temperature })', () => {
  it('crossEntropyLoss([2, 0], 0, { temperature: 2 }) is the loss of the logits / 2: ln(1 + e^−1)', () => {
    expect(crossEntropyLoss([2, 0], 0, { temperature: 2 })).toBeCloseTo(Math.log1p(Math.exp(-1)), 15);
  });

  it('crossEntropyLossWithGrad divides the softmax gradient by T: (softmax(x/T) − onehot) / T', () => {
    const p0 = 1 / (1 + Math.exp(-1));
    const { grad } = crossEntropyLossWithGrad([2, 0], 0, { temperature: 2 });
    expect(grad.data[0]).toBeCloseTo((p0 - 1) / 2, 15);
    expect(grad.data[1]).toBeCloseTo((1 - p0) / 2, 15);
  });

  it('temperature applies to logits only, and must be positive and finite', () => {
    expect(() => crossEntropyLoss([0.5, 0.5], 0, { from: 'probabilities', temperature: 2 })).toThrow(
      "temperature divides logits; it applies only with from: 'logits'",
    );
    expect(() => crossEntropyLoss([0, 0], 0, { temperature: 0 })).toThrow('invalid temperature: 0');
  });
});
