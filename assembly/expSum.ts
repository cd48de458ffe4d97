// Σ exp(x − m) over a row whose max is m, with or without writing each exp(x − m) out (softmax
// and the gradients need them, a forward loss only their sum). Everything reads or writes
// exactly `n` floats: vector loads cover the multiples of 4, and the last 1–3 elements are
// gathered into one vector padded with −Infinity, whose exponentials are exactly 0.
import { EXP_CUTOFF, expAboveCutoff, expNonPositive } from './math';
import { FOLD_FLOATS, laneCount, loadTail, storeTail, sumToF64 } from './vectors';

/**
 * Σ exp(x − m) as two parts, in one v128 (f64x2): lane 0 counts the values equal to m, each of
 * which adds exactly 1, and lane 1 sums the other terms. The first max's block is summed apart,
 * without them, so that lane 1 keeps its full float32 precision: adding small terms to a
 * float32 lane that holds the 1 would round each to 2⁻²⁴, and for a confident row (Σ = 1 + ε
 * with ε ≈ the loss) that is ε's whole precision: log Σ would be wrong by 1e-7 / ε relative
 * (20 % at a loss of 2e-8). Both parts come back in the return value (see RowRange for why not
 * an out address).
 */
export type ExpSum = v128;

// @ts-expect-error: decorator
@inline
function expSumOf(maxTerms: f64, others: f64): ExpSum {
  return f64x2.replace_lane(f64x2.splat(maxTerms), 1, others);
}

/** How many terms equal 1 (the values equal to the max). */
// @ts-expect-error: decorator
@inline
export function maxTermsOf(sum: ExpSum): f64 {
  return f64x2.extract_lane(sum, 0);
}

/** The sum of the terms other than the max's. */
// @ts-expect-error: decorator
@inline
export function otherTermsOf(sum: ExpSum): f64 {
  return f64x2.extract_lane(sum, 1);
}

/** Σ exp(x − m), every term. */
// @ts-expect-error: decorator
@inline
export function totalOf(sum: ExpSum): f64 {
  return maxTermsOf(sum) + otherTermsOf(sum);
}

/** log Σ exp(x − m), without rounding the small terms against the 1s. */
// @ts-expect-error: decorator
@inline
export function logOf(sum: ExpSum): f64 {
  const count = maxTermsOf(sum);
  const others = otherTermsOf(sum);
  return count > 0 ? logCountPlus(count, others) : Math.log(others);
}

/**
 * log(count + others), count ≥ 1, in float64. For a confident row (count 1, others ≈ its loss
 * < 1e-3) the series of log1p to others⁴ (relative error below 2e-13): a few multiplies, where
 * Math.log1p for every row cost a 10-class row a quarter more time. Elsewhere log, which loses
 * nothing once others is not small.
 */
// @ts-expect-error: decorator
@inline
export function logCountPlus(count: f64, others: f64): f64 {
  if (count == 1 && others < 1e-3) {
    return others * (1 - others * (0.5 - others * (1.0 / 3.0 - others * 0.25)));
  }
  return Math.log(count + others);
}

/** The row after row r (which starts at p) of a block of `rows`, or 0 after the last. */
// @ts-expect-error: decorator
@inline
export function nextRow(p: usize, r: i32, rows: i32, rowBytes: usize): usize {
  return r + 1 < rows ? p + rowBytes : 0;
}

/**
 * Σ exp(x − m) over n floats, m ≥ every x. `low` is the smallest x (rangeMin) or −Infinity.
 * Where `next` is not 0 it is the next row (n floats too), and one float of each of its cache
 * lines is loaded along the way: the row's max pass then reads it from cache instead of waiting
 * on memory while the SIMD units idle (fwd+bwd of 1024 × 32000: ~10 % faster on one thread).
 */
export function sumExp(p: usize, n: i32, m: f32, low: f32, next: usize): ExpSum {
  return sumApartFromMax(p, 0, n, m, low, next, false);
}

/** sumExp, writing every exp(x − m) to `out` (which may be `p` itself). */
export function sumExpStore(p: usize, out: usize, n: i32, m: f32, low: f32, next: usize): ExpSum {
  return sumApartFromMax(p, out, n, m, low, next, true);
}

// Where the touch-ahead loads go, so that they are not optimised away.
let touched: i32 = 0;

/**
 * The ranges before and after the 32-value block that holds the first max, and that block apart
 * (blockWithoutMax). `store` is a constant at both call sites, so each compiles to its own code.
 */
// @ts-expect-error: decorator
@inline
function sumApartFromMax(
  p: usize, out: usize, n: i32, m: f32, low: f32, next: usize, store: bool,
): ExpSum {
  const at = firstIndexOf(p, n, m);
  if (at < 0) return expSumOf(0, rangeSum(p, out, n, m, low, next, store));
  const start = at & ~31;
  const end = min(n, start + 32);
  const startBytes = <usize>start << 2;
  const endBytes = <usize>end << 2;
  const before = rangeSum(p, out, start, m, low, next, store);
  const block = blockWithoutMax(p + startBytes, out + startBytes, end - start, m, store);
  const nextAfter = next ? next + endBytes : 0;
  const after = rangeSum(p + endBytes, out + endBytes, n - end, m, low, nextAfter, store);
  return expSumOf(maxTermsOf(block), before + otherTermsOf(block) + after);
}

/** The index of the first of n floats equal to m, or −1. */
function firstIndexOf(p: usize, n: i32, m: f32): i32 {
  const vm = f32x4.splat(m);
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const q = p + (<usize>i << 2);
    const hit01 = v128.or(f32x4.eq(v128.load(q), vm), f32x4.eq(v128.load(q, 16), vm));
    const hit23 = v128.or(f32x4.eq(v128.load(q, 32), vm), f32x4.eq(v128.load(q, 48), vm));
    if (v128.any_true(v128.or(hit01, hit23))) break;
  }
  for (; i < n; i++) if (load<f32>(p + (<usize>i << 2)) == m) return i;
  return -1;
}

