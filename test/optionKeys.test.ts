// Issue #12: an unknown option key is refused, never silently ignored. The table below calls every
// public function that takes an options object; a public export missing from both lists fails.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import * as xent from '../src/index.js';
import { XentError } from '../src/index.js';
import * as xentTfjs from '../src/tfjs/index.js';

type Options = Record<string, unknown>;

const derivation = xent.explainSurprisal(0.5);
const batch = { probabilities: [[0.8, 0.2]], labels: [0] };

/** Each public function (or class) that takes options, called with valid arguments and `o`. */
const takesOptions: Record<string, (o: Options) => unknown> = {
  softmax: (o) => xent.softmax([1, 2], o),
  initKernels: (o) => xent.initKernels(o),
  logSoftmax: (o) => xent.logSoftmax([1, 2], o),
  logSumExp: (o) => xent.logSumExp([1, 2], o),
  surprisal: (o) => xent.surprisal(0.5, o),
  entropy: (o) => xent.entropy([0.5, 0.5], o),
  crossEntropy: (o) => xent.crossEntropy([0.5, 0.5], [0.5, 0.5], o),
  klDivergence: (o) => xent.klDivergence([0.5, 0.5], [0.5, 0.5], o),
  jsDivergence: (o) => xent.jsDivergence([0.5, 0.5], [0.5, 0.5], o),
  binaryEntropy: (o) => xent.binaryEntropy(0.5, o),
  crossEntropyLoss: (o) => xent.crossEntropyLoss([2, 0], 0, o),
  crossEntropyLossWithGrad: (o) => xent.crossEntropyLossWithGrad([2, 0], 0, o),
  nllLoss: (o) => xent.nllLoss([-0.5, -1], 1, o),
  nllLossWithGrad: (o) => xent.nllLossWithGrad([-0.5, -1], 1, o),
  binaryCrossEntropy: (o) => xent.binaryCrossEntropy([0.5], [1], o),
  binaryCrossEntropyWithGrad: (o) => xent.binaryCrossEntropyWithGrad([0.5], [1], o),
  binaryCrossEntropyWithLogits: (o) => xent.binaryCrossEntropyWithLogits([0], [1], o),
  binaryCrossEntropyWithLogitsWithGrad: (o) => xent.binaryCrossEntropyWithLogitsWithGrad([0], [1], o),
  multiLabelCrossEntropy: (o) => xent.multiLabelCrossEntropy([0, 1], [1, 0], o),
  multiLabelCrossEntropyWithGrad: (o) => xent.multiLabelCrossEntropyWithGrad([0, 1], [1, 0], o),
  sigmoidFocalLoss: (o) => xent.sigmoidFocalLoss([0], [1], o),
  sigmoidFocalLossWithGrad: (o) => xent.sigmoidFocalLossWithGrad([0], [1], o),
  klDivLoss: (o) => xent.klDivLoss([[-0.7, -0.7]], [[0.5, 0.5]], o),
  klDivLossWithGrad: (o) => xent.klDivLossWithGrad([[-0.7, -0.7]], [[0.5, 0.5]], o),
  zLoss: (o) => xent.zLoss([1, 2], o),
  zLossWithGrad: (o) => xent.zLossWithGrad([1, 2], o),
  poissonNllLoss: (o) => xent.poissonNllLoss([0.5], [1], o),
  poissonNllLossWithGrad: (o) => xent.poissonNllLossWithGrad([0.5], [1], o),
  fitTemperature: (o) =>
    xent.fitTemperature(
      [
        [2, 0],
        [0, 2],
        [2, 0],
      ],
      [0, 0, 0],
      o,
    ),
  fitPlatt: (o) => xent.fitPlatt([-1, 1], [0, 1], o),
  oneHot: (o) => xent.oneHot([0, 1], { numClasses: 2, ...o }),
  smoothLabels: (o) => xent.smoothLabels([0.5, 0.5], 0.1, o),
  explainSurprisal: (o) => xent.explainSurprisal(0.5, o),
  explainEntropy: (o) => xent.explainEntropy([0.5, 0.5], o),
  explainCrossEntropy: (o) => xent.explainCrossEntropy([0.5, 0.5], [0.5, 0.5], o),
  explainKlDivergence: (o) => xent.explainKlDivergence([0.5, 0.5], [0.5, 0.5], o),
  explainSoftmax: (o) => xent.explainSoftmax([0, 0], o),
  explainLoss: (o) => xent.explainLoss([0, 0], 1, o),
  renderText: (o) => xent.renderText(derivation, o),
  renderMarkdown: (o) => xent.renderMarkdown(derivation, o),
  renderLatex: (o) => xent.renderLatex(derivation, o),
  LogLossMeter: (o) => new xent.LogLossMeter(o),
  AccuracyMeter: (o) => new xent.AccuracyMeter(o),
  CalibrationMeter: (o) => new xent.CalibrationMeter(o),
  ClassificationMeter: (o) => new xent.ClassificationMeter(o),
  BrierMeter: (o) => new xent.BrierMeter(o),
  TopKAccuracyMeter: (o) => new xent.TopKAccuracyMeter(o),
  ConfusionMatrixMeter: (o) => new xent.ConfusionMatrixMeter(o),
  RankingMeter: (o) => new xent.RankingMeter(o),
  ClasswiseCalibrationMeter: (o) => new xent.ClasswiseCalibrationMeter(o),
  EqualMassCalibrationMeter: (o) => new xent.EqualMassCalibrationMeter(o),
  brierScore: (o) => xent.brierScore(batch, o),
  'ClassificationMeter.bootstrap': (o) => new xent.ClassificationMeter().update(batch).bootstrap(o),
  // A meter's batch is an options-like object too: a misspelled key would drop the weights.
  'LogLossMeter.update': (o) => new xent.LogLossMeter().update({ ...batch, ...o }),
  'ClassificationMeter.update': (o) => new xent.ClassificationMeter().update({ ...batch, ...o }),
};

