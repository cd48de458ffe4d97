import { XentError } from '../errors.js';
import { type LabelsLike, toIndexTensor } from '../labels.js';
import { binaryCrossEntropyWithLogitsWithGrad } from '../losses/binary.js';
import { sigmoidScalar } from '../math/sigmoid.js';
import { checkOptionKeys } from '../optionKeys.js';
import { readNumber } from '../options.js';
import { type TensorLike, toTensor } from '../tensor.js';

export interface PlattOptions {
  /** Stop when the gradient's largest component is below this (default 1e-12 per row). */
  tolerance?: number;
}

export interface PlattFit {
  /** Calibrated probability of class 1: σ(a · score + b). */
  a: number;
  b: number;
}

const OP = 'fitPlatt';
const MAX_NEWTON_STEPS = 100;

/**
 * Platt scaling (Platt, 1999): the (a, b) of σ(a·s + b) that minimizes the binary cross-entropy
 * against Platt's smoothed targets, (N₊ + 1)/(N₊ + 2) for a positive and 1/(N₋ + 2) for a negative,
 * as scikit-learn's CalibratedClassifierCV(method='sigmoid') does (its a and b have the other sign).
 *
 * Method: Newton's method with a halving line search (Lin, Lin & Weng, 2007); the gradient is
 * binaryCrossEntropyWithLogitsWithGrad's, the Hessian Σ p(1 − p)·[s², s; s, 1] is added to it by hand.
 *
 * Special cases: scores must be finite; labels are 0 or 1, and both must occur.
 *
 * @example fitPlatt([-1, 1], [0, 1]).a // 0.693147 (ln 2: σ(a) = 2/3, Platt's target for one positive)
 */
export function fitPlatt(scores: TensorLike, labels: LabelsLike, options: PlattOptions = {}): PlattFit {
  checkOptionKeys(options, ['tolerance'], OP);
  const tolerance = readNumber(
    options.tolerance,
    { option: 'tolerance', default: 1e-12, min: 0, minExclusive: true, finite: true },
    OP,
  );
  const s = toTensor(scores, { op: OP, argument: 'scores' }).data;
  const y = toIndexTensor(labels, { op: OP, argument: 'labels' }).data;
  const n = s.length;
  if (y.length !== n)
    throw new XentError('SHAPE_MISMATCH', `scores has ${n} values but labels has ${y.length}`, {
      op: OP,
      argument: 'labels',
    });
  let positives = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(s[i]))
      throw new XentError('INVALID_VALUE', `scores[${i}] is ${s[i]}; Platt scaling needs finite scores`, {
        op: OP,
        argument: 'scores',
        index: i,
        value: s[i],
      });
    if (y[i] !== 0 && y[i] !== 1)
      throw new XentError('INVALID_VALUE', `labels[${i}] is ${y[i]}; Platt scaling is binary: use 0 or 1`, {
        op: OP,
        argument: 'labels',
        index: i,
        value: y[i],
      });
    positives += Number(y[i]);
  }
  if (positives === 0 || positives === n)
    throw new XentError(
      'INVALID_INPUT',
      `the labels are all ${positives === 0 ? 0 : 1}; Platt scaling needs both classes`,
      {
        op: OP,
        argument: 'labels',
      },
    );
  const high = (positives + 1) / (positives + 2);
  const low = 1 / (n - positives + 2);
  const targets = new Float64Array(n);
  for (let i = 0; i < n; i++) targets[i] = y[i] === 1 ? high : low;
  const z = new Float64Array(n);
  const objective = (a: number, b: number) => {
    for (let i = 0; i < n; i++) z[i] = a * s[i] + b;
    return binaryCrossEntropyWithLogitsWithGrad(z, targets, { reduction: 'sum' });
  };
  // Platt's start: a = 0 and b the log-odds of the smoothed prior.
  let a = 0;
  let b = Math.log((positives + 1) / (n - positives + 1));
  let current = objective(a, b);
  for (let step = 0; step < MAX_NEWTON_STEPS; step++) {
    const r = current.grad.data;
    let ga = 0;
    let gb = 0;
    let haa = 0;
    let hab = 0;
    let hbb = 0;
    for (let i = 0; i < n; i++) {
      const p = sigmoidScalar(a * s[i] + b);
      const w = p * (1 - p);
      ga += r[i] * s[i];
      gb += r[i];
      haa += w * s[i] * s[i];
      hab += w * s[i];
      hbb += w;
    }
    if (Math.max(Math.abs(ga), Math.abs(gb)) < tolerance * n) break;
    // A tiny ridge keeps the 2×2 solve defined when every p(1 − p) underflows.
    haa += 1e-12;
    hbb += 1e-12;
    const det = haa * hbb - hab * hab;
    const da = -(hbb * ga - hab * gb) / det;
    const db = -(haa * gb - hab * ga) / det;
    let t = 1;
    let next = objective(a + t * da, b + t * db);
    while (next.loss > current.loss + 1e-4 * t * (ga * da + gb * db) && t > 1e-10) {
      t /= 2;
      next = objective(a + t * da, b + t * db);
    }
    if (t <= 1e-10) break;
    a += t * da;
    b += t * db;
    current = next;
  }
  return { a, b };
}
