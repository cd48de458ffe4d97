import { expOfNegativeAbs, sigmoidFrom } from '../math/sigmoid.js';
import { checkOptionKeys } from '../optionKeys.js';
import { FOCAL_ALPHA, FOCAL_GAMMA, type Reduction, readNumber } from '../options.js';
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
import { bceWithLogitsValue } from './stable.js';

export interface SigmoidFocalLossOptions<R extends Reduction = Reduction> extends LossOptions<R> {
  /** Weight of the positive class in [0, 1] (default 0.25); a negative alpha turns weighting off. */
  alpha?: number;
  /** Focusing exponent γ ≥ 0 (default 2); 0 gives alpha-weighted binary cross-entropy. */
  gamma?: number;
}

/**
 * The focal term of one element and its derivative. With s = σ(x) and q = 1 − p_t =
 * t·σ(−x) + (1 − t)·σ(x) (σ(−x) taken directly, not as 1 − σ(x), so a confident right answer
 * keeps its small q), the loss is α_t·ce·q^γ and
 * d/dx = α_t·(ce′·q^γ + ce·γ·q^(γ−1)·(1 − 2t)·σ(x)·σ(−x)), ce′ = σ(x) − t.
 */
const FOCAL_KEYS = [
  ...LOSS_KEYS,
  'alpha',
  'gamma',
] as const satisfies readonly (keyof SigmoidFocalLossOptions)[];

function focalValue(x: number, t: number, alpha: number, gamma: number): number {
  const e = expOfNegativeAbs(x);
  const q = t * sigmoidFrom(-x, e) + (1 - t) * sigmoidFrom(x, e);
  const loss = bceWithLogitsValue(x, t, 1, e) * q ** gamma;
  return alpha >= 0 ? (alpha * t + (1 - alpha) * (1 - t)) * loss : loss;
}

function focalDerivative(x: number, t: number, alpha: number, gamma: number): number {
  const e = expOfNegativeAbs(x);
  const positive = sigmoidFrom(x, e);
  const negative = sigmoidFrom(-x, e);
  const q = t * negative + (1 - t) * positive;
  const curvature = positive * negative;
  let d = ((1 - t) * positive - t * negative) * q ** gamma;
  // The second term's limit is 0 wherever q = 0 or σ(x)·σ(−x) underflows to 0 (γ > 0: the
  // exponential decay of σ(x)·σ(−x) beats the linear growth of ce); computing it there gives 0·∞.
  if (gamma > 0 && q > 0 && curvature > 0) {
    d += bceWithLogitsValue(x, t, 1, e) * gamma * q ** (gamma - 1) * (1 - 2 * t) * curvature;
  }
  return alpha >= 0 ? (alpha * t + (1 - alpha) * (1 - t)) * d : d;
}

function focalProblem(
  logits: TensorLike,
  target: TensorLike,
  options: SigmoidFocalLossOptions,
  op: string,
): ElementwiseLoss {
  const lossOptions = readLossOptions(options, op);
  const alpha = readNumber(options.alpha, FOCAL_ALPHA, op);
  const gamma = readNumber(options.gamma, FOCAL_GAMMA, op);
  const { input, target: targets } = readInputAndTarget(logits, target, { op, inputName: 'logits' });
  const x = input.data;
  const t = targets.data;
  return perElementLoss(op, input, lossOptions, {
    value: (i) => focalValue(x[i], t[i], alpha, gamma),
    derivative: (i) => focalDerivative(x[i], t[i], alpha, gamma),
  });
}

/**
 * The focal loss of RetinaNet on logits: binary cross-entropy scaled down where the prediction is
 * already right, so that the many easy examples do not swamp the few hard ones.
 *
 * Method: p = σ(x), ce = binary cross-entropy from logits, p_t = p·t + (1 − p)·(1 − t),
 * l = α_t·ce·(1 − p_t)^γ with α_t = α·t + (1 − α)·(1 − t) (no α_t when α < 0). 1 − p_t is
 * computed as t·σ(−x) + (1 − t)·σ(x), which keeps its precision where p_t is close to 1.
 *
 * Special cases: the default reduction is 'mean' as everywhere in xent (torchvision defaults to
 * 'none'); γ = 0 and α < 0 give plain binary cross-entropy; 0^0 = 1 at γ = 0; ±Infinity logits
 * give the limit, NaN propagates; targets outside [0, 1] or NaN throw INVALID_PROBABILITY; γ < 0,
 * γ = Infinity or α > 1 throw INVALID_OPTION.
 *
 * Equivalents: torchvision `ops.sigmoid_focal_loss(x, t, alpha, gamma, reduction)`; Keras
 * `keras.losses.BinaryFocalCrossentropy(apply_class_balancing=True, alpha, gamma, from_logits=True)`
 * (which averages over the last axis); TF.js has none.
 *
 * @example sigmoidFocalLoss([0], [1]) // 0.04332169878499658 (0.25 · ln 2 · 0.5²)
 */
export function sigmoidFocalLoss<R extends Reduction = 'mean'>(
  logits: TensorLike,
  target: TensorLike,
  options: SigmoidFocalLossOptions<R> = {},
): LossValue<R> {
  checkOptionKeys(options, FOCAL_KEYS, 'sigmoidFocalLoss');
  return computeLoss(focalProblem(logits, target, options, 'sigmoidFocalLoss')) as LossValue<R>;
}

/**
 * `sigmoidFocalLoss` and its gradient with respect to the logits (analytic; see focalDerivative)
 * × the reduction's scale × `gradOutput`.
 *
 * @example sigmoidFocalLossWithGrad([0], [1]).grad.data // Float64Array [-0.07457169878499659]
 */
export function sigmoidFocalLossWithGrad<R extends Reduction = 'mean'>(
  logits: TensorLike,
  target: TensorLike,
  options: SigmoidFocalLossOptions<R> & GradOptions = {},
): LossWithGrad<LossValue<R>> {
  checkOptionKeys(options, [...FOCAL_KEYS, ...GRAD_KEYS], 'sigmoidFocalLossWithGrad');
  const problem = focalProblem(logits, target, options, 'sigmoidFocalLossWithGrad');
  return computeLossWithGrad(problem, readGradientRequest(options, problem)) as LossWithGrad<LossValue<R>>;
}
