import { XentError } from '../errors.js';
import { type LabelsLike, toIndexTensor } from '../labels.js';
import { crossEntropyLoss, crossEntropyLossWithGrad } from '../losses/crossEntropy.js';
import { brentRoot } from '../math/brentRoot.js';
import { checkOptionKeys } from '../optionKeys.js';
import { readNumber } from '../options.js';
import { Tensor, type TensorLike, toTensor } from '../tensor.js';

export interface TemperatureOptions {
  /** How close to the optimum log T must be (default 1e-12). */
  tolerance?: number;
}

export interface TemperatureFit {
  /** The fitted T: calibrated probabilities are softmax(logits / T). */
  temperature: number;
  /** The mean negative log-likelihood (nats) at T = 1 and at the fitted T. */
  logLossBefore: number;
  logLossAfter: number;
}

const OP = 'fitTemperature';

/** log T is searched in [−LOG_T_LIMIT, LOG_T_LIMIT]: T from 1e-9 to 1e9, beyond any real model. */
const LOG_T_LIMIT = 9 * Math.LN10;

/**
 * Temperature scaling (Guo et al., 2017, "On Calibration of Modern Neural Networks"): the one T > 0
 * that minimizes the mean cross-entropy of softmax(logits / T) against the labels, on held-out rows.
 * Log-probabilities are logits too (softmax ignores a shift per row), so they may be passed as they are.
 *
 * Method: with u = log T and s = logits·e^(−u), dNLL/du = −Σ ∂NLL/∂s · s, where ∂NLL/∂s is
 * crossEntropyLossWithGrad's gradient. NLL(1/T) is convex in 1/T, so the derivative in u changes
 * sign once; its root is bracketed by doubling from [−1, 1] and found by Brent's method.
 *
 * Special cases: −Infinity logits stay masked at every T; logits that rank every row's label first
 * have no optimum (the loss falls as T → 0), nor do logits worse than uniform (it falls as T → ∞):
 * both are errors that say so.
 *
 * @example fitTemperature([[2, 0], [0, 2], [2, 0]], [0, 0, 0]).temperature // 2.885390 (2 / ln 2)
 */
export function fitTemperature(
  logits: TensorLike,
  targets: LabelsLike,
  options: TemperatureOptions = {},
): TemperatureFit {
  checkOptionKeys(options, ['tolerance'], OP);
  const tolerance = readNumber(
    options.tolerance,
    { option: 'tolerance', default: 1e-12, min: 0, minExclusive: true, finite: true },
    OP,
  );
  const input = toTensor(logits, { op: OP, argument: 'logits' });
  if (input.rank !== 2)
    throw new XentError(
      'INVALID_SHAPE',
      `logits must be (N, C), one row of class scores per sample; got shape [${input.shape.join(', ')}]`,
      { op: OP, argument: 'logits', actual: input.shape },
    );
  const scaled = new Tensor(new Float64Array(input.size), input.shape);
  const scale = (u: number) => {
    const factor = Math.exp(-u);
    for (let i = 0; i < input.size; i++) scaled.data[i] = input.data[i] * factor;
    return scaled;
  };
  const slope = (u: number) => {
    const { grad } = crossEntropyLossWithGrad(scale(u), targets);
    let sum = 0;
    // A masked logit (−Infinity) has gradient 0 and no say in T; 0 · −Infinity would be NaN.
    for (let i = 0; i < scaled.size; i++) if (grad.data[i] !== 0) sum -= grad.data[i] * scaled.data[i];
    return sum;
  };
  const logLossBefore = crossEntropyLoss(input, targets) as number;
  if (logLossBefore === Infinity) refuseMaskedLabel(input, targets);
  const [lower, upper] = bracket(slope);
  const u = brentRoot(slope, lower, upper, tolerance);
  return {
    temperature: Math.exp(u),
    logLossBefore,
    logLossAfter: crossEntropyLoss(scale(u), targets) as number,
  };
}

/**
 * An interval of log T where the slope goes from negative to positive, doubling out from [−1, 1].
 * Far out the slope underflows to 0, so which way the loss fell is remembered from the way there.
 */
function bracket(slope: (u: number) => number): [number, number] {
  let lower = -1;
  let upper = 1;
  let rising = false;
  for (let g = slope(lower); !(g < 0); g = slope(lower)) {
    rising ||= g > 0;
    if (lower <= -LOG_T_LIMIT) noOptimum(rising ? FALLS_TOWARDS_ZERO : FLAT);
    [lower, upper] = [Math.max(2 * lower, -LOG_T_LIMIT), lower];
  }
  let falling = false;
  for (let g = slope(upper); !(g > 0); g = slope(upper)) {
    falling ||= g < 0;
    if (upper >= LOG_T_LIMIT) noOptimum(falling ? FALLS_TOWARDS_INFINITY : FLAT);
    [lower, upper] = [upper, Math.min(2 * upper, LOG_T_LIMIT)];
  }
  return [lower, upper];
}

const FALLS_TOWARDS_ZERO =
  'keeps falling as T → 0: the logits rank every label first, so no finite temperature is best; calibrate on rows the model gets wrong too';
const FALLS_TOWARDS_INFINITY =
  'keeps falling as T → ∞: the logits do worse than a uniform guess, so the best temperature flattens them completely; check the label column';
const FLAT = 'does not change with T: every row gives its classes equal logits';

/** A label whose logit is −Infinity has probability 0 at every T: the loss is infinite throughout. */
function refuseMaskedLabel(input: Tensor, targets: LabelsLike): never {
  const labels = toIndexTensor(targets, { op: OP, argument: 'targets' }).data;
  const classes = input.shape[1];
  let row = 0;
  while (row < labels.length - 1 && input.data[row * classes + Number(labels[row])] !== -Infinity) row++;
  throw new XentError(
    'INVALID_INPUT',
    `row ${row} gives its label ${labels[row]} a logit of -Infinity (probability 0), so the loss is infinite at every temperature; drop the row or give the class a finite score`,
    { op: OP, argument: 'logits', index: row },
  );
}

function noOptimum(why: string): never {
  throw new XentError('INVALID_INPUT', `the negative log-likelihood ${why}`, { op: OP, argument: 'logits' });
}
