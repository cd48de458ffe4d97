// Log-sum-exp of one row in a single pass over memory (online softmax, by blocks): each block
// is small enough to stay in L1, so its max and its exponentials read it from cache, and the
// running sum is rescaled only when a block raises the running max.
import { hasNaN, rowMax, sumExp } from './rows';

// @ts-expect-error: decorator
@inline const BLOCK: i32 = 2048;

/** log Σ exp(x) over n floats; −Infinity when every x is −Infinity, NaN when any x is NaN. */
export function rowLogSumExp(p: usize, n: i32): f64 {
  let m: f32 = -Infinity;
  let s: f64 = 0;
  for (let start = 0; start < n; start += BLOCK) {
    const length = min(BLOCK, n - start);
    const q = p + (<usize>start << 2);
    const blockMax = rowMax(q, length);
    if (blockMax > m) {
      if (s != 0) s *= Math.exp(<f64>m - <f64>blockMax);
      m = blockMax;
    }
    if (m == -Infinity) {
      if (hasNaN(q, length)) return NaN;
      continue;
    }
    s += sumExp(q, length, m);
  }
  if (m == -Infinity) return -Infinity;
  return <f64>m + Math.log(s);
}
