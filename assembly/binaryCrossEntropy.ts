// Binary cross-entropy with logits over rows of C labels (F.binary_cross_entropy_with_logits):
//   loss = w·((1 − z)·x + l·softplus(−x)),  l = 1 + (posWeight − 1)·z,
// evaluated split at x = 0 as w·(c·|x| + l·log1p(exp(−|x|))), c = 1 − z for x ≥ 0 and
// posWeight·z below: no overflow for any x, no large terms cancel, and a zero c times an infinite
// logit is its limit 0 (as src/losses/stable.ts), so ±Infinity gives 0 or Infinity, not NaN.
//   ∂loss/∂x = w·((1 − z) − l·σ(−x)),  σ(−x) = e/(1 + e) for x ≥ 0, 1/(1 + e) below, e = exp(−|x|)
// weight and posWeight are per label (length C) or absent (address 0). Row sums are float64.
import { expNonPositive, log1pUnit, madd } from './math';
import { FOLD_VECTORS, loadTail, storeTail, sumToF64 } from './vectors';

// @ts-expect-error: decorator
@inline
function perLabel(address: usize, offset: usize, count: i32, fill: f32): v128 {
  if (!address) return f32x4.splat(fill);
  return count == 4 ? v128.load(address + offset) : loadTail(address + offset, count, fill);
}

/** 1 in the first `count` lanes, 0 in the rest. */
// @ts-expect-error: decorator
@inline
function liveLanes(count: i32): v128 {
  return v128.and(f32x4.splat(1), i32x4.lt_s(i32x4(0, 1, 2, 3), i32x4.splat(count)));
}

// One logit's loss from the terms the gradient shares: |x|, the mask x < 0, 1 − z, pw·z and
// l = 1 − z + pw·z (= 1 + (pw − 1)·z). NaN fails x < 0, so it takes 1 − z and propagates through
// log1p(e) even when c is 0.
// @ts-expect-error: decorator
@inline
function elementLoss(absX: v128, negative: v128, oneMinusZ: v128, pwz: v128, l: v128, w: v128, e: v128): v128 {
  const c = v128.bitselect(pwz, oneMinusZ, negative);
  const linear = v128.andnot(f32x4.mul(c, absX), f32x4.eq(c, f32x4.splat(0)));
  return f32x4.mul(w, madd(l, log1pUnit(e), linear));
}

/** Per-row sums into `rowLoss`, and each element's loss into `elements` where it is not 0. */
export function bceLogits(
  x: usize, z: usize, rows: i32, labels: i32, weight: usize, posWeight: usize, rowLoss: usize,
  elements: usize,
): void {
  const rowBytes = <usize>labels << 2;
  for (let r = 0; r < rows; r++) {
    const p = x + <usize>r * rowBytes;
    const t = z + <usize>r * rowBytes;
    let total: f64 = 0;
    let acc = f32x4.splat(0);
    let folded = 0;
    for (let i = 0; i < labels; i += 4) {
      const count = min(4, labels - i);
      const offset = <usize>i << 2;
      const xv = count == 4 ? v128.load(p + offset) : loadTail(p + offset, count, 0);
      const zv = count == 4 ? v128.load(t + offset) : loadTail(t + offset, count, 0);
      const absX = f32x4.abs(xv);
      const e = expNonPositive(f32x4.neg(absX));
      // Padding lanes (x = z = 0) get weight 0, so they add nothing.
      const w = weight ? perLabel(weight, offset, count, 0) : count == 4 ? f32x4.splat(1) : liveLanes(count);
      const oneMinusZ = f32x4.sub(f32x4.splat(1), zv);
      const pwz = f32x4.mul(perLabel(posWeight, offset, count, 1), zv);
      const l = f32x4.add(oneMinusZ, pwz);
      const loss = elementLoss(absX, f32x4.lt(xv, f32x4.splat(0)), oneMinusZ, pwz, l, w, e);
      acc = f32x4.add(acc, loss);
      if (elements) {
        const at = elements + <usize>r * rowBytes + offset;
        if (count == 4) v128.store(at, loss);
        else storeTail(at, count, loss);
      }
      if (++folded == FOLD_VECTORS) {
        total += sumToF64(acc);
        acc = f32x4.splat(0);
        folded = 0;
      }
    }
    store<f64>(rowLoss + (<usize>r << 3), total + sumToF64(acc));
  }
}

/**
 * As bceLogits, fused with the gradient times `scale` (times gradOutput, per element, where
 * given); `grad` may be `x` itself, since each element is read before it is written.
 */
export function bceLogitsGrad(
  x: usize, z: usize, grad: usize, rows: i32, labels: i32, weight: usize, posWeight: usize,
  rowLoss: usize, gradOutput: usize, scale: f32,
): void {
  const rowBytes = <usize>labels << 2;
  const one = f32x4.splat(1);
  const vscale = f32x4.splat(scale);
  for (let r = 0; r < rows; r++) {
    const rowOffset = <usize>r * rowBytes;
    let total: f64 = 0;
    let acc = f32x4.splat(0);
    let folded = 0;
    for (let i = 0; i < labels; i += 4) {
      const count = min(4, labels - i);
      const offset = <usize>i << 2;
      const at = rowOffset + offset;
      const xv = count == 4 ? v128.load(x + at) : loadTail(x + at, count, 0);
      const zv = count == 4 ? v128.load(z + at) : loadTail(z + at, count, 0);
      const w = weight ? perLabel(weight, offset, count, 0) : count == 4 ? f32x4.splat(1) : liveLanes(count);
      const absX = f32x4.abs(xv);
      const e = expNonPositive(f32x4.neg(absX));
      const negative = f32x4.lt(xv, f32x4.splat(0));
      const oneMinusZ = f32x4.sub(one, zv);
      const pwz = f32x4.mul(perLabel(posWeight, offset, count, 1), zv);
      const l = f32x4.add(oneMinusZ, pwz);
      acc = f32x4.add(acc, elementLoss(absX, negative, oneMinusZ, pwz, l, w, e));
      if (++folded == FOLD_VECTORS) {
        total += sumToF64(acc);
        acc = f32x4.splat(0);
        folded = 0;
      }
      // σ(−x) = e/(1 + e) for x ≥ 0 (and NaN), 1/(1 + e) below.
      const sigmoidNeg = f32x4.div(v128.bitselect(one, e, negative), f32x4.add(one, e));
      let g = f32x4.mul(f32x4.mul(w, f32x4.sub(oneMinusZ, f32x4.mul(l, sigmoidNeg))), vscale);
      if (gradOutput) {
        g = f32x4.mul(g, count == 4 ? v128.load(gradOutput + at) : loadTail(gradOutput + at, count, 0));
      }
      if (count == 4) v128.store(grad + at, g);
      else storeTail(grad + at, count, g);
    }
    store<f64>(rowLoss + (<usize>r << 3), total + sumToF64(acc));
  }
}