/** The same for the exports of `xent/tfjs` (forward only: no gradient tape, so no registrations needed). */
const tfjsTakesOptions: Record<string, (o: Options) => unknown> = {
  sparseSoftmaxCrossEntropy: (o) => xentTfjs.sparseSoftmaxCrossEntropy([0], tf.tensor2d([[2, 0]]), o),
  softmaxCrossEntropy: (o) => xentTfjs.softmaxCrossEntropy([[1, 0]], tf.tensor2d([[2, 0]]), o),
  sigmoidCrossEntropy: (o) => xentTfjs.sigmoidCrossEntropy([1], tf.tensor1d([0]), o),
};

/** Public exports that take no options object (a value, a class of data, or plain arguments). */
const takesNoOptions = new Set([
  'XentError',
  'Tensor',
  'sigmoid',
  'logSigmoid',
  'mixup',
  'latexToText',
  'allocateKernelArray',
  'freeKernelArray',
  'isKernelArray',
  'kernelThreads',
  'setKernelThreads',
]);

function thrown(call: () => unknown): XentError {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(XentError);
    return error as XentError;
  }
  throw new Error('expected a XentError, got a result');
}

describe('unknown option keys', () => {
  it('every public export is listed as taking options or not (so a new one gets the check)', () => {
    const unlisted = Object.keys(xent).filter((name) => !(name in takesOptions) && !takesNoOptions.has(name));
    expect(unlisted).toEqual([]);
  });

  it('every export of xent/tfjs is listed as taking options', () => {
    expect(Object.keys(xentTfjs).filter((name) => !(name in tfjsTakesOptions))).toEqual([]);
  });

  for (const [name, call] of Object.entries({ ...takesOptions, ...tfjsTakesOptions })) {
    it(`${name}(…, { bogus_key: 1 }) throws INVALID_OPTION naming the key`, () => {
      expect(() => call({})).not.toThrow();
      const error = thrown(() => call({ bogus_key: 1 }));
      expect(error.code).toBe('INVALID_OPTION');
      expect(error.argument).toBe('bogus_key');
      expect(error.message).toContain('bogus_key');
    });
  }

  it("crossEntropyLoss(x, t, { label_smoothing: 0.1 }) is refused, suggesting labelSmoothing (the issue's repro)", () => {
    const error = thrown(() => xent.crossEntropyLoss([[2, 1, 0]], [0], { label_smoothing: 0.1 } as Options));
    expect(error.message).toBe(
      'crossEntropyLoss: unknown option label_smoothing; did you mean labelSmoothing? (crossEntropyLoss takes from, weight, ignoreIndex, labelSmoothing, reduction, base, sampleWeight, eps, temperature)',
    );
  });

  const suggestions: [string, () => unknown, string][] = [
    [
      'ignore_index',
      () => xent.nllLoss([-0.5, -1], 1, { ignore_index: 1 } as Options),
      'did you mean ignoreIndex?',
    ],
    [
      'pos_weight',
      () => xent.binaryCrossEntropyWithLogits([0], [1], { pos_weight: [2] } as Options),
      'did you mean posWeight?',
    ],
    [
      'from_logits',
      () => xent.crossEntropyLoss([0.5, 0.5], 0, { from_logits: false } as Options),
      "did you mean from: 'logits' (from_logits=True) or 'probabilities' (False)?",
    ],
    ['dim', () => xent.softmax([1, 2], { dim: 0 } as Options), 'did you mean axis?'],
    [
      'depth',
      () => xent.oneHot([0], { numClasses: 2, depth: 2 } as xent.OneHotOptions),
      'did you mean numClasses?',
    ],
    [
      'sample_weight',
      () => xent.crossEntropyLoss([1, 2], 0, { sample_weight: 1 } as Options),
      'did you mean sampleWeight?',
    ],
    [
      'size_average',
      () => xent.zLoss([1, 2], { size_average: false } as Options),
      "did you mean reduction: 'mean'",
    ],
    ['a typo', () => xent.sigmoidFocalLoss([0], [1], { gama: 1 } as Options), 'did you mean gamma?'],
    [
      'log_target',
      () => xent.klDivLoss([[-1]], [[-1]], { log_target: true } as Options),
      'did you mean logTarget?',
    ],
    [
      'y_true in a batch',
      () => new xent.LogLossMeter().update({ probabilities: [0.5], y_true: [1] } as never),
      'did you mean labels?',
    ],
  ];
  for (const [spelling, call, hint] of suggestions) {
    it(`suggests the xent name for ${spelling}`, () => {
      expect(thrown(call).message).toContain(hint);
    });
  }

  it('an option a function does not take at all gets no guess, only the list', () => {
    const error = thrown(() => xent.zLoss([1, 2], { bogus: 1 } as Options));
    expect(error.message).toBe('zLoss: unknown option bogus; zLoss takes reduction, base, coefficient');
  });

  it("Keras's from_logits on binaryCrossEntropy points to the logits loss", () => {
    const error = thrown(() => xent.binaryCrossEntropy([0.5], [1], { from_logits: true } as Options));
    expect(error.message).toBe(
      'binaryCrossEntropy: unknown option from_logits; for logits use binaryCrossEntropyWithLogits, or crossEntropyLoss (from logits by default) (binaryCrossEntropy takes reduction, base, weight)',
    );
  });

  it("reduction: 'batchmean' outside klDivLoss and Keras's 'sum_over_batch_size' get hints", () => {
    expect(
      thrown(() => xent.crossEntropyLoss([1, 2], 0, { reduction: 'batchmean' as 'mean' })).message,
    ).toContain("did you mean 'sum' divided by the batch size (only klDivLoss has 'batchmean')?");
    expect(
      thrown(() => xent.crossEntropyLoss([1, 2], 0, { reduction: 'sum_over_batch_size' as 'mean' })).message,
    ).toContain("did you mean 'mean'?");
    expect(thrown(() => xent.crossEntropyLoss([1, 2], 0, { reduction: 'sun' as 'mean' })).message).toContain(
      "did you mean 'sum'?",
    );
  });

  it('an options argument that is not an object is refused', () => {
    expect(thrown(() => xent.softmax([1, 2], 0 as never)).code).toBe('INVALID_OPTION');
    expect(thrown(() => xent.entropy([1], [2] as never)).message).toContain('options is');
  });
});
