// Cross-entropy from logits over rows of C classes. Per row the loss is written as a float64
// (O(N) memory); the caller reduces them in a fixed order, so the result does not depend on how
// rows were split over threads. The status returned is −1, or the first row (counted from the
// start of this call) that is not ignored and whose every logit is −Infinity.
//
// With weights w (or w = 1), W = Σ_c w_c, smoothing ε, target t and lse = log Σ exp(x):
//   loss = (1 − ε)·w_t·(lse − x_t) + (ε / C)·Σ_c w_c (lse − x_c)         (F.cross_entropy)
//   ∂loss/∂x_j = ((1 − ε)·w_t + ε·W / C)·softmax_j − (1 − ε)·w_t·[j = t] − (ε / C)·w_j
// Probability targets q_c = w_c·((1 − ε)·p_c + ε / C), Q = Σ q_c:
//   loss = Σ_c q_c (lse − x_c),  ∂loss/∂x_j = Q·softmax_j − q_j
// Every difference is taken against the row max m (lse − x = log s − (x − m)), so large
// logits do not cancel.
import { rowLogSumExp } from './logSumExp';
import { expNonPositive } from './math';
import { logCountPlus, logOf, nextRow, sumExp, sumExpStore, totalOf } from './expSum';
import { scaleShift, sumShifted, zero } from './rowAffine';
import { fourRowLogSums, fourRowMax, SHORT_ROW_MAX } from './shortRows';
import { hasNaN, rangeMax, rangeMin, rowRange } from './rowRange';
import { laneCount, lanesMax, shortRowVector, storeTail, sumToF64 } from './vectors';

// @ts-expect-error: decorator
@inline
function weightAt(weight: usize, c: i32): f64 {
  return weight ? <f64>load<f32>(weight + (<usize>c << 2)) : 1;
}

/** Index targets (int32), forward only: one pass over memory per row when ε = 0. */
export function ceIndexForward(
  x: usize, rows: i32, classes: i32, targets: usize, ignoreIndex: i32,
  weight: usize, smoothing: f64, weightTotal: f64, rowLoss: usize,
): i32 {
  if (smoothing == 0 && classes <= SHORT_ROW_MAX) {
    return shortRowsForward(x, rows, classes, targets, ignoreIndex, weight, rowLoss);
  }
  const rowBytes = <usize>classes << 2;
  for (let r = 0; r < rows; r++) {
    const p = x + <usize>r * rowBytes;
    const out = rowLoss + (<usize>r << 3);
    const t = load<i32>(targets + (<usize>r << 2));
    if (t == ignoreIndex) {
      store<f64>(out, 0);
      continue;
    }
    const wt = weightAt(weight, t);
    const xt = <f64>load<f32>(p + (<usize>t << 2));
    if (smoothing == 0) {
      const lse = rowLogSumExp(p, classes, nextRow(p, r, rows, rowBytes));
      if (lse == -Infinity) return r;
      store<f64>(out, wt * (lse - xt));
      continue;
    }
    const range = rowRange(p, classes);
    const m = rangeMax(range);
    if (m == -Infinity && !hasNaN(p, classes)) return r;
    const logS = logOf(sumExp(p, classes, m, rangeMin(range), nextRow(p, r, rows, rowBytes)));
    const nll = logS - (xt - <f64>m);
    const smooth = weightTotal * logS - sumShifted(p, weight, classes, m);
    store<f64>(out, (1 - smoothing) * wt * nll + (smoothing / classes) * smooth);
  }
  return -1;
}

/**
 * ceIndexForward for ε = 0 and rows of at most 16 classes, four rows at a time (shortRows.ts).
 * A last group of fewer than four rows repeats its last row in the spare lanes.
 */
