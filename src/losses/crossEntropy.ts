import { classLossFast } from '../fast/classLoss.js';
import type { LabelsLike } from '../labels.js';
import { checkOptionKeys } from '../optionKeys.js';
import type { Reduction } from '../options.js';
import type { TensorLike } from '../tensor.js';
import { classLossReference } from './classLoss.js';
import { type ClassProblemOptions, readClassProblem } from './classProblem.js';
import {
  GRAD_KEYS,
  type GradOptions,
  type LossValue,
  type LossWithGrad,
  readGradientRequest,
} from './common.js';

const CROSS_ENTROPY_KEYS = [
  'from',
  'weight',
  'ignoreIndex',
  'labelSmoothing',
  'reduction',
  'base',
  'sampleWeight',
  'eps',
  'temperature',
] as const satisfies readonly (keyof CrossEntropyOptions)[];

export interface CrossEntropyOptions<R extends Reduction = Reduction> extends ClassProblemOptions {
  /** What the input holds: raw scores ('logits', the default) or class probabilities. */
  from?: 'logits' | 'probabilities';
  /** One weight per class (length C), as PyTorch's `weight`. */
  weight?: TensorLike;
  /** Class-index targets equal to this are skipped (loss 0, no weight in the mean). Default −100. */
  ignoreIndex?: number;
  /** ε in [0, 1]: the target becomes (1 − ε)·target + ε/C, as PyTorch's `label_smoothing`. */
  labelSmoothing?: number;
  reduction?: R;
  /** The logarithm's base: e by default (nats); 2 gives bits. */
  base?: number;
  /** One weight per loss element (shape N or (N, d1, …)); 'mean' becomes the weighted mean. */
  sampleWeight?: TensorLike;
  /** With from: 'probabilities', clips them to [eps, 1 − eps] before the log: [0, 0.5), default 0 (no clip). */
  eps?: number;
  /**
   * With from: 'logits', divides them before the softmax: the loss of logits / T (default 1).
   * xent's extension, as `softmax`'s temperature; PyTorch has none (pass logits / T there).
   */
  temperature?: number;
}

/**
 * The cross-entropy loss between predictions and targets: `F.cross_entropy` in PyTorch.
 *
 * Input `(C)` (one sample) or `(N, C, d1, …, dk)`, the class axis being axis 1. Target: class
 * indices of shape `(N, d1, …, dk)` (or one index for `(C)`), or probabilities of the input's shape.
 *
 * Method: per lane, one pass for max and Σ exp (log-sum-exp with the max subtracted), one for the
 * target terms; accumulated in float64. 'mean' divides by Σ weight[target] over targets that are
 * not ignored (for probability targets, by the number of lanes), exactly as PyTorch.
 *
 * Special cases: −Infinity logits (masks) are legal; the loss is +Infinity only where the target
 * (or label smoothing) puts mass on a masked class. A lane whose logits are all −Infinity throws
 * `ALL_MASKED` unless its target is ignored. NaN in the input gives NaN for that element only.
 * 'mean' over targets that are all ignored is NaN (0/0), as in PyTorch.
 *
 * Equivalents: PyTorch `F.cross_entropy(input, target, weight, ignore_index=…, label_smoothing=…)`;
 * Keras `SparseCategoricalCrossentropy(from_logits=True)` / `CategoricalCrossentropy`;
 * TF.js `tf.losses.softmaxCrossEntropy`.
 *
 * @example crossEntropyLoss([[2, 1, 0]], [0]) // 0.4076059644443803
 */
export function crossEntropyLoss<R extends Reduction = 'mean'>(
  input: TensorLike,
  target: LabelsLike,
  options: CrossEntropyOptions<R> = {},
): LossValue<R> {
  checkOptionKeys(options, CROSS_ENTROPY_KEYS, 'crossEntropyLoss');
  const problem = readClassProblem(input, target, options, 'crossEntropyLoss');
  return (classLossFast(problem) ?? classLossReference(problem)).loss as LossValue<R>;
}

/**
 * `crossEntropyLoss` and its gradient with respect to the input, from one pass over the logits:
 * grad = (softmax(x)·Σk − k) · scale, which is softmax(x) − target for a plain one-hot target.
 * `out` receives the gradient (it may be the input's own buffer); `gradOutput` is the upstream
 * gradient.
 *
 * @example crossEntropyLossWithGrad([0, 0], 0).grad.data // Float64Array [-0.5, 0.5]
 */
export function crossEntropyLossWithGrad<R extends Reduction = 'mean'>(
  input: TensorLike,
  target: LabelsLike,
  options: CrossEntropyOptions<R> & GradOptions = {},
): LossWithGrad<LossValue<R>> {
  checkOptionKeys(options, [...CROSS_ENTROPY_KEYS, ...GRAD_KEYS], 'crossEntropyLossWithGrad');
  const problem = readClassProblem(input, target, options, 'crossEntropyLossWithGrad');
  const gradient = readGradientRequest(options, problem);
  const { loss, grad } = classLossFast(problem, gradient) ?? classLossReference(problem, gradient);
  return { loss: loss as LossValue<R>, grad: grad! };
}
