import {
  type CheckContext,
  checkProbability,
  isNormalized,
  normalizationTolerance,
  notNormalizedError,
  PROBABILITY_FIX,
} from './checks/probability.js';
import { checkSameShape } from './checks/shape.js';
import { XentError } from './errors.js';
import { entropyRowsFast } from './fast/entropy.js';
import { checkOptionKeys } from './optionKeys.js';
import { BASE_KEYS, type BaseOption, logBaseDivisor } from './options.js';
import {
  allocate,
  type FloatArray,
  formatIndex,
  Tensor,
  type TensorLike,
  toTensor,
  withoutAxis,
} from './tensor.js';

type Distribution = { tensor: Tensor; rows: number; length: number };

function probabilityContext(op: string, argument: string, shape: readonly number[]): CheckContext {
  return { op, argument, shape, fix: PROBABILITY_FIX };
}

/**
 * Reads and checks distributions along the last axis: entries in [0, 1] and every row summing to
 * 1 within NORMALIZATION_TOLERANCE (for float32 input, within the rounding a float32 row can carry).
 */
function toDistributions(x: TensorLike, op: string, argument: string): Distribution {
  const tensor = toTensor(x, { op, argument });
  if (tensor.rank === 0) {
    throw new XentError(
      'INVALID_SHAPE',
      `${argument} is a single number; pass a distribution (an array summing to 1)`,
      {
        op,
        argument,
      },
    );
  }
  const length = tensor.shape[tensor.rank - 1];
  const rows = length === 0 ? 0 : tensor.size / length;
  const tolerance = normalizationTolerance(tensor.dtype, length);
  const context = probabilityContext(op, argument, tensor.shape);
  const data = tensor.data;
  for (let row = 0; row < rows; row++) {
    let sum = 0;
    for (let k = row * length; k < (row + 1) * length; k++) sum += checkProbability(data[k], k, context);
    if (isNormalized(sum, tolerance)) continue;
    throw notNormalizedError(sum, tolerance, {
      where: `${argument}${rows > 1 ? ` row ${formatIndex(row, tensor.shape.slice(0, -1))}` : ''}`,
      index: row * length,
      op,
      argument,
      fix: 'divide it by its sum, or use softmax for logits',
    });
  }
  return { tensor, rows, length };
}

/** p and q of a two-distribution measure must describe the same outcomes. */
function checkSameOutcomes(p: Tensor, q: Tensor, op: string): void {
  checkSameShape(p, q, { op, names: ['p', 'q'], why: 'both must describe the same outcomes' });
}

/** A number for a single distribution, one value per row (last axis removed) otherwise. */
function perRow(p: Tensor, values: FloatArray): number | Tensor {
  return p.rank === 1 ? values[0] : new Tensor(values, withoutAxis(p.shape, p.rank - 1));
}

/** Sums `term(p, q)` along each row of two distributions, in float64, then divides by ln(base). */
function rowSums(
  p: Distribution,
  q: Tensor | undefined,
  divisor: number,
  term: (pk: number, qk: number) => number,
): FloatArray {
  const out = allocate(p.tensor.dtype, p.rows);
  const pData = p.tensor.data;
  const qData = q?.data ?? pData;
  for (let row = 0; row < p.rows; row++) {
    let sum = 0;
    for (let k = row * p.length; k < (row + 1) * p.length; k++) sum += term(pData[k], qData[k]);
    out[row] = sum / divisor;
  }
  return out;
}

/** p·log(p/q) with the conventions 0·log(0/q) = 0 and p·log(p/0) = +Infinity for p > 0. */
function relativeEntropyTerm(pk: number, qk: number): number {
  return pk === 0 ? 0 : pk * Math.log(pk / qk);
}

/**
 * surprisal(p) = −log p: how surprising an outcome of probability p is.
 *
 * Special cases: surprisal(1) = 0; surprisal(0) = +Infinity (an impossible outcome is infinitely
 * surprising); p outside [0, 1] or NaN throws `INVALID_PROBABILITY`.
 *
 * @example surprisal(0.001, { base: 2 }) // 9.965784284662087
 */