function shortRowsForward(
  x: usize, rows: i32, classes: i32, targets: usize, ignoreIndex: i32, weight: usize, rowLoss: usize,
): i32 {
  const rowBytes = <usize>classes << 2;
  const last = x + <usize>(rows - 1) * rowBytes;
  for (let r = 0; r < rows; r += 4) {
    const p0 = x + <usize>r * rowBytes;
    const p1 = min(p0 + rowBytes, last);
    const p2 = min(p0 + 2 * rowBytes, last);
    const p3 = min(p0 + 3 * rowBytes, last);
    const vm = fourRowMax(p0, p1, p2, p3, classes);
    const logs = fourRowLogSums(p0, p1, p2, p3, classes, vm);
    const left = rows - r;
    if (left >= 4 && !v128.any_true(f32x4.eq(vm, f32x4.splat(-Infinity)))) {
      const groupTargets = targets + (<usize>r << 2);
      const out = rowLoss + (<usize>r << 3);
      storeFourRowLosses(p0, p1, p2, p3, groupTargets, ignoreIndex, weight, logs, vm, out);
      continue;
    }
    // The rare groups, row by row: the last rows of a block, and a row of only −Infinity (an
    // error unless it is ignored). One call per lane: a lane index must be a constant.
    const m0 = f32x4.extract_lane(vm, 0);
    const m1 = f32x4.extract_lane(vm, 1);
    const m2 = f32x4.extract_lane(vm, 2);
    const m3 = f32x4.extract_lane(vm, 3);
    const log0 = f32x4.extract_lane(logs, 0);
    const log1 = f32x4.extract_lane(logs, 1);
    const log2 = f32x4.extract_lane(logs, 2);
    const log3 = f32x4.extract_lane(logs, 3);
    if (!storeRowLoss(p0, r, classes, log0, m0, targets, ignoreIndex, weight, rowLoss)) return r;
    if (left < 2) break;
    if (!storeRowLoss(p1, r + 1, classes, log1, m1, targets, ignoreIndex, weight, rowLoss)) return r + 1;
    if (left < 3) break;
    if (!storeRowLoss(p2, r + 2, classes, log2, m2, targets, ignoreIndex, weight, rowLoss)) return r + 2;
    if (left < 4) break;
    if (!storeRowLoss(p3, r + 3, classes, log3, m3, targets, ignoreIndex, weight, rowLoss)) return r + 3;
  }
  return -1;
}

/**
 * The losses of four rows at p0 … p3, none of them all −Infinity, w_t·(log Σ exp(x − m) − (x_t − m))
 * in float64 (x_t − m is exact there, even for logits near ±3e38), 0 where the target is
 * ignoreIndex; written to `out` (4 float64). Row by row this bookkeeping was a third of the time.
 */
// @ts-expect-error: decorator
@inline
function storeFourRowLosses(
  p0: usize, p1: usize, p2: usize, p3: usize, targets: usize, ignoreIndex: i32, weight: usize,
  logs: v128, vm: v128, out: usize,
): void {
  const t = v128.load(targets);
  const ignored = i32x4.eq(t, i32x4.splat(ignoreIndex));
  // An ignored row reads its class 0, which every row has, and its loss is masked to 0 below.
  const index = i32x4.shl(v128.andnot(t, ignored), 2);
  let xt = f32x4.splat(0);
  xt = f32x4.replace_lane(xt, 0, load<f32>(p0 + <usize>i32x4.extract_lane(index, 0)));
  xt = f32x4.replace_lane(xt, 1, load<f32>(p1 + <usize>i32x4.extract_lane(index, 1)));
  xt = f32x4.replace_lane(xt, 2, load<f32>(p2 + <usize>i32x4.extract_lane(index, 2)));
  xt = f32x4.replace_lane(xt, 3, load<f32>(p3 + <usize>i32x4.extract_lane(index, 3)));
  let low = f64x2.sub(promoteLow(logs), f64x2.sub(promoteLow(xt), promoteLow(vm)));
  let upper = f64x2.sub(promoteHigh(logs), f64x2.sub(promoteHigh(xt), promoteHigh(vm)));
  if (weight) {
    let w = f32x4.splat(0);
    w = f32x4.replace_lane(w, 0, load<f32>(weight + <usize>i32x4.extract_lane(index, 0)));
    w = f32x4.replace_lane(w, 1, load<f32>(weight + <usize>i32x4.extract_lane(index, 1)));
    w = f32x4.replace_lane(w, 2, load<f32>(weight + <usize>i32x4.extract_lane(index, 2)));
    w = f32x4.replace_lane(w, 3, load<f32>(weight + <usize>i32x4.extract_lane(index, 3)));
    low = f64x2.mul(low, promoteLow(w));
    upper = f64x2.mul(upper, promoteHigh(w));
  }
  v128.store(out, v128.andnot(low, i64x2.extend_low_i32x4_s(ignored)));
  v128.store(out, v128.andnot(upper, i64x2.extend_high_i32x4_s(ignored)), 16);
}

