import { formatValue, XentError } from '../errors.js';
import { checkOptionKeys } from '../optionKeys.js';
import { type ChoiceSpec, type Reduction, readChoice } from '../options.js';
import { formatShape, type TensorLike, toTensor } from '../tensor.js';
import {
  BCE_LOGITS_KEYS,
  type BinaryCrossEntropyWithLogitsOptions,
  binaryCrossEntropyWithLogitsProblem,
} from './binary.js';
import {
  GRAD_KEYS,
  type GradOptions,
  type LossValue,
  type LossWithGrad,
  readGradientRequest,
} from './common.js';
import { computeLoss, computeLossWithGrad, type ElementwiseLoss, reductionDivisor } from './elementwise.js';

/** How a sample's per-label losses combine: their mean (PyTorch) or their sum. */
export type LabelReduction = 'mean' | 'sum';

export interface MultiLabelCrossEntropyOptions<R extends Reduction = Reduction>
  extends BinaryCrossEntropyWithLogitsOptions<R> {
  /**
   * How a sample's C per-label losses combine before the reduction over samples: 'mean' (default)
   * averages them, as `F.multilabel_soft_margin_loss`; 'sum' adds them (the loss of C independent
   * binary decisions).
   */
  labelReduction?: LabelReduction;
}

const MULTI_LABEL_KEYS = [
  ...BCE_LOGITS_KEYS,
  'labelReduction',
] as const satisfies readonly (keyof MultiLabelCrossEntropyOptions)[];

const LABEL_REDUCTION: ChoiceSpec<LabelReduction> = {
  option: 'labelReduction',
  allowed: ['mean', 'sum'],
  default: 'mean',
};

function multiLabelProblem(
  logits: TensorLike,
  target: TensorLike,
  options: MultiLabelCrossEntropyOptions,
  op: string,
): ElementwiseLoss {
  const labelReduction = readChoice(options.labelReduction, LABEL_REDUCTION, op);
  const input = toTensor(logits, { op, argument: 'logits' });
  if (input.rank !== 1 && input.rank !== 2) {
    throw new XentError(
      'INVALID_SHAPE',
      `logits has shape ${formatShape(input.shape)} (rank ${formatValue(input.rank)}); pass one sample (C) or a batch (N, C), reshaping extra axes into N, or use binaryCrossEntropyWithLogits for elementwise losses`,
      { op, argument: 'logits', actual: input.shape },
    );
  }
  // Each label is a binary cross-entropy from logits; the problem below only regroups its terms.
  const perLabel = binaryCrossEntropyWithLogitsProblem(input, target, options, op);
  const classes = input.shape[input.rank - 1];
  const lossShape = input.shape.slice(0, -1);
  return {
    ...perLabel,
    lossShape,
    group: classes,
    groupDivisor: labelReduction === 'mean' ? classes : 1,
    divisor: reductionDivisor(perLabel.reduction, lossShape, input),
  };
}

/**
 * Multi-label cross-entropy: every one of C labels is an independent binary decision, scored by
 * binary cross-entropy from its logit; a sample's loss is the mean (or sum) over its labels.
 *
 * Method: per label l = w_c·((1 − t)·x + lw·softplus(−x)) with lw = 1 + (posWeight_c − 1)·t, the
 * stable form of `binaryCrossEntropyWithLogits`; a sample's loss is Σ_c l / C ('mean') or Σ_c l
 * ('sum'); the reduction then runs over the N samples.
 *
 * Special cases: a 1-D input is one sample (C), so 'none' gives a 0-d tensor; inputs of rank 3
 * or more throw INVALID_SHAPE (reshape to (N, C)); targets outside [0, 1] or NaN throw
 * INVALID_PROBABILITY; `weight` and `posWeight` are per label, shape (C); ±Infinity logits give
 * the limit, NaN propagates to its sample.
 *
 * Equivalents: PyTorch `F.multilabel_soft_margin_loss(x, t, weight)` (labelReduction 'mean', no
 * posWeight), `F.binary_cross_entropy_with_logits(x, t, pos_weight=…, reduction='none').sum(1)`
 * (labelReduction 'sum'); Keras `binary_crossentropy(t, x, from_logits=True)` (a mean over labels); TF.js
 * `tf.losses.sigmoidCrossEntropy`.
 *
 * @example multiLabelCrossEntropy([[0, 0]], [[1, 0]]) // 0.6931471805599453 (ln 2)
 */
export function multiLabelCrossEntropy<R extends Reduction = 'mean'>(
  logits: TensorLike,
  target: TensorLike,
  options: MultiLabelCrossEntropyOptions<R> = {},
): LossValue<R> {
  checkOptionKeys(options, MULTI_LABEL_KEYS, 'multiLabelCrossEntropy');
  return computeLoss(multiLabelProblem(logits, target, options, 'multiLabelCrossEntropy')) as LossValue<R>;
}

/**
 * `multiLabelCrossEntropy` and its gradient with respect to the logits:
 * w_c·(lw·σ(x) − posWeight_c·t) / C (labelReduction 'mean') × the reduction's scale × `gradOutput`.
 *
 * @example multiLabelCrossEntropyWithGrad([[0, 0]], [[1, 0]]).grad.data // Float64Array [-0.25, 0.25]
 */
export function multiLabelCrossEntropyWithGrad<R extends Reduction = 'mean'>(
  logits: TensorLike,
  target: TensorLike,
  options: MultiLabelCrossEntropyOptions<R> & GradOptions = {},
): LossWithGrad<LossValue<R>> {
  checkOptionKeys(options, [...MULTI_LABEL_KEYS, ...GRAD_KEYS], 'multiLabelCrossEntropyWithGrad');
  const problem = multiLabelProblem(logits, target, options, 'multiLabelCrossEntropyWithGrad');
  return computeLossWithGrad(problem, readGradientRequest(options, problem)) as LossWithGrad<LossValue<R>>;
}