export function surprisal(p: number, options?: BaseOption): number;
export function surprisal(p: TensorLike, options?: BaseOption): Tensor;
export function surprisal(p: TensorLike, options: BaseOption = {}): number | Tensor {
  checkOptionKeys(options, BASE_KEYS, 'surprisal');
  const op = 'surprisal';
  const divisor = logBaseDivisor(options.base, op);
  const tensor = toTensor(p, { op, argument: 'p' });
  const context = probabilityContext(op, 'p', tensor.shape);
  const out = allocate(tensor.dtype, tensor.size);
  for (let i = 0; i < out.length; i++) {
    out[i] = (0 - Math.log(checkProbability(tensor.data[i], i, context))) / divisor; // +0 rather than −0 at p = 1
  }
  return typeof p === 'number' ? out[0] : new Tensor(out, tensor.shape);
}

/**
 * entropy(p) = −Σ pᵢ log pᵢ: the expected surprisal of a distribution, along the last axis.
 *
 * Method: a float64 sum of pᵢ·log pᵢ with 0·log 0 = 0.
 *
 * Special cases: 0 for a certain outcome; log n for the uniform distribution over n outcomes (the
 * maximum); entries outside [0, 1] throw `INVALID_PROBABILITY`; a row not summing to 1 throws
 * `NOT_NORMALIZED`.
 *
 * @example entropy([0.2, 0.3, 0.5]) // 1.0296530140645737
 */
export function entropy(p: number[] | FloatArray, options?: BaseOption): number;
export function entropy(p: TensorLike, options?: BaseOption): number | Tensor;
export function entropy(p: TensorLike, options: BaseOption = {}): number | Tensor {
  checkOptionKeys(options, BASE_KEYS, 'entropy');
  const op = 'entropy';
  const distribution = toDistributions(p, op, 'p');
  const { tensor, rows, length } = distribution;
  const divisor = logBaseDivisor(options.base, op);
  const rowEntropy = (pk: number) => (pk === 0 ? 0 : -pk * Math.log(pk));
  const values =
    entropyRowsFast(tensor, rows, length, divisor) ?? rowSums(distribution, undefined, divisor, rowEntropy);
  return perRow(tensor, values);
}

/**
 * crossEntropy(p, q) = −Σ pᵢ log qᵢ: the expected surprisal of outcomes drawn from the true
 * distribution p, scored by the predicted distribution q. It equals entropy(p) + klDivergence(p, q),
 * so it is never below entropy(p), with equality only at q = p.
 *
 * Special cases: terms with pᵢ = 0 contribute 0 whatever qᵢ is; qᵢ = 0 where pᵢ > 0 gives
 * +Infinity; both arguments are checked as distributions.
 *
 * @example crossEntropy([0, 0, 1], [0.1, 0.2, 0.7]) // 0.35667494393873245
 */
export function crossEntropy(
  p: number[] | FloatArray,
  q: number[] | FloatArray,
  options?: BaseOption,
): number;
export function crossEntropy(p: TensorLike, q: TensorLike, options?: BaseOption): number | Tensor;
export function crossEntropy(p: TensorLike, q: TensorLike, options: BaseOption = {}): number | Tensor {
  checkOptionKeys(options, BASE_KEYS, 'crossEntropy');
  const op = 'crossEntropy';
  const truth = toDistributions(p, op, 'p');
  const guess = toDistributions(q, op, 'q').tensor;
  checkSameOutcomes(truth.tensor, guess, op);
  const divisor = logBaseDivisor(options.base, op);
  return perRow(
    truth.tensor,
    rowSums(truth, guess, divisor, (pk, qk) => (pk === 0 ? 0 : -pk * Math.log(qk))),
  );
}

