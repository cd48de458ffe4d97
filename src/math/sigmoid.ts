// The logistic sigmoid and its log, written once for the activations and the sigmoid losses
// (binary, multi-label, focal). Everything follows from e = exp(−|x|), the one exp a logit needs:
// σ(x), σ(−x) and log1p(e^−|x|) all come from it, and exp of a non-positive number cannot
// overflow. Callers that need several terms of one logit compute e once.

/** exp(−|x|). */
export function expOfNegativeAbs(x: number): number {
  return Math.exp(-Math.abs(x));
}

/** σ(x) from e = exp(−|x|); σ(−x) is sigmoidFrom(−x, e). NaN fails x >= 0 and propagates through e. */
export function sigmoidFrom(x: number, e: number): number {
  return x >= 0 ? 1 / (1 + e) : e / (1 + e);
}

/** σ(x) = 1 / (1 + e^−x), neither branch overflowing. */
export function sigmoidScalar(x: number): number {
  return sigmoidFrom(x, expOfNegativeAbs(x));
}

/** log σ(x) = min(x, 0) − log1p(e^−|x|): exact for large |x| where log(σ(x)) would give −Infinity. */
export function logSigmoidScalar(x: number): number {
  return Math.min(x, 0) - Math.log1p(expOfNegativeAbs(x));
}