/** Lanes 0 and 1 of v as float64. */
// @ts-expect-error: decorator
@inline
function promoteLow(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}

/** Lanes 2 and 3 of v as float64. */
// @ts-expect-error: decorator
@inline
function promoteHigh(v: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3));
}

/**
 * Writes the loss of row r (at p), w_t·(log Σ exp(x − m) − (x_t − m)), from its `logSum` and
 * max m. Returns false, writing nothing, for a row that is not ignored and whose logits are
 * all −Infinity.
 */
// @ts-expect-error: decorator
@inline
function storeRowLoss(
  p: usize, r: i32, classes: i32, logSum: f32, m: f32,
  targets: usize, ignoreIndex: i32, weight: usize, rowLoss: usize,
): bool {
  const out = rowLoss + (<usize>r << 3);
  const t = load<i32>(targets + (<usize>r << 2));
  if (t == ignoreIndex) {
    store<f64>(out, 0);
    return true;
  }
  if (m == -Infinity) {
    if (!hasNaN(p, classes)) return false;
    store<f64>(out, NaN);
    return true;
  }
  const xt = <f64>load<f32>(p + (<usize>t << 2));
  store<f64>(out, weightAt(weight, t) * (<f64>logSum - (xt - <f64>m)));
  return true;
}

/**
 * Index targets with the gradient: per row one read for the max, one pass that writes
 * exp(x − m) to `grad` (which may be `x`), and one scaling pass over the row while it is in
 * cache. The upstream gradient of row r is `scale`, times rowScale[r] (f32) where given.
 */
export function ceIndexGrad(
  x: usize, grad: usize, rows: i32, classes: i32, targets: usize, ignoreIndex: i32,
  weight: usize, smoothing: f64, weightTotal: f64, rowLoss: usize, rowScale: usize, scale: f64,
): i32 {
  const rowBytes = <usize>classes << 2;
  for (let r = 0; r < rows; r++) {
    const p = x + <usize>r * rowBytes;
    const g = grad + <usize>r * rowBytes;
    const out = rowLoss + (<usize>r << 3);
    const t = load<i32>(targets + (<usize>r << 2));
    if (t == ignoreIndex) {
      store<f64>(out, 0);
      zero(g, classes);
      continue;
    }
    const wt = weightAt(weight, t);
    const xt = <f64>load<f32>(p + (<usize>t << 2));
    const upstream = rowScale ? scale * <f64>load<f32>(rowScale + (<usize>r << 2)) : scale;
    if (smoothing == 0 && classes <= 16) {
      const nll = shortRowGrad(p, g, classes, upstream * wt, t, xt);
      if (nll == -Infinity) return r;
      store<f64>(out, wt * nll);
      continue;
    }
    const range = rowRange(p, classes);
    const m = rangeMax(range);
    if (m == -Infinity && !hasNaN(p, classes)) return r;
    const shifted = smoothing != 0 ? sumShifted(p, weight, classes, m) : 0;
    const sum = sumExpStore(p, g, classes, m, rangeMin(range), nextRow(p, r, rows, rowBytes));
    const s = totalOf(sum);
    const logS = logOf(sum);
    const nll = logS - (xt - <f64>m);
    const smooth = weightTotal * logS - shifted;
    store<f64>(out, (1 - smoothing) * wt * nll + (smoothing / classes) * smooth);
    const targetPart = (1 - smoothing) * wt;
    const a = (upstream * (targetPart + (smoothing * weightTotal) / classes)) / s;
    const spread = (upstream * smoothing) / classes;
    scaleShift(g, weight, classes, <f32>a, <f32>spread);
    // The target's own element in float64: a·e^(x_t − m) − upstream·(1 − ε)·w_t cancels as the
    // row grows confident (p_t → 1), and its float32 terms would leave only their rounding.
    const gt = a * Math.exp(xt - <f64>m) - spread * weightAt(weight, t) - upstream * targetPart;
    store<f32>(g + (<usize>t << 2), <f32>gt);
  }
  return -1;
}

