// Scalar kernels of the sigmoid losses, written so that no logit, however large, overflows and no
// ±Infinity logit turns a finite limit into NaN. The losses in binary.ts, multiLabel.ts and
// focal.ts all evaluate through these, so the formulas live in one place.

/** σ(x) without overflow: exp is only ever taken of a non-positive number. */
export function sigmoidOf(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * Binary cross-entropy from a logit, with a positive-class weight `posWeight` (1 for none):
 * l = −(pw·t·log σ(x) + (1 − t)·log(1 − σ(x))).
 *
 * PyTorch's stable form is (1 − t)·x + lw·(log1p(e^−|x|) + max(−x, 0)), lw = 1 + (pw − 1)·t. Splitting it
 * at x = 0 gives, for x ≥ 0, (1 − t)·x + lw·log1p(e^−x) and, for x < 0, pw·t·(−x) + lw·log1p(e^x):
 * no large terms cancel, and a zero coefficient times an infinite logit is taken as its limit 0
 * (PyTorch returns NaN for x = ±Infinity; xent returns the limit: 0, or Infinity).
 */
export function bceWithLogitsValue(x: number, t: number, posWeight: number): number {
  const lw = 1 + (posWeight - 1) * t;
  if (x < 0) {
    const linear = posWeight * t;
    return (linear === 0 ? 0 : -linear * x) + lw * Math.log1p(Math.exp(x));
  }
  // NaN lands here and propagates through log1p(exp(−NaN)).
  const linear = 1 - t;
  return (linear === 0 ? 0 : linear * x) + lw * Math.log1p(Math.exp(-x));
}

/**
 * d bceWithLogitsValue / dx = lw·σ(x) − pw·t, written as (1 − t)·σ(x) − pw·t·σ(−x) so that t = 1
 * with a large logit does not compute 1 − 1 + tiny. Both sigmoids come from one exp(−|x|).
 */
export function bceWithLogitsDerivative(x: number, t: number, posWeight: number): number {
  const e = Math.exp(-Math.abs(x));
  const r = 1 / (1 + e);
  // NaN fails x >= 0 and propagates through e.
  return x >= 0 ? (1 - t) * r - posWeight * t * e * r : (1 - t) * e * r - posWeight * t * r;
}
