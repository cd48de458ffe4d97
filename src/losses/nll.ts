import { XentError } from '../errors.js';
import { classLossFast } from '../fast/classLoss.js';
import type { LabelsLike } from '../labels.js';
import { checkOptionKeys } from '../optionKeys.js';
import type { Reduction } from '../options.js';
import type { TensorLike } from '../tensor.js';
import { classLossReference } from './classLoss.js';
import { type ClassProblem, readClassProblem } from './classProblem.js';
import {
  GRAD_KEYS,
  type GradOptions,
  LOSS_KEYS,
  type LossOptions,
  type LossValue,
  type LossWithGrad,
  readGradientRequest,
} from './common.js';

export interface NllOptions<R extends Reduction = Reduction> extends LossOptions<R> {
  /** One weight per class (length C). */
  weight?: TensorLike;
  /** Targets equal to this are skipped. Default −100. */
  ignoreIndex?: number;
}

const NLL_KEYS = [...LOSS_KEYS, 'weight', 'ignoreIndex'] as const satisfies readonly (keyof NllOptions)[];

function readNllProblem(
  logProbs: TensorLike,
  target: LabelsLike,
  options: NllOptions,
  op: string,
): ClassProblem {
  const { weight, ignoreIndex, reduction, base } = options;
  const problem = readClassProblem(
    logProbs,
    target,
    {
      ...(weight !== undefined && { weight }),
      ...(ignoreIndex !== undefined && { ignoreIndex }),
      ...(reduction !== undefined && { reduction }),
      ...(base !== undefined && { base }),
    },
    op,
    'logProbabilities',
  );
  if (problem.target.kind !== 'index') {
    throw new XentError(
      'SHAPE_MISMATCH',
      'target has the input’s shape, but nllLoss takes class indices (the input without its class axis); for probability targets use crossEntropyLoss',
      { op, argument: 'target' },
    );
  }
  return problem;
}

/**
 * The negative log-likelihood loss: −weight[y]·logProbs[y] per element, `F.nll_loss` in PyTorch.
 * The input holds log-probabilities (from `logSoftmax`); they are used as they are, unchecked,
 * as in PyTorch. Reductions, weights and ignoreIndex are those of `crossEntropyLoss`.
 *
 * Equivalents: PyTorch `F.nll_loss`; Keras has none (use SparseCategoricalCrossentropy);
 * TF.js none.
 *
 * @example nllLoss([[-0.5, -1]], [1]) // 1
 */
export function nllLoss<R extends Reduction = 'mean'>(
  logProbs: TensorLike,
  target: LabelsLike,
  options: NllOptions<R> = {},
): LossValue<R> {
  checkOptionKeys(options, NLL_KEYS, 'nllLoss');
  const problem = readNllProblem(logProbs, target, options, 'nllLoss');
  return (classLossFast(problem) ?? classLossReference(problem)).loss as LossValue<R>;
}

/**
 * `nllLoss` and its gradient: −weight[y]·scale at each target's class, 0 elsewhere.
 *
 * @example nllLossWithGrad([-0.5, -1], 1).grad.data // Float64Array [0, -1] (+0 off the target)
 */
export function nllLossWithGrad<R extends Reduction = 'mean'>(
  logProbs: TensorLike,
  target: LabelsLike,
  options: NllOptions<R> & GradOptions = {},
): LossWithGrad<LossValue<R>> {
  checkOptionKeys(options, [...NLL_KEYS, ...GRAD_KEYS], 'nllLossWithGrad');
  const problem = readNllProblem(logProbs, target, options, 'nllLossWithGrad');
  const gradient = readGradientRequest(options, problem);
  const { loss, grad } = classLossFast(problem, gradient) ?? classLossReference(problem, gradient);
  return { loss: loss as LossValue<R>, grad: grad! };
}