/**
 * klDivergence(p, q) = Σ pᵢ log(pᵢ / qᵢ): the extra surprisal paid for using q when the truth is p.
 *
 * Method: each term as pᵢ·log(pᵢ/qᵢ) (SciPy's rel_entr), which keeps its precision when q ≈ p.
 *
 * Special cases: 0 exactly when q = p; pᵢ = 0 terms are 0; qᵢ = 0 where pᵢ > 0 gives +Infinity.
 *
 * @example klDivergence([0.5, 0.5], [0.9, 0.1]) // 0.5108256237659907
 */
export function klDivergence(
  p: number[] | FloatArray,
  q: number[] | FloatArray,
  options?: BaseOption,
): number;
export function klDivergence(p: TensorLike, q: TensorLike, options?: BaseOption): number | Tensor;
export function klDivergence(p: TensorLike, q: TensorLike, options: BaseOption = {}): number | Tensor {
  checkOptionKeys(options, BASE_KEYS, 'klDivergence');
  const op = 'klDivergence';
  const truth = toDistributions(p, op, 'p');
  const guess = toDistributions(q, op, 'q').tensor;
  checkSameOutcomes(truth.tensor, guess, op);
  return perRow(truth.tensor, rowSums(truth, guess, logBaseDivisor(options.base, op), relativeEntropyTerm));
}

/**
 * jsDivergence(p, q) = ½ KL(p ‖ m) + ½ KL(q ‖ m) with m = (p + q)/2: a symmetric, always finite
 * divergence, at most log 2 (1 bit).
 *
 * Special cases: 0 exactly when q = p; log 2 when p and q have disjoint support.
 *
 * @example jsDivergence([1, 0], [0, 1], { base: 2 }) // 1
 */
export function jsDivergence(
  p: number[] | FloatArray,
  q: number[] | FloatArray,
  options?: BaseOption,
): number;
export function jsDivergence(p: TensorLike, q: TensorLike, options?: BaseOption): number | Tensor;
export function jsDivergence(p: TensorLike, q: TensorLike, options: BaseOption = {}): number | Tensor {
  checkOptionKeys(options, BASE_KEYS, 'jsDivergence');
  const op = 'jsDivergence';
  const first = toDistributions(p, op, 'p');
  const second = toDistributions(q, op, 'q').tensor;
  checkSameOutcomes(first.tensor, second, op);
  const divisor = logBaseDivisor(options.base, op);
  const values = rowSums(first, second, divisor, (pk, qk) => {
    const mk = (pk + qk) / 2;
    return (relativeEntropyTerm(pk, mk) + relativeEntropyTerm(qk, mk)) / 2;
  });
  return perRow(first.tensor, values);
}

function binaryEntropyScalar(p: number): number {
  const plogp = p === 0 ? 0 : p * Math.log(p);
  const qlogq = p === 1 ? 0 : (1 - p) * Math.log1p(-p);
  return 0 - (plogp + qlogq); // 0 − x rather than −x, so a certain outcome gives +0, not −0
}

/**
 * binaryEntropy(p) = −p log p − (1 − p) log(1 − p): the entropy of a coin with heads probability
 * p, elementwise.
 *
 * Special cases: 0 at p = 0 and p = 1; the maximum, log 2 (1 bit), at p = ½; p outside [0, 1]
 * throws `INVALID_PROBABILITY`.
 *
 * @example binaryEntropy(0.5, { base: 2 }) // 1
 */
export function binaryEntropy(p: number, options?: BaseOption): number;
export function binaryEntropy(p: TensorLike, options?: BaseOption): Tensor;
export function binaryEntropy(p: TensorLike, options: BaseOption = {}): number | Tensor {
  checkOptionKeys(options, BASE_KEYS, 'binaryEntropy');
  const op = 'binaryEntropy';
  const divisor = logBaseDivisor(options.base, op);
  const tensor = toTensor(p, { op, argument: 'p' });
  const context = probabilityContext(op, 'p', tensor.shape);
  const out = allocate(tensor.dtype, tensor.size);
  for (let i = 0; i < out.length; i++) {
    out[i] = binaryEntropyScalar(checkProbability(tensor.data[i], i, context)) / divisor;
  }
  return typeof p === 'number' ? out[0] : new Tensor(out, tensor.shape);
}
