import { nanError } from '../checks/values.js';
import { formatValue, XentError } from '../errors.js';
import { checkOptionKeys } from '../optionKeys.js';
import { type BaseOption, type ChoiceSpec, logBaseDivisor, readBoolean, readChoice } from '../options.js';
import { formatIndex, type Tensor, type TensorLike } from '../tensor.js';
import {
  GRAD_KEYS,
  type GradOptions,
  type LossValue,
  type LossWithGrad,
  readGradientRequest,
} from './common.js';
import {
  computeLoss,
  computeLossWithGrad,
  type ElementwiseLoss,
  type ElementwiseReduction,
  perElementLoss,
  readInputAndTarget,
} from './elementwise.js';

/** The KL loss's reductions: 'batchmean' (default) is the sum divided by input.shape[0]. */
export type KlDivReduction = ElementwiseReduction;

export interface KlDivLossOptions<R extends KlDivReduction = KlDivReduction> extends BaseOption {
  /**
   * 'batchmean' (default: the KL divergence per sample), 'mean' (over every element), 'sum', or
   * 'none'. PyTorch defaults to 'mean' and warns that it is not the KL divergence.
   */
  reduction?: R;
  /** Whether `target` holds log-probabilities (default false: probabilities). */
  logTarget?: boolean;
}

/** PyTorch's reductions plus 'batchmean', the default here (the true KL divergence per sample). */
const KL_REDUCTION: ChoiceSpec<KlDivReduction> = {
  option: 'reduction',
  allowed: ['batchmean', 'mean', 'sum', 'none'],
  default: 'batchmean',
};

const KL_DIV_KEYS = ['reduction', 'logTarget', 'base'] as const satisfies readonly (keyof KlDivLossOptions)[];

const LOG_TARGET_FIX = 'with logTarget: true a target holds log-probabilities, which are ≤ 0';

function checkLogProbabilities(target: Tensor, op: string): void {
  const data = target.data;
  for (let i = 0; i < data.length; i++) {
    if (data[i] <= 0) continue;
    if (Number.isNaN(data[i]))
      throw nanError(i, { op, argument: 'target', shape: target.shape }, LOG_TARGET_FIX);
    throw new XentError(
      'INVALID_PROBABILITY',
      `target${formatIndex(i, target.shape)} is ${formatValue(data[i])}; with logTarget: true a target holds log-probabilities, which are ≤ 0 (pass probabilities with logTarget: false)`,
      { op, argument: 'target', index: i, value: data[i], expected: '[-Infinity, 0]' },
    );
  }
}

function zeroTerm(input: number): number {
  return Number.isNaN(input) ? Number.NaN : 0;
}

function klDivProblem(
  logProbs: TensorLike,
  target: TensorLike,
  options: KlDivLossOptions,
  op: string,
): ElementwiseLoss {
  const reduction = readChoice(options.reduction, KL_REDUCTION, op);
  const logTarget = readBoolean(options.logTarget, { option: 'logTarget', default: false }, op);
  const read = readInputAndTarget(logProbs, target, { op, inputName: 'logProbs', checkTarget: !logTarget });
  const targets = read.target;
  if (logTarget) checkLogProbabilities(targets, op);
  const x = read.input.data;
  const t = targets.data;
  // A zero target probability contributes 0 (0·log 0 = 0) even against an input of −Infinity,
  // where PyTorch's t·log t − t·x gives NaN; a NaN input still propagates.
  const value = logTarget
    ? (i: number) => {
        const p = Math.exp(t[i]);
        return p === 0 ? zeroTerm(x[i]) : p * (t[i] - x[i]);
      }
    : (i: number) => (t[i] === 0 ? zeroTerm(x[i]) : t[i] * (Math.log(t[i]) - x[i]));
  const derivative = logTarget ? (i: number) => -Math.exp(t[i]) : (i: number) => -t[i];
  return perElementLoss(
    op,
    read.input,
    { reduction, logBase: logBaseDivisor(options.base, op) },
    { value, derivative },
  );
}

/**
 * The KL-divergence loss of PyTorch: `logProbs` holds log-probabilities (a log-softmax output)
 * and `target` the true distribution; the result is KL(target ‖ exp(logProbs)) summed per sample.
 *
 * Method: pointwise t·(log t − x), or exp(t)·(t − x) when `logTarget`; 'batchmean' divides the
 * float64 sum by logProbs.shape[0] (a 1-D input's only axis, so (C) is divided by C, as in PyTorch).
 *
 * Special cases: the default reduction is 'batchmean', the true KL per sample (PyTorch defaults to
 * 'mean', which also divides by C, and warns); t = 0 contributes 0 even where x = −Infinity (PyTorch:
 * NaN); NaN in `logProbs` propagates; a target outside [0, 1] (or > 0 with `logTarget`) throws
 * INVALID_PROBABILITY, a NaN target INVALID_VALUE. A 0-d input is not divided by 'batchmean'.
 *
 * Equivalents: PyTorch `F.kl_div(input, target, reduction='batchmean', log_target=…)`; Keras
 * `keras.losses.kl_divergence(t, p)` (takes probabilities, sums the last axis); TF.js
 * `tf.metrics.kullbackLeiblerDivergence`.
 *
 * @example klDivLoss([Math.log(0.5), Math.log(0.5)], [1, 0]) // 0.34657359027997264 (ln 2 / 2)
 */
export function klDivLoss<R extends KlDivReduction = 'batchmean'>(
  logProbs: TensorLike,
  target: TensorLike,
  options: KlDivLossOptions<R> = {},
): LossValue<R> {
  checkOptionKeys(options, KL_DIV_KEYS, 'klDivLoss');
  return computeLoss(klDivProblem(logProbs, target, options, 'klDivLoss')) as LossValue<R>;
}

/**
 * `klDivLoss` and its gradient with respect to `logProbs`: −t (−exp(t) with `logTarget`) × the
 * reduction's scale × `gradOutput`.
 *
 * @example klDivLossWithGrad([Math.log(0.5), Math.log(0.5)], [1, 0]).grad.data // Float64Array [-0.5, -0]
 */
export function klDivLossWithGrad<R extends KlDivReduction = 'batchmean'>(
  logProbs: TensorLike,
  target: TensorLike,
  options: KlDivLossOptions<R> & GradOptions = {},
): LossWithGrad<LossValue<R>> {
  checkOptionKeys(options, [...KL_DIV_KEYS, ...GRAD_KEYS], 'klDivLossWithGrad');
  const problem = klDivProblem(logProbs, target, options, 'klDivLossWithGrad');
  return computeLossWithGrad(problem, readGradientRequest(options, problem)) as LossWithGrad<LossValue<R>>;
}