/**
 * A short row (1 ≤ n ≤ 16) in registers: writes factor·(softmax(x) − onehot(t)) to `g`, the
 * target's element in float64 (see ceIndexGrad), and returns the row's unweighted loss
 * log Σ exp(x) − x_t (−Infinity, which no loss can be, for a row of only −Infinity). x_t is
 * passed in, since g may be x.
 */
function shortRowGrad(p: usize, g: usize, n: i32, factor: f64, t: i32, xt: f64): f64 {
  const v0 = shortRowVector(p, n, 0);
  const v1 = shortRowVector(p, n, 1);
  const v2 = shortRowVector(p, n, 2);
  const v3 = shortRowVector(p, n, 3);
  const vm = lanesMax(f32x4.pmax(f32x4.pmax(v0, v1), f32x4.pmax(v2, v3)));
  const m = f32x4.extract_lane(vm, 0);
  if (m == -Infinity && !hasNaN(p, n)) return -Infinity;
  const e0 = expNonPositive(f32x4.sub(v0, vm));
  const e1 = expNonPositive(f32x4.sub(v1, vm));
  const e2 = expNonPositive(f32x4.sub(v2, vm));
  const e3 = expNonPositive(f32x4.sub(v3, vm));
  // The values equal to m are counted, not summed (see ExpSum in expSum.ts).
  const top0 = f32x4.eq(v0, vm);
  const top1 = f32x4.eq(v1, vm);
  const top2 = f32x4.eq(v2, vm);
  const top3 = f32x4.eq(v3, vm);
  const count = laneCount(top0) + laneCount(top1) + laneCount(top2) + laneCount(top3);
  const sum01 = f32x4.add(v128.andnot(e0, top0), v128.andnot(e1, top1));
  const sum23 = f32x4.add(v128.andnot(e2, top2), v128.andnot(e3, top3));
  const others = sumToF64(f32x4.add(sum01, sum23));
  const s = <f64>count + others;
  const a = f32x4.splat(<f32>(factor / s));
  storeShort(g, n, 0, f32x4.mul(e0, a));
  if (n > 4) storeShort(g, n, 4, f32x4.mul(e1, a));
  if (n > 8) storeShort(g, n, 8, f32x4.mul(e2, a));
  if (n > 12) storeShort(g, n, 12, f32x4.mul(e3, a));
  store<f32>(g + (<usize>t << 2), <f32>(factor * (Math.exp(xt - <f64>m) / s - 1)));
  return logCountPlus(<f64>count, others) - (xt - <f64>m);
}

// @ts-expect-error: decorator
@inline
function storeShort(g: usize, n: i32, first: i32, v: v128): void {
  const q = g + (<usize>first << 2);
  if (n - first >= 4) v128.store(q, v);
  else storeTail(q, n - first, v);
}
