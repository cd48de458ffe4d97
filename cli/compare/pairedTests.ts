import { chiSquareOneSurvival, studentQuantile, studentTwoSided } from './distributions.js';

/** The 97.5% point of the standard normal: the half-width of a 95% interval in standard errors. */
const Z_975 = 1.959963984540054;

/** A difference B − A, its 95% confidence interval and the p-value of "no difference". */
export interface PairedDifference {
  a: number;
  b: number;
  difference: number;
  lower: number;
  upper: number;
  pValue: number;
}

export interface TTestResult extends PairedDifference {
  t: number;
  degreesOfFreedom: number;
}

/**
 * The paired t-test of per-row figures (scipy.stats.ttest_rel(b, a)): the mean of b − a, its
 * 95% interval mean ± t₀.₉₇₅(n−1)·s/√n, and the two-sided p of t = mean/(s/√n). Sums are in
 * float64 over the differences, so a large shared loss does not swamp a small difference.
 */
export function pairedTTest(a: Float64Array, b: Float64Array): TTestResult {
  const n = a.length;
  let sumA = 0;
  let sumB = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sumA += a[i];
    sumB += b[i];
    sum += b[i] - a[i];
  }
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (b[i] - a[i] - mean) ** 2;
  const degreesOfFreedom = n - 1;
  const standardError = Math.sqrt(squares / degreesOfFreedom / n);
  const half = studentQuantile(0.975, degreesOfFreedom) * standardError;
  // Identical figures on every row: no spread, no evidence of a difference (scipy gives NaN here).
  const t = standardError === 0 ? (mean === 0 ? 0 : Math.sign(mean) * Infinity) : mean / standardError;
  return {
    a: sumA / n,
    b: sumB / n,
    difference: mean,
    lower: mean - half,
    upper: mean + half,
    t,
    degreesOfFreedom,
    pValue: Number.isFinite(t) ? studentTwoSided(t, degreesOfFreedom) : 0,
  };
}

export interface McNemarResult extends PairedDifference {
  /** Rows only A got right, and only B. */
  onlyA: number;
  onlyB: number;
  /** True when the p-value is the exact binomial one (fewer than EXACT_BELOW discordant rows). */
  exact: boolean;
}

/** Below this many discordant rows the exact binomial test is used, above it the chi-square (as statsmodels advises). */
export const EXACT_BELOW = 25;

/**
 * McNemar's test of two classifiers' accuracy on the same rows. Only the discordant rows carry
 * evidence: under "equally accurate" the rows only B got right are Binomial(b + c, 1/2). Fewer than
 * 25 of them: the exact two-sided binomial p (scipy.stats.binomtest); else the continuity-corrected
 * chi-square (|b − c| − 1)²/(b + c). The interval is the Wald interval of a paired difference of
 * proportions (Agresti, Categorical Data Analysis, §10.1).
 */
export function mcnemarTest(correctA: Uint8Array, correctB: Uint8Array): McNemarResult {
  const n = correctA.length;
  let onlyA = 0;
  let onlyB = 0;
  let rightA = 0;
  let rightB = 0;
  for (let i = 0; i < n; i++) {
    rightA += correctA[i];
    rightB += correctB[i];
    if (correctA[i] && !correctB[i]) onlyA++;
    else if (correctB[i] && !correctA[i]) onlyB++;
  }
  const discordant = onlyA + onlyB;
  const exact = discordant < EXACT_BELOW;
  const pValue =
    discordant === 0
      ? 1
      : exact
        ? binomialTwoSided(Math.min(onlyA, onlyB), discordant)
        : chiSquareOneSurvival((Math.abs(onlyB - onlyA) - 1) ** 2 / discordant);
  const difference = (onlyB - onlyA) / n;
  const standardError = Math.sqrt(Math.max(discordant / n - difference ** 2, 0) / n);
  return {
    a: rightA / n,
    b: rightB / n,
    difference,
    lower: difference - Z_975 * standardError,
    upper: difference + Z_975 * standardError,
    pValue,
    onlyA,
    onlyB,
    exact,
  };
}

/** The exact two-sided p of k or fewer successes in n fair trials: 2·P(X ≤ k), at most 1. */
function binomialTwoSided(k: number, n: number): number {
  let term = 0.5 ** n; // P(X = 0)
  let tail = term;
  for (let j = 1; j <= k; j++) {
    term *= (n - j + 1) / j;
    tail += term;
  }
  return Math.min(1, 2 * tail);
}
