// Log-sum-exp of one lane, written once for every caller: softmax and its kin, the class losses'
// reference path, z-loss. The max is subtracted before exponentiating, so every exponential lies
// in (0, 1] and nothing overflows; log p = (x − max) − log(sumExp) keeps full precision even when
// the max is huge.
import { XentError } from '../errors.js';
import { formatIndex } from '../tensor.js';

/** A lane's max (after scaling), its sum of shifted exponentials and its log-sum-exp. */
export interface LaneStatistics {
  max: number;
  sumExp: number;
  /** max + log(sumExp): −Infinity for a lane of −Infinity, +Infinity if one logit is +Infinity. */
  logSumExp: number;
}

/**
 * The max of the lane `x[base + k·stride]·scale`, k < length: NaN if any value is NaN (NaN
 * poisons the lane, as in PyTorch), −Infinity for an empty lane or a lane of only −Infinity.
 */
export function laneMax(
  x: ArrayLike<number>,
  base: number,
  length: number,
  stride: number,
  scale = 1,
): number {
  let max = -Infinity;
  for (let k = 0; k < length; k++) {
    const value = x[base + k * stride] * scale;
    if (value > max) max = value;
    else if (Number.isNaN(value)) return Number.NaN;
  }
  return max;
}

/** The statistics of one lane, its values multiplied by `scale` (1 / temperature) first. */
export function laneStatistics(
  x: ArrayLike<number>,
  base: number,
  length: number,
  stride: number,
  scale = 1,
): LaneStatistics {
  const max = laneMax(x, base, length, stride, scale);
  // +Infinity dominates the sum (log-sum-exp is +Infinity, as in torch.logsumexp); NaN poisons it.
  if (max === Infinity || Number.isNaN(max)) return { max, sumExp: Number.NaN, logSumExp: max };
  if (max === -Infinity) return { max, sumExp: 0, logSumExp: -Infinity };
  let sumExp = 0;
  for (let k = 0; k < length; k++) sumExp += Math.exp(x[base + k * stride] * scale - max);
  return { max, sumExp, logSumExp: max + Math.log(sumExp) };
}

/** The error for a lane whose every logit is −Infinity: no class has any probability. */
export function allMaskedError(
  op: string,
  argument: string,
  flat: number,
  shape: readonly number[],
): XentError {
  return new XentError(
    'ALL_MASKED',
    `every logit in the lane starting at ${argument}${formatIndex(flat, shape)} is -Infinity, so its softmax is undefined; leave at least one class unmasked (or ignore that target)`,
    { op, argument, index: flat, value: -Infinity },
  );
}
