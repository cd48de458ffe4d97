// Cross-entropy from logits against probability targets (soft labels), with optional class
// weights and label smoothing; the formulas are in crossEntropy.ts. A class whose smoothed
// target (1 − ε)·p_c + ε/C is 0 adds nothing, even at a −Infinity logit (0·log 0 = 0, as the
// reference path does; F.cross_entropy would give NaN there).
import { logOf, nextRow, sumExp, sumExpStore, totalOf } from './expSum';
import { madd } from './math';
import { hasNaN, rangeMax, rangeMin, rowRange } from './rowRange';
import { FOLD_FLOATS, loadTail, storeTail, sumToF64 } from './vectors';

/**
 * A row's target terms, in one v128 (f64x2; see RowRange for why not an out address): lane 0
 * Σ q_c (x_c − m), lane 1 the target mass Q = Σ q_c.
 */
type TargetTerms = v128;

/** Σ q_c (x_c − m). */
// @ts-expect-error: decorator
@inline
function dotOf(terms: TargetTerms): f64 {
  return f64x2.extract_lane(terms, 0);
}

/** Q = Σ q_c. */
// @ts-expect-error: decorator
@inline
function massOf(terms: TargetTerms): f64 {
  return f64x2.extract_lane(terms, 1);
}

/** q = w·((1 − ε)·p + ε/C) for four classes at byte offset `offset`. */
// @ts-expect-error: decorator
@inline
function mass(pv: v128, weight: usize, offset: usize, keep: v128, spread: v128): v128 {
  const q = madd(pv, keep, spread);
  return weight ? f32x4.mul(q, v128.load(weight + offset)) : q;
}

// @ts-expect-error: decorator
@inline
function massTail(pv: v128, weight: usize, offset: usize, count: i32, keep: v128, spread: v128): v128 {
  const q = madd(pv, keep, spread);
  return weight ? f32x4.mul(q, loadTail(weight + offset, count, 0)) : q;
}

/** Lanes whose smoothed target is 0: their terms are skipped. */
// @ts-expect-error: decorator
@inline
function skipped(pv: v128, keep: v128, spread: v128): v128 {
  return f32x4.eq(madd(pv, keep, spread), f32x4.splat(0));
}

/** Σ q_c (x_c − m) and Σ q_c. */
function targetTerms(p: usize, probs: usize, weight: usize, n: i32, m: f32, smoothing: f64): TargetTerms {
  const vm = f32x4.splat(m);
  const keep = f32x4.splat(<f32>(1 - smoothing));
  const spread = f32x4.splat(<f32>(smoothing / n));
  let dot: f64 = 0;
  let total: f64 = 0;
  let i = 0;
  const whole = n & ~3;
  while (i < whole) {
    let d = f32x4.splat(0);
    let t = d;
    const end = min(whole, i + FOLD_FLOATS);
    for (; i < end; i += 4) {
      const offset = <usize>i << 2;
      const pv = v128.load(probs + offset);
      const q = mass(pv, weight, offset, keep, spread);
      const term = f32x4.mul(q, f32x4.sub(v128.load(p + offset), vm));
      d = f32x4.add(d, v128.andnot(term, skipped(pv, keep, spread)));
      t = f32x4.add(t, q);
    }
    dot += sumToF64(d);
    total += sumToF64(t);
  }
  if (i < n) {
    const offset = <usize>i << 2;
    const count = n - i;
    const pv = loadTail(probs + offset, count, 0);
    const q = massTail(pv, weight, offset, count, keep, spread);
    // The padding lanes would carry q = ε/C (unweighted): mask them out.
    const live = v128.andnot(i32x4.lt_s(i32x4(0, 1, 2, 3), i32x4.splat(count)), skipped(pv, keep, spread));
    const qLive = v128.and(q, live);
    const xv = f32x4.sub(loadTail(p + offset, count, 0), vm);
    dot += sumToF64(v128.and(f32x4.mul(qLive, xv), live));
    total += sumToF64(qLive);
  }
  return f64x2.replace_lane(f64x2.splat(dot), 1, total);
}

export function ceProbForward(
  x: usize, probs: usize, rows: i32, classes: i32, weight: usize, smoothing: f64, rowLoss: usize,
): i32 {
  const rowBytes = <usize>classes << 2;
  for (let r = 0; r < rows; r++) {
    const p = x + <usize>r * rowBytes;
    const range = rowRange(p, classes);
    const m = rangeMax(range);
    if (m == -Infinity && !hasNaN(p, classes)) return r;
    const terms = targetTerms(p, probs + <usize>r * rowBytes, weight, classes, m, smoothing);
    const logS = logOf(sumExp(p, classes, m, rangeMin(range), nextRow(p, r, rows, rowBytes)));
    store<f64>(rowLoss + (<usize>r << 3), massOf(terms) * logS - dotOf(terms));
  }
  return -1;
}

export function ceProbGrad(
  x: usize, probs: usize, grad: usize, rows: i32, classes: i32, weight: usize, smoothing: f64,
  rowLoss: usize, rowScale: usize, scale: f64,
): i32 {
  const rowBytes = <usize>classes << 2;
  const keep = f32x4.splat(<f32>(1 - smoothing));
  const spread = f32x4.splat(<f32>(smoothing / classes));
  for (let r = 0; r < rows; r++) {
    const p = x + <usize>r * rowBytes;
    const t = probs + <usize>r * rowBytes;
    const g = grad + <usize>r * rowBytes;
    const range = rowRange(p, classes);
    const m = rangeMax(range);
    if (m == -Infinity && !hasNaN(p, classes)) return r;
    const terms = targetTerms(p, t, weight, classes, m, smoothing);
    const dot = dotOf(terms);
    const total = massOf(terms);
    const sum = sumExpStore(p, g, classes, m, rangeMin(range), nextRow(p, r, rows, rowBytes));
    const s = totalOf(sum);
    store<f64>(rowLoss + (<usize>r << 3), total * logOf(sum) - dot);
    const upstream = rowScale ? scale * <f64>load<f32>(rowScale + (<usize>r << 2)) : scale;
    const a = f32x4.splat(<f32>((upstream * total) / s));
    const u = f32x4.splat(<f32>upstream);
    let i = 0;
    const whole = classes & ~3;
    for (; i < whole; i += 4) {
      const offset = <usize>i << 2;
      const q = mass(v128.load(t + offset), weight, offset, keep, spread);
      v128.store(g + offset, f32x4.sub(f32x4.mul(v128.load(g + offset), a), f32x4.mul(q, u)));
    }
    if (i < classes) {
      const offset = <usize>i << 2;
      const count = classes - i;
      const q = massTail(loadTail(t + offset, count, 0), weight, offset, count, keep, spread);
      storeTail(g + offset, count, f32x4.sub(f32x4.mul(loadTail(g + offset, count, 0), a), f32x4.mul(q, u)));
    }
  }
  return -1;
}
