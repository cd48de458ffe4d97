import { laneMax } from '../math/logSumExp.js';
import type { FloatArray } from '../tensor.js';

/** What every lane of one problem shares; built once per call. */
export interface IndexLogitsContext {
  x: FloatArray;
  classes: number;
  /** Distance between consecutive classes of a lane (d1·…·dk; 1 for (N, C)). */
  stride: number;
  weight: FloatArray | undefined;
  /** 1 − ε and ε/C of label smoothing ε. */
  keep: number;
  spread: number;
  /** Σ_c weight[c] (C without weights). */
  weightTotal: number;
  grad: FloatArray | undefined;
}

/** Returned by `indexLogitsLane` when every logit of the lane is −Infinity. */
export const ALL_MASKED = Symbol('all masked');

/**
 * The cross-entropy of one lane of logits against a class index, and its gradient. This is the
 * hot path of the reference implementation, so it avoids closures and reads each logit at most
 * three times: (1) the max; (2) Σ exp(x − max), the smoothing sum Σ w_c (x_c − max), and, for a
 * float64 gradient, exp(x − max) parked in `grad`; (3) the gradient, written over the parked values
 * (a float32 gradient recomputes the exponential rather than round it twice).
 * Every read of x_c happens before grad_c is written, so `grad` may alias `x` (in place).
 *
 * Method: with m = max, S = Σ exp(x − m), log p_c = x_c − m − log S, and k_c = w_c·t′_c,
 *   loss = −(1 − ε)·w_y·log p_y − (ε/C)·Σ_c w_c·log p_c
 *   grad_c = g·(p_c·K − k_c),  K = (1 − ε)·w_y + (ε/C)·Σ_c w_c.
 * The smoothing sum multiplies every log p_c by its weight, so a masked class with weight 0 gives
 * 0·(−Infinity) = NaN, exactly as PyTorch's `(input * weight).sum()`.
 */
export function indexLogitsLane(
  context: IndexLogitsContext,
  base: number,
  label: number,
  g: number,
): number | typeof ALL_MASKED {
  const { x, classes, stride, weight, keep, spread, weightTotal, grad } = context;
  const end = base + classes * stride;
  const max = laneMax(x, base, classes, stride);
  if (max === -Infinity) return ALL_MASKED;
  const targetLogit = x[base + label * stride];
  const smoothing = spread !== 0;
  // Parking exp(x − max) in a float32 gradient would round it before p_y − 1 cancels; recompute instead.
  const park = grad instanceof Float64Array;
  let sumExp = 0;
  let weightedShift = 0;
  for (let at = base, c = 0; at < end; at += stride, c++) {
    const shifted = x[at] - max;
    const e = Math.exp(shifted);
    sumExp += e;
    if (smoothing) weightedShift += weight === undefined ? shifted : weight[c] * shifted;
    if (park) grad[at] = e;
  }
  const logSum = Math.log(sumExp);
  const targetWeight = weight === undefined ? 1 : weight[label];
  let loss = -keep * targetWeight * (targetLogit - max - logSum);
  if (smoothing) loss -= spread * (weightedShift - weightTotal * logSum);
  if (grad !== undefined) {
    const total = keep * targetWeight + spread * weightTotal;
    const scale = (g * total) / sumExp;
    for (let at = base, c = 0; at < end; at += stride, c++) {
      const k = weight === undefined ? spread : spread * weight[c];
      const e = park ? grad[at] : Math.exp(x[at] - max);
      grad[at] = e * scale - g * k;
    }
    // The target's own term, p_y·K − g·(1 − ε)·w_y, in float64 before its one rounding.
    const targetAt = base + label * stride;
    const targetExp = Math.exp(targetLogit - max);
    grad[targetAt] =
      targetExp * scale -
      g * (weight === undefined ? spread : spread * weight[label]) -
      g * keep * targetWeight;
  }
  return loss;
}