/** One block of n (≤ 32) floats: the count of values equal to m, and the sum of the rest. */
// @ts-expect-error: decorator
@inline
function blockWithoutMax(p: usize, out: usize, n: i32, m: f32, store: bool): ExpSum {
  const vm = f32x4.splat(m);
  const zero = f32x4.splat(0);
  let sum = zero;
  let count = 0;
  for (let i = 0; i < n; i += 4) {
    const offset = <usize>i << 2;
    const left = n - i;
    const x = left >= 4 ? v128.load(p + offset) : loadTail(p + offset, left, -Infinity);
    const d = f32x4.sub(x, vm);
    const e = expNonPositive(d);
    if (store) {
      if (left >= 4) v128.store(out + offset, e);
      else storeTail(out + offset, left, e);
    }
    const top = f32x4.eq(d, zero);
    count += laneCount(top);
    sum = f32x4.add(sum, v128.andnot(e, top));
  }
  return expSumOf(<f64>count, sumToF64(sum));
}

/** Σ exp(x − m) over a range, every term included (and written to `out` where `store`). */
// @ts-expect-error: decorator
@inline
function rangeSum(p: usize, out: usize, n: i32, m: f32, low: f32, next: usize, store: bool): f64 {
  return store ? storedRangeSum(p, out, n, m, low, next) : plainRangeSum(p, n, m, low, next);
}

// The two instantiations of rangeTerms, each a function of its own so that the four loops
// (store or not, mask or not) are compiled once however many call sites reach them.
function plainRangeSum(p: usize, n: i32, m: f32, low: f32, next: usize): f64 {
  return rangeTerms(p, 0, n, m, low, next, false);
}

function storedRangeSum(p: usize, out: usize, n: i32, m: f32, low: f32, next: usize): f64 {
  return rangeTerms(p, out, n, m, low, next, true);
}

/**
 * The template behind both: the mask on each exp only where some x − m may lie below the
 * exp's cutoff (x ≥ low rules it out: nearly every row), the stores only where `store`.
 */
// @ts-expect-error: decorator
@inline
function rangeTerms(p: usize, out: usize, n: i32, m: f32, low: f32, next: usize, store: bool): f64 {
  return low - m >= EXP_CUTOFF
    ? termsLoop(p, out, n, m, next, false, store)
    : termsLoop(p, out, n, m, next, true, store);
}

// @ts-expect-error: decorator
@inline
function termsLoop(p: usize, out: usize, n: i32, m: f32, next: usize, mask: bool, store: bool): f64 {
  const vm = f32x4.splat(m);
  // Floats per step. Without stores, eight independent exponentials per step, added as a tree:
  // V8 schedules the instructions in the order written, and eight interleaved chains keep the
  // SIMD units busy where four (each with its own accumulator) left them waiting on latency
  // (0.65 against 1.03 ns per value). With stores, four: eight spill registers once the stores
  // hold them. FOLD_FLOATS is a multiple of both.
  const step = store ? 16 : 32;
  let total: f64 = 0;
  let i = 0;
  const whole = n & ~(step - 1);
  let ahead = 0;
  while (i < whole) {
    let a = f32x4.splat(0);
    const end = min(whole, i + FOLD_FLOATS);
    for (; i < end; i += step) {
      const offset = <usize>i << 2;
      // One load per 64-byte line of the next row (see sumExp).
      if (next) {
        ahead ^= load<i32>(next + offset);
        if (!store) ahead ^= load<i32>(next + offset, 64);
      }
      let sum = fourTerms(p + offset, out + offset, vm, mask, store);
      if (!store) sum = f32x4.add(sum, fourTerms(p + offset + 64, 0, vm, mask, false));
      a = f32x4.add(a, sum);
    }
    total += sumToF64(a);
  }
  let rest = f32x4.splat(0);
  for (; i + 4 <= n; i += 4) {
    const offset = <usize>i << 2;
    const e = termAt(p + offset, 0, vm, true);
    if (store) v128.store(out + offset, e);
    rest = f32x4.add(rest, e);
  }
  if (i < n) {
    const offset = <usize>i << 2;
    const e = expNonPositive(f32x4.sub(loadTail(p + offset, n - i, -Infinity), vm));
    if (store) storeTail(out + offset, n - i, e);
    rest = f32x4.add(rest, e);
  }
  touched ^= ahead;
  return total + sumToF64(rest);
}

/** exp(x − m) of the 16 floats at q, written to `o` where `store`; their sum as a tree. */
// @ts-expect-error: decorator
@inline
function fourTerms(q: usize, o: usize, vm: v128, mask: bool, store: bool): v128 {
  const e0 = termAt(q, 0, vm, mask);
  const e1 = termAt(q, 16, vm, mask);
  const e2 = termAt(q, 32, vm, mask);
  const e3 = termAt(q, 48, vm, mask);
  if (store) {
    v128.store(o, e0);
    v128.store(o, e1, 16);
    v128.store(o, e2, 32);
    v128.store(o, e3, 48);
  }
  return f32x4.add(f32x4.add(e0, e1), f32x4.add(e2, e3));
}

/** exp(x − m) of the four floats at q + offset; `mask` where x − m may be below the cutoff. */
// @ts-expect-error: decorator
@inline
function termAt(q: usize, offset: usize, vm: v128, mask: bool): v128 {
  const d = f32x4.sub(v128.load(q + offset), vm);
  return mask ? expNonPositive(d) : expAboveCutoff(d);
}
