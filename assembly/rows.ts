// Row primitives over float32 data at raw addresses. Everything here reads or writes exactly
// `n` floats: vector loads cover the multiples of 4, and the last 1–3 elements are gathered into
// one vector padded with −Infinity, whose exponentials are exactly 0.
import { EXP_CUTOFF, expAboveCutoff, expNonPositive } from './math';

// Partial sums stay in f32 lanes for at most this many vectors, then fold into f64, so the
// float32 rounding error of a sum is that of ~64 terms however long the row is.
// @ts-expect-error: decorator
@inline const FOLD_VECTORS: i32 = 128;

// @ts-expect-error: decorator
@inline
export function sumToF64(v: v128): f64 {
  const low = f64x2.promote_low_f32x4(v);
  const high = f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3));
  const both = f64x2.add(low, high);
  return f64x2.extract_lane(both, 0) + f64x2.extract_lane(both, 1);
}

/** The last `count` (1–3) floats at `p` in the low lanes, the other lanes `fill`. */
// @ts-expect-error: decorator
@inline
export function loadTail(p: usize, count: i32, fill: f32): v128 {
  let v = f32x4.splat(fill);
  v = f32x4.replace_lane(v, 0, load<f32>(p));
  if (count > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (count > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}

// @ts-expect-error: decorator
@inline
export function storeTail(p: usize, count: i32, v: v128): void {
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (count > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (count > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}

/** The smallest of the floats the last rowMax call read (NaN skipped), its second result. */
export let rowMin: f32 = 0;

/**
 * The largest of n floats, and the smallest into rowMin: a row whose range fits the exp's
 * (rowMin − max ≥ EXP_CUTOFF, nearly every row) skips the mask on each value. `pmax`
 * and `pmin` are one instruction where `max` and `min` need NaN fix-ups; a NaN they skip still
 * reaches the sum of exponentials and turns the row's result into NaN.
 */
export function rowMax(p: usize, n: i32): f32 {
  let m0 = f32x4.splat(-Infinity);
  let m1 = m0;
  let l0 = f32x4.splat(Infinity);
  let l1 = l0;
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const q = p + (<usize>i << 2);
    const v0 = v128.load(q);
    const v1 = v128.load(q, 16);
    m0 = f32x4.pmax(m0, v0);
    m1 = f32x4.pmax(m1, v1);
    l0 = f32x4.pmin(l0, v0);
    l1 = f32x4.pmin(l1, v1);
  }
  if (i + 4 <= n) {
    const v = v128.load(p + (<usize>i << 2));
    m0 = f32x4.pmax(m0, v);
    l0 = f32x4.pmin(l0, v);
    i += 4;
  }
  if (i < n) {
    m1 = f32x4.pmax(m1, loadTail(p + (<usize>i << 2), n - i, -Infinity));
    l1 = f32x4.pmin(l1, loadTail(p + (<usize>i << 2), n - i, Infinity));
  }
  let low = f32x4.pmin(l0, l1);
  low = f32x4.pmin(low, v128.shuffle<f32>(low, low, 2, 3, 0, 1));
  low = f32x4.pmin(low, v128.shuffle<f32>(low, low, 1, 0, 3, 2));
  rowMin = f32x4.extract_lane(low, 0);
  return f32x4.extract_lane(lanesMax(f32x4.pmax(m0, m1)), 0);
}

/** The largest lane of v in every lane (NaN lanes skipped, as `pmax` does). */
// @ts-expect-error: decorator
@inline
export function lanesMax(v: v128): v128 {
  const half = f32x4.pmax(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  return f32x4.pmax(half, v128.shuffle<f32>(half, half, 1, 0, 3, 2));
}

/** Vector k (0–3) of a short row of n ≤ 16 floats, −Infinity in the lanes past n. */
// @ts-expect-error: decorator
@inline
export function shortRowVector(p: usize, n: i32, k: i32): v128 {
  const first = k << 2;
  const q = p + (<usize>first << 2);
  if (n >= first + 4) return v128.load(q);
  return n > first ? loadTail(q, n - first, -Infinity) : f32x4.splat(-Infinity);
}

/** Whether any of n floats is NaN (only asked about rows whose max came out −Infinity). */
export function hasNaN(p: usize, n: i32): bool {
  for (let i = 0; i < n; i++) {
    const x = load<f32>(p + (<usize>i << 2));
    if (x != x) return true;
  }
  return false;
}

/** The row after row r (which starts at p) of a block of `rows`, or 0 after the last. */
// @ts-expect-error: decorator
@inline
export function nextRow(p: usize, r: i32, rows: i32, rowBytes: usize): usize {
  return r + 1 < rows ? p + rowBytes : 0;
}

// Where the touch-ahead loads of sumExp and sumExpStore go, so that they are not optimised away.
let touched: i32 = 0;

/**
 * How many of the values the last sumExp or sumExpStore call read are equal to m: each adds
 * exactly 1 to Σ exp(x − m), and the first one's block is summed apart, without them, so that the
 * sum those calls return is Σ over the other terms with its full float32 precision. Adding small
 * terms to a float32 lane that holds the 1 would round each to 2⁻²⁴: for a confident row
 * (Σ = 1 + ε with ε ≈ the loss) that is ε's whole precision, and log Σ is then wrong by 1e-7 / ε
 * relative (20 % at a loss of 2e-8).
 */
export let maxTerms: i32 = 0;

/** log Σ exp(x − m) from the sum of the other terms (what sumExp returned) and maxTerms. */
// @ts-expect-error: decorator
@inline
export function logSumFrom(others: f64): f64 {
  return maxTerms > 0 ? logCountPlus(maxTerms, others) : Math.log(others);
}

/**
 * log(count + others), count ≥ 1, in float64. For a confident row (count 1, others ≈ its loss
 * < 1e-3) the series of log1p to others⁴ (relative error below 2e-13): a few multiplies, where
 * Math.log1p for every row cost a 10-class row a quarter more time. Elsewhere log, which loses
 * nothing once others is not small.
 */
// @ts-expect-error: decorator
@inline
export function logCountPlus(count: i32, others: f64): f64 {
  if (count == 1 && others < 1e-3) {
    return others * (1 - others * (0.5 - others * (1.0 / 3.0 - others * 0.25)));
  }
  return Math.log(<f64>count + others);
}

/** How many lanes of a comparison mask are set (a short row's count of values equal to its max). */
// @ts-expect-error: decorator
@inline
export function laneCount(mask: v128): i32 {
  return <i32>popcnt(i32x4.bitmask(mask));
}

/**
 * Σ exp(x − m) over n floats but for the terms of the values equal to m (counted in maxTerms);
 * m ≥ every x. `low` is the smallest x (rowMin) or −Infinity; `next` is the next row or 0 (see
 * sumExpStore).
 */
export function sumExp(p: usize, n: i32, m: f32, low: f32, next: usize): f64 {
  return sumApartFromMax(p, 0, n, m, low, next, false);
}

/**
 * The sum of the terms but for the max's (which it counts into maxTerms): the ranges before and
 * after the 32-value block that holds the first max, and that block apart (blockWithoutMax).
 * Writes every exp(x − m) to `out` where `store`.
 */
// @ts-expect-error: decorator
@inline
function sumApartFromMax(
  p: usize, out: usize, n: i32, m: f32, low: f32, next: usize, store: bool,
): f64 {
  const at = firstIndexOf(p, n, m);
  if (at < 0) {
    maxTerms = 0;
    return rangeSum(p, out, n, m, low, next, store);
  }
  const start = at & ~31;
  const end = min(n, start + 32);
  const startBytes = <usize>start << 2;
  const endBytes = <usize>end << 2;
  const before = rangeSum(p, out, start, m, low, next, store);
  const block = blockWithoutMax(p + startBytes, out + startBytes, end - start, m, store);
  const nextAfter = next ? next + endBytes : 0;
  const after = rangeSum(p + endBytes, out + endBytes, n - end, m, low, nextAfter, store);
  return before + block + after;
}

/** Σ exp(x − m) over a range, every term included, written to `out` too where `store`. */
// @ts-expect-error: decorator
@inline
function rangeSum(p: usize, out: usize, n: i32, m: f32, low: f32, next: usize, store: bool): f64 {
  return store ? storeRange(p, out, n, m, low, next) : sumRange(p, n, m, low, next);
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

/**
 * Σ exp(x − m) over the n (≤ 32) floats of one block but for those equal to m, which it counts
 * into maxTerms; writes every exp(x − m) to `out` where `store`.
 */
// @ts-expect-error: decorator
@inline
function blockWithoutMax(p: usize, out: usize, n: i32, m: f32, store: bool): f64 {
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
  maxTerms = count;
  return sumToF64(sum);
}

function sumRange(p: usize, n: i32, m: f32, low: f32, next: usize): f64 {
  return inExpRange(low, m) ? sumExpWith(p, n, m, next, false) : sumExpWith(p, n, m, next, true);
}

/** Whether every x − m with x ≥ low is at or above the exp's cutoff (false for NaN). */
// @ts-expect-error: decorator
@inline
function inExpRange(low: f32, m: f32): bool {
  return low - m >= EXP_CUTOFF;
}

// @ts-expect-error: decorator
@inline
function sumExpWith(p: usize, n: i32, m: f32, next: usize, mask: bool): f64 {
  const vm = f32x4.splat(m);
  let total: f64 = 0;
  let i = 0;
  const whole = n & ~31;
  let ahead = 0;
  while (i < whole) {
    let a = f32x4.splat(0);
    const end = min(whole, i + FOLD_VECTORS * 4);
    // Eight independent exponentials per step, added as a tree: V8 schedules the instructions in
    // the order written, and eight interleaved chains keep the SIMD units busy where four (each
    // with its own accumulator) left them waiting on latency (0.65 against 1.03 ns per value).
    for (; i < end; i += 32) {
      const q = p + (<usize>i << 2);
      if (next) ahead ^= load<i32>(next + (<usize>i << 2)) ^ load<i32>(next + (<usize>i << 2), 64);
      const e01 = f32x4.add(termAt(q, 0, vm, mask), termAt(q, 16, vm, mask));
      const e23 = f32x4.add(termAt(q, 32, vm, mask), termAt(q, 48, vm, mask));
      const e45 = f32x4.add(termAt(q, 64, vm, mask), termAt(q, 80, vm, mask));
      const e67 = f32x4.add(termAt(q, 96, vm, mask), termAt(q, 112, vm, mask));
      a = f32x4.add(a, f32x4.add(f32x4.add(e01, e23), f32x4.add(e45, e67)));
    }
    total += sumToF64(a);
  }
  let rest = f32x4.splat(0);
  for (; i + 4 <= n; i += 4) rest = f32x4.add(rest, termAt(p + (<usize>i << 2), 0, vm, true));
  if (i < n) {
    const tail = loadTail(p + (<usize>i << 2), n - i, -Infinity);
    rest = f32x4.add(rest, expNonPositive(f32x4.sub(tail, vm)));
  }
  touched ^= ahead;
  return total + sumToF64(rest);
}

// @ts-expect-error: decorator
@inline
function termAt(q: usize, offset: usize, vm: v128, mask: bool): v128 {
  const d = f32x4.sub(v128.load(q + offset), vm);
  return mask ? expNonPositive(d) : expAboveCutoff(d);
}

/**
 * sumExp's sum (and maxTerms), writing every exp(x − m) to `out` (which may be `p` itself).
 * Where `next` is not 0 it is the next row (n floats too), and one float of each of its cache
 * lines is loaded along the way: the row's max pass then reads it from cache instead of waiting
 * on memory while the SIMD units idle (fwd+bwd of 1024 × 32000: ~10 % faster on one thread).
 */
export function sumExpStore(p: usize, out: usize, n: i32, m: f32, low: f32, next: usize): f64 {
  return sumApartFromMax(p, out, n, m, low, next, true);
}

function storeRange(p: usize, out: usize, n: i32, m: f32, low: f32, next: usize): f64 {
  return inExpRange(low, m)
    ? sumExpStoreWith(p, out, n, m, next, false)
    : sumExpStoreWith(p, out, n, m, next, true);
}

// @ts-expect-error: decorator
@inline
function sumExpStoreWith(p: usize, out: usize, n: i32, m: f32, next: usize, mask: bool): f64 {
  const vm = f32x4.splat(m);
  let total: f64 = 0;
  let i = 0;
  const whole = n & ~15;
  let ahead = 0;
  while (i < whole) {
    let a = f32x4.splat(0);
    const end = min(whole, i + FOLD_VECTORS * 4);
    // Four interleaved exponentials per step (eight spill registers once the stores hold them).
    for (; i < end; i += 16) {
      const offset = <usize>i << 2;
      if (next) ahead ^= load<i32>(next + offset);
      const q = p + offset;
      const o = out + offset;
      const e0 = storedAt(q, 0, vm, mask);
      const e1 = storedAt(q, 16, vm, mask);
      const e2 = storedAt(q, 32, vm, mask);
      const e3 = storedAt(q, 48, vm, mask);
      v128.store(o, e0);
      v128.store(o, e1, 16);
      v128.store(o, e2, 32);
      v128.store(o, e3, 48);
      a = f32x4.add(a, f32x4.add(f32x4.add(e0, e1), f32x4.add(e2, e3)));
    }
    total += sumToF64(a);
  }
  let rest = f32x4.splat(0);
  for (; i + 4 <= n; i += 4) {
    const offset = <usize>i << 2;
    const e = expNonPositive(f32x4.sub(v128.load(p + offset), vm));
    v128.store(out + offset, e);
    rest = f32x4.add(rest, e);
  }
  if (i < n) {
    const offset = <usize>i << 2;
    const e = expNonPositive(f32x4.sub(loadTail(p + offset, n - i, -Infinity), vm));
    storeTail(out + offset, n - i, e);
    rest = f32x4.add(rest, e);
  }
  touched ^= ahead;
  return total + sumToF64(rest);
}

// @ts-expect-error: decorator
@inline
function storedAt(q: usize, offset: usize, vm: v128, mask: bool): v128 {
  const d = f32x4.sub(v128.load(q + offset), vm);
  return mask ? expNonPositive(d) : expAboveCutoff(d);
}

/** Σ w·(x − m) over n floats, with w = 1 where `w` is 0 (no weights). */
export function sumShifted(p: usize, w: usize, n: i32, m: f32): f64 {
  const vm = f32x4.splat(m);
  let total: f64 = 0;
  let i = 0;
  const whole = n & ~3;
  while (i < whole) {
    let a = f32x4.splat(0);
    const end = min(whole, i + FOLD_VECTORS * 4);
    for (; i < end; i += 4) {
      const offset = <usize>i << 2;
      let d = f32x4.sub(v128.load(p + offset), vm);
      if (w) d = f32x4.mul(d, v128.load(w + offset));
      a = f32x4.add(a, d);
    }
    total += sumToF64(a);
  }
  for (; i < n; i++) {
    const offset = <usize>i << 2;
    let d = <f64>load<f32>(p + offset) - <f64>m;
    if (w) d *= <f64>load<f32>(w + offset);
    total += d;
  }
  return total;
}

/** out = a·out − b·w (w = 1 where `w` is 0), over n floats. */
export function scaleShift(out: usize, w: usize, n: i32, a: f32, b: f32): void {
  const va = f32x4.splat(a);
  const vb = f32x4.splat(b);
  let i = 0;
  const whole = n & ~3;
  if (b == 0) {
    for (; i < whole; i += 4) {
      const q = out + (<usize>i << 2);
      v128.store(q, f32x4.mul(v128.load(q), va));
    }
    for (; i < n; i++) {
      const q = out + (<usize>i << 2);
      store<f32>(q, load<f32>(q) * a);
    }
    return;
  }
  for (; i < whole; i += 4) {
    const offset = <usize>i << 2;
    const shift = w ? f32x4.mul(v128.load(w + offset), vb) : vb;
    v128.store(out + offset, f32x4.sub(f32x4.mul(v128.load(out + offset), va), shift));
  }
  for (; i < n; i++) {
    const offset = <usize>i << 2;
    const shift = w ? load<f32>(w + offset) * b : b;
    store<f32>(out + offset, load<f32>(out + offset) * a - shift);
  }
}

/** Writes n zeros. */
export function zero(out: usize, n: i32): void {
  memory.fill(out, 0, <usize>n << 2);
}
