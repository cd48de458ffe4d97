import { checkProbabilities } from '../checks/probability.js';
import { binaryLogitsLossFast, binaryLogitsLossWithGradFast } from '../fast/binaryLogits.js';
import { checkOptionKeys } from '../optionKeys.js';
import type { Reduction } from '../options.js';
import type { TensorLike } from '../tensor.js';
import {
  GRAD_KEYS,
  type GradOptions,
  LOSS_KEYS,
  type LossOptions,
  type LossValue,
  type LossWithGrad,
  readGradientRequest,
  readLossOptions,
} from './common.js';
import {
  type BinaryLogitsProblem,
  computeLoss,
  computeLossWithGrad,
  type ElementwiseLoss,
  perElementLoss,
  readInputAndTarget,
  resolveBroadcastWeight,
  weightReader,
} from './elementwise.js';
import { bceWithLogitsDerivative, bceWithLogitsValue } from './stable.js';

export interface BinaryCrossEntropyOptions<R extends Reduction = Reduction> extends LossOptions<R> {
  /** A rescaling weight per element, broadcast to the input's shape (PyTorch's `weight`). */
  weight?: TensorLike;
}

export interface BinaryCrossEntropyWithLogitsOptions<R extends Reduction = Reduction>
  extends BinaryCrossEntropyOptions<R> {
  /**
   * The weight of the positive term, one per label: shape (C) for an input (N, C), or anything
   * that broadcasts to the input (PyTorch's `pos_weight`).
   */
  posWeight?: TensorLike;
}

export const BCE_KEYS = [
  ...LOSS_KEYS,
  'weight',
] as const satisfies readonly (keyof BinaryCrossEntropyOptions)[];
export const BCE_LOGITS_KEYS = [
  ...BCE_KEYS,
  'posWeight',
] as const satisfies readonly (keyof BinaryCrossEntropyWithLogitsOptions)[];

// PyTorch clamps each log term at −100 so that p = 0 or 1 gives a finite loss of at most 100.
const LOG_FLOOR = -100;
// PyTorch's backward divides by max((1 − p)·p, 1e-12), which bounds the gradient at p = 0 or 1.
// Its 1e-12 reaches the kernel as a float32 scalar (9.99999996e-13) even for float64 input, so the
// bound is 1.000000004e12, not 1e12; using the same constant keeps the two bit-for-bit close.
const GRAD_EPSILON = Math.fround(1e-12);

function binaryCrossEntropyProblem(
  probs: TensorLike,
  target: TensorLike,
  options: BinaryCrossEntropyOptions,
  op: string,
): ElementwiseLoss {
  const lossOptions = readLossOptions(options, op);
  const { input, target: targets } = readInputAndTarget(probs, target, { op, inputName: 'probs' });
  const fix = 'probs must be probabilities in [0, 1] (for raw scores use binaryCrossEntropyWithLogits)';
  // NaN included: PyTorch's binary_cross_entropy raises "all elements of input should be between 0
  // and 1" for NaN as for 1.5 (torch 1.13), unlike the other losses, where NaN propagates.
  checkProbabilities(input.data, { op, argument: 'probs', shape: input.shape, fix });
  const weightAt = weightReader(resolveBroadcastWeight(options.weight, input.shape, op, 'weight'));
  const p = input.data;
  const t = targets.data;
  return perElementLoss(op, input, lossOptions, {
    // PyTorch's arrangement (t − 1)·log(1 − p) − t·log p, which gives +0 (not −0) for an exact hit.
    value: (i) =>
      weightAt(i) *
      ((t[i] - 1) * Math.max(Math.log1p(-p[i]), LOG_FLOOR) - t[i] * Math.max(Math.log(p[i]), LOG_FLOOR)),
    derivative: (i) => (weightAt(i) * (p[i] - t[i])) / Math.max((1 - p[i]) * p[i], GRAD_EPSILON),
  });
}

/**
 * Binary cross-entropy of probabilities against targets in [0, 1], elementwise.
 *
 * Method: l = −w·(t·max(log p, −100) + (1 − t)·max(log(1 − p), −100)), with log(1 − p) taken as
 * log1p(−p); the reduction ('mean' by default) sums in float64.
 *
 * Special cases: p = 0 or 1 against the opposite target gives 100 (the −100 clamp), not Infinity;
 * NaN in `probs` throws INVALID_VALUE, as PyTorch raises for it; probs or targets outside [0, 1]
 * throw INVALID_PROBABILITY, a NaN target INVALID_VALUE; float32 probs give float32 values for 'none'.
 *
 * Equivalents: PyTorch `F.binary_cross_entropy(probs, target, weight, reduction=…)`; Keras
 * `keras.losses.binary_crossentropy` (which clips p at 1e-7 instead); TF.js `tf.losses.logLoss`.
 *
 * @example binaryCrossEntropy([0.5], [1]) // 0.6931471805599453 (ln 2)
 */
export function binaryCrossEntropy<R extends Reduction = 'mean'>(
  probs: TensorLike,
  target: TensorLike,
  options: BinaryCrossEntropyOptions<R> = {},
): LossValue<R> {
  checkOptionKeys(options, BCE_KEYS, 'binaryCrossEntropy');
  return computeLoss(binaryCrossEntropyProblem(probs, target, options, 'binaryCrossEntropy')) as LossValue<R>;
}

