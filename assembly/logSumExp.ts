// Log-sum-exp of one row. Rows up to 64K classes (which fit in L2 next to the row after them)
// take two passes: the max, then Σ exp(x − max) from cache, touching the next row on the way so
// that its max pass finds it in cache as well (1024 × 32000: 27 → 23 ms on one thread). Longer
// rows take one pass over memory by blocks (online softmax): each block's max and exponentials
// read it from L1, and the running sum is rescaled only when a block raises the running max.
import { expNonPositive } from './math';
import { logCountPlus, logOf, maxTermsOf, otherTermsOf, sumExp } from './expSum';
import { hasNaN, rangeMax, rangeMin, rowRange } from './rowRange';
import { laneCount, lanesMax, shortRowVector, sumToF64 } from './vectors';

// @ts-expect-error: decorator
@inline const TWO_PASS_MAX: i32 = 65536;
// @ts-expect-error: decorator
@inline const BLOCK: i32 = 2048;

/**
 * log Σ exp(x) over n floats; −Infinity when every x is −Infinity, NaN when any x is NaN. `next`
 * is the row after this one (n floats), or 0.
 */
export function rowLogSumExp(p: usize, n: i32, next: usize): f64 {
  if (n <= 16) return shortRowLogSumExp(p, n);
  if (n > TWO_PASS_MAX) return blockedLogSumExp(p, n);
  const range = rowRange(p, n);
  const m = rangeMax(range);
  if (m == -Infinity) return hasNaN(p, n) ? NaN : -Infinity;
  return <f64>m + logOf(sumExp(p, n, m, rangeMin(range), next));
}

function blockedLogSumExp(p: usize, n: i32): f64 {
  let m: f32 = -Infinity;
  // Σ exp(x − m) as the count of values equal to m and the sum of the others (see ExpSum).
  let ones: f64 = 0;
  let others: f64 = 0;
  for (let start = 0; start < n; start += BLOCK) {
    const length = min(BLOCK, n - start);
    const q = p + (<usize>start << 2);
    const range = rowRange(q, length);
    const blockMax = rangeMax(range);
    if (blockMax > m) {
      if (ones + others != 0) others = (others + ones) * Math.exp(<f64>m - <f64>blockMax);
      ones = 0;
      m = blockMax;
    }
    if (m == -Infinity) {
      if (hasNaN(q, length)) return NaN;
      continue;
    }
    const sum = sumExp(q, length, m, rangeMin(range), 0);
    others += otherTermsOf(sum);
    ones += maxTermsOf(sum);
  }
  if (m == -Infinity) return -Infinity;
  return <f64>m + (ones > 0 ? logCountPlus(ones, others) : Math.log(others));
}

/**
 * log Σ exp(x) of a short row (1 ≤ n ≤ 16) held in at most four registers: one load of each
 * value, no loops. Short rows (a 10-class classifier) spent a third of their time in the
 * general path's loop and block bookkeeping.
 */
function shortRowLogSumExp(p: usize, n: i32): f64 {
  const v0 = shortRowVector(p, n, 0);
  const v1 = shortRowVector(p, n, 1);
  const v2 = shortRowVector(p, n, 2);
  const v3 = shortRowVector(p, n, 3);
  const vm = lanesMax(f32x4.pmax(f32x4.pmax(v0, v1), f32x4.pmax(v2, v3)));
  const m = f32x4.extract_lane(vm, 0);
  if (m == -Infinity) return hasNaN(p, n) ? NaN : -Infinity;
  // The values equal to m are counted, not summed (see ExpSum in expSum.ts).
  const top0 = f32x4.eq(v0, vm);
  let count = laneCount(top0);
  let sum = v128.andnot(expNonPositive(f32x4.sub(v0, vm)), top0);
  if (n > 4) {
    const top = f32x4.eq(v1, vm);
    count += laneCount(top);
    sum = f32x4.add(sum, v128.andnot(expNonPositive(f32x4.sub(v1, vm)), top));
  }
  if (n > 8) {
    const top = f32x4.eq(v2, vm);
    count += laneCount(top);
    sum = f32x4.add(sum, v128.andnot(expNonPositive(f32x4.sub(v2, vm)), top));
  }
  if (n > 12) {
    const top = f32x4.eq(v3, vm);
    count += laneCount(top);
    sum = f32x4.add(sum, v128.andnot(expNonPositive(f32x4.sub(v3, vm)), top));
  }
  return <f64>m + logCountPlus(<f64>count, sumToF64(sum));
}
