// The probability checks, written once: an entry is a number in [0, 1], a distribution sums to 1
// within one tolerance rule. Every family (information measures, class losses, binary losses,
// targets, metrics) reports the same mistake with the same code and the same words.
import { formatValue, XentError } from '../errors.js';
import { firstOutsideUnitFast } from '../fast/unitRange.js';
import { type DType, formatIndex } from '../tensor.js';
import { nanError } from './values.js';

/** How far a distribution's sum may stray from 1 before it is an error (float64 data). */
export const NORMALIZATION_TOLERANCE = 1e-6;

/**
 * The tolerance on a distribution's sum: NORMALIZATION_TOLERANCE, or for float32 data the rounding
 * a normalised float32 row of `length` entries can carry, if that is larger.
 */
export function normalizationTolerance(dtype: DType, length: number): number {
  return dtype === 'float32' ? Math.max(NORMALIZATION_TOLERANCE, length * 2 ** -23) : NORMALIZATION_TOLERANCE;
}

/** Where a value sits, for an error: the op, the argument, and the array's shape. */
export interface CheckContext {
  op: string;
  argument: string;
  shape: readonly number[];
  /** What the caller should do instead, ending the message. */
  fix: string;
}

/** The fix a probability out of range gets unless the caller knows a better one. */
export const PROBABILITY_FIX = 'every entry must be a number in [0, 1]';

/** The error for element `index` of an argument that is not a probability: negative or above 1 (NaN: INVALID_VALUE). */
export function notProbabilityError(value: number, index: number, context: CheckContext): XentError {
  const { op, argument, shape, fix } = context;
  if (Number.isNaN(value)) return nanError(index, context, fix);
  return new XentError(
    'INVALID_PROBABILITY',
    `${argument}${formatIndex(index, shape)} = ${formatValue(value)} is not a probability; ${fix}`,
    { op, argument, index, value, expected: '[0, 1]' },
  );
}

/** Checks one value; returns it, so a loop can check and read in one step. */
export function checkProbability(value: number, index: number, context: CheckContext): number {
  if (!(value >= 0 && value <= 1)) throw notProbabilityError(value, index, context);
  return value;
}

/** Checks that every element is a probability in [0, 1] (NaN is not one). */
export function checkProbabilities(data: ArrayLike<number>, context: CheckContext): void {
  const n = data.length;
  // Where the kernels find a value out of range, the scan below starts there and reports it.
  const flagged = firstOutsideUnitFast(data);
  if (flagged === -1) return;
  let i = flagged ?? 0;
  // Valid input is the rule: test four values per step (half the time of one at a time in V8)
  // and fall through to the exact scan below at the first block with anything outside [0, 1].
  for (; i + 4 <= n; i += 4) {
    const a = data[i];
    const b = data[i + 1];
    const c = data[i + 2];
    const d = data[i + 3];
    if (!(a >= 0 && a <= 1 && b >= 0 && b <= 1 && c >= 0 && c <= 1 && d >= 0 && d <= 1)) break;
  }
  for (; i < n; i++) {
    const v = data[i];
    if (!(v >= 0 && v <= 1)) throw notProbabilityError(v, i, context);
  }
}

/** Whether a distribution's sum is 1 within `tolerance` (see normalizationTolerance); NaN passes (it propagates). */
export function isNormalized(sum: number, tolerance: number): boolean {
  return !(Math.abs(sum - 1) > tolerance);
}

/**
 * The error for a distribution whose sum is not 1. `where` names the row in the message
 * ("p row [1]", "the target row starting at target[0, 0]"); callers build it only on failure.
 */
export function notNormalizedError(
  sum: number,
  tolerance: number,
  {
    where,
    index,
    op,
    argument,
    fix,
  }: { where: string; index: number; op: string; argument: string; fix: string },
): XentError {
  return new XentError('NOT_NORMALIZED', `${where} sums to ${sum}, not 1 (tolerance ${tolerance}); ${fix}`, {
    op,
    argument,
    index,
    value: sum,
    expected: 1,
  });
}