/**
 * `binaryCrossEntropy` and its gradient with respect to `probs`, PyTorch's backward:
 * w·(p − t) / max((1 − p)·p, 1e-12) × the reduction's scale × `gradOutput`.
 *
 * @example binaryCrossEntropyWithGrad([0.5], [1]).grad.data // Float64Array [-2]
 */
export function binaryCrossEntropyWithGrad<R extends Reduction = 'mean'>(
  probs: TensorLike,
  target: TensorLike,
  options: BinaryCrossEntropyOptions<R> & GradOptions = {},
): LossWithGrad<LossValue<R>> {
  checkOptionKeys(options, [...BCE_KEYS, ...GRAD_KEYS], 'binaryCrossEntropyWithGrad');
  const problem = binaryCrossEntropyProblem(probs, target, options, 'binaryCrossEntropyWithGrad');
  return computeLossWithGrad(problem, readGradientRequest(options, problem)) as LossWithGrad<LossValue<R>>;
}

/**
 * The elementwise problem of binary cross-entropy from logits; `multiLabelCrossEntropy` builds on it.
 */
export function binaryCrossEntropyWithLogitsProblem(
  logits: TensorLike,
  target: TensorLike,
  options: BinaryCrossEntropyWithLogitsOptions,
  op: string,
): BinaryLogitsProblem {
  const lossOptions = readLossOptions(options, op);
  const { input, target: targets } = readInputAndTarget(logits, target, { op, inputName: 'logits' });
  const weight = resolveBroadcastWeight(options.weight, input.shape, op, 'weight');
  const posWeight = resolveBroadcastWeight(options.posWeight, input.shape, op, 'posWeight');
  const weightAt = weightReader(weight);
  const posWeightAt = weightReader(posWeight);
  const x = input.data;
  const t = targets.data;
  const terms = perElementLoss(op, input, lossOptions, {
    value: (i) => weightAt(i) * bceWithLogitsValue(x[i], t[i], posWeightAt(i)),
    derivative: (i) => weightAt(i) * bceWithLogitsDerivative(x[i], t[i], posWeightAt(i)),
  });
  return { ...terms, target: targets, weight, posWeight };
}

/**
 * Binary cross-entropy from logits (raw scores), elementwise: the sigmoid and the log in one
 * stable step.
 *
 * Method: with lw = 1 + (posWeight − 1)·t, l = w·((1 − t)·x + lw·(log1p(e^−|x|) + max(−x, 0))),
 * evaluated split at x = 0 so that no exp overflows (|x| = 1e4 is exact) and no large terms cancel.
 *
 * Special cases: x = ±Infinity gives the limit (0 when the logit is right, Infinity when wrong;
 * PyTorch gives NaN); NaN logits propagate to their element; targets outside [0, 1] or NaN throw
 * INVALID_PROBABILITY; `weight` is elementwise, `posWeight` one per label (last axis).
 *
 * Equivalents: PyTorch `F.binary_cross_entropy_with_logits(x, t, weight, pos_weight=…)`; Keras
 * `binary_crossentropy(t, x, from_logits=True)`; TF.js `tf.losses.sigmoidCrossEntropy`.
 *
 * @example binaryCrossEntropyWithLogits([0], [1]) // 0.6931471805599453 (ln 2)
 */
export function binaryCrossEntropyWithLogits<R extends Reduction = 'mean'>(
  logits: TensorLike,
  target: TensorLike,
  options: BinaryCrossEntropyWithLogitsOptions<R> = {},
): LossValue<R> {
  checkOptionKeys(options, BCE_LOGITS_KEYS, 'binaryCrossEntropyWithLogits');
  const problem = binaryCrossEntropyWithLogitsProblem(
    logits,
    target,
    options,
    'binaryCrossEntropyWithLogits',
  );
  return (binaryLogitsLossFast(problem) ?? computeLoss(problem)) as LossValue<R>;
}

/**
 * `binaryCrossEntropyWithLogits` and its gradient with respect to the logits:
 * w·(lw·σ(x) − posWeight·t) × the reduction's scale × `gradOutput`.
 *
 * @example binaryCrossEntropyWithLogitsWithGrad([0], [1]).grad.data // Float64Array [-0.5]
 */
export function binaryCrossEntropyWithLogitsWithGrad<R extends Reduction = 'mean'>(
  logits: TensorLike,
  target: TensorLike,
  options: BinaryCrossEntropyWithLogitsOptions<R> & GradOptions = {},
): LossWithGrad<LossValue<R>> {
  checkOptionKeys(options, [...BCE_LOGITS_KEYS, ...GRAD_KEYS], 'binaryCrossEntropyWithLogitsWithGrad');
  const op = 'binaryCrossEntropyWithLogitsWithGrad';
  const problem = binaryCrossEntropyWithLogitsProblem(logits, target, options, op);
  const gradient = readGradientRequest(options, problem);
  return (binaryLogitsLossWithGradFast(problem, gradient) ??
    computeLossWithGrad(problem, gradient)) as LossWithGrad<LossValue<R>>;
}
