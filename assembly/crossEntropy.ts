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
import { hasNaN, rowMax, scaleShift, sumExp, sumExpStore, sumShifted, zero } from './rows';

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
      const lse = rowLogSumExp(p, classes);
      if (lse == -Infinity) return r;
      store<f64>(out, wt * (lse - xt));
      continue;
    }
    const m = rowMax(p, classes);
    if (m == -Infinity && !hasNaN(p, classes)) return r;
    const logS = Math.log(sumExp(p, classes, m));
    const nll = logS - (xt - <f64>m);
    const smooth = weightTotal * logS - sumShifted(p, weight, classes, m);
    store<f64>(out, (1 - smoothing) * wt * nll + (smoothing / classes) * smooth);
  }
  return -1;
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
    const m = rowMax(p, classes);
    if (m == -Infinity && !hasNaN(p, classes)) return r;
    const shifted = smoothing != 0 ? sumShifted(p, weight, classes, m) : 0;
    const s = sumExpStore(p, g, classes, m);
    const logS = Math.log(s);
    const nll = logS - (xt - <f64>m);
    const smooth = weightTotal * logS - shifted;
    store<f64>(out, (1 - smoothing) * wt * nll + (smoothing / classes) * smooth);
    const upstream = rowScale ? scale * <f64>load<f32>(rowScale + (<usize>r << 2)) : scale;
    const targetPart = (1 - smoothing) * wt;
    const a = (upstream * (targetPart + (smoothing * weightTotal) / classes)) / s;
    scaleShift(g, weight, classes, <f32>a, <f32>((upstream * smoothing) / classes));
    const gt = g + (<usize>t << 2);
    store<f32>(gt, load<f32>(gt) - <f32>(upstream * targetPart));
  }
  return -1;
}
