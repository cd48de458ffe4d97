// The Poisson negative log-likelihood, PyTorch's F.poisson_nll_loss, written on the elementwise
// template (elementwise.ts): one value and one derivative per element; the template does the
// rest (reductions, base, gradOutput, out).
import { checkNonNegative } from '../checks/values.js';
import { checkOptionKeys } from '../optionKeys.js';
import {
  POISSON_EPS,
  POISSON_FULL,
  POISSON_LOG_INPUT,
  type Reduction,
  readBoolean,
  readNumber,
} from '../options.js';
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
  computeLoss,
  computeLossWithGrad,
  type ElementwiseLoss,
  perElementLoss,
  readInputAndTarget,
} from './elementwise.js';

export interface PoissonNllLossOptions<R extends Reduction = Reduction> extends LossOptions<R> {
  /** Whether the input is log λ (default, the loss is exp(input) − target·input) or λ itself. */
  logInput?: boolean;
  /** Adds Stirling's approximation of log(target!) where target > 1, making the loss the full NLL. */
  full?: boolean;
  /** With logInput false, log(λ + eps) keeps λ = 0 finite. A number ≥ 0, default 1e-8. */
  eps?: number;
}

/** Stirling's log(t!) ≈ t·log t − t + ½·log(2πt), in aten's order of operations; 0 where t ≤ 1. */
const POISSON_KEYS = [
  ...LOSS_KEYS,
  'logInput',
  'full',
  'eps',
] as const satisfies readonly (keyof PoissonNllLossOptions)[];

function stirling(t: number): number {
  return t > 1 ? t * Math.log(t) - t + 0.5 * Math.log(2 * Math.PI * t) : 0;
}

function poissonProblem(
  input: TensorLike,
  target: TensorLike,
  options: PoissonNllLossOptions,
  op: string,
): ElementwiseLoss {
  const lossOptions = readLossOptions(options, op);
  const logInput = readBoolean(options.logInput, POISSON_LOG_INPUT, op);
  const full = readBoolean(options.full, POISSON_FULL, op);
  const eps = readNumber(options.eps, POISSON_EPS, op);
  const read = readInputAndTarget(input, target, { op, inputName: 'input', checkTarget: false });
  const { shape } = read.target;
  checkNonNegative(
    read.target.data,
    { op, argument: 'target', shape },
    'a Poisson target is a count (a number ≥ 0)',
  );
  const x = read.input.data;
  const t = read.target.data;
  const extra = full ? (i: number) => stirling(t[i]) : () => 0;
  return perElementLoss(op, read.input, lossOptions, {
    value: logInput
      ? (i) => Math.exp(x[i]) - t[i] * x[i] + extra(i)
      : (i) => x[i] - t[i] * Math.log(x[i] + eps) + extra(i),
    derivative: logInput ? (i) => Math.exp(x[i]) - t[i] : (i) => 1 - t[i] / (x[i] + eps),
  });
}

/**
 * The negative log-likelihood of counts under a Poisson distribution with rate λ = exp(input)
 * (or λ = input with logInput false), elementwise: PyTorch's `F.poisson_nll_loss`.
 *
 * Method: exp(x) − t·x (logInput), or x − t·log(x + eps); with `full`, plus Stirling's
 * t·log t − t + ½·log(2πt) where t > 1 (log t! is 0 for t = 0 and 1, and PyTorch masks t ≤ 1);
 * the reduction ('mean' by default) sums in float64.
 *
 * Special cases: without `full` the loss omits log(t!), so it can be negative (as PyTorch's);
 * NaN in the input propagates; a negative input with logInput false gives NaN (the log of a
 * negative rate), as PyTorch; a negative or NaN target throws INVALID_VALUE (PyTorch takes it).
 *
 * Equivalents: PyTorch `F.poisson_nll_loss(input, target, log_input, full, eps=1e-8, reduction)`;
 * Keras `keras.losses.poisson(t, λ)` (λ − t·log(λ + 1e-7), logInput false); TF.js none.
 *
 * @example poissonNllLoss([0], [1]) // 1 (exp(0) − 1·0)
 */
export function poissonNllLoss<R extends Reduction = 'mean'>(
  input: TensorLike,
  target: TensorLike,
  options: PoissonNllLossOptions<R> = {},
): LossValue<R> {
  checkOptionKeys(options, POISSON_KEYS, 'poissonNllLoss');
  return computeLoss(poissonProblem(input, target, options, 'poissonNllLoss')) as LossValue<R>;
}

/**
 * `poissonNllLoss` and its gradient with respect to the input: exp(x) − t (logInput), or
 * 1 − t / (x + eps), × the reduction's scale × `gradOutput`.
 *
 * @example poissonNllLossWithGrad([0], [2]).grad.data // Float64Array [-1]
 */
export function poissonNllLossWithGrad<R extends Reduction = 'mean'>(
  input: TensorLike,
  target: TensorLike,
  options: PoissonNllLossOptions<R> & GradOptions = {},
): LossWithGrad<LossValue<R>> {
  checkOptionKeys(options, [...POISSON_KEYS, ...GRAD_KEYS], 'poissonNllLossWithGrad');
  const problem = poissonProblem(input, target, options, 'poissonNllLossWithGrad');
  return computeLossWithGrad(problem, readGradientRequest(options, problem)) as LossWithGrad<LossValue<R>>;
}
