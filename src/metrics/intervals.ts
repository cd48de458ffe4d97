// 95% confidence intervals from mergeable sums. A meter keeps Σw, Σw·x (its own figure) and, here,
// Σw², Σw²·x, Σw²·x²: sums, so shards merge exactly and the interval of the merged state is the
// interval of the whole file.
import { addPart, CompensatedSums } from './compensatedSums.js';
import { checkSum } from './stateChecks.js';

/** The 97.5th percentile of the standard normal: a two-sided 95% interval is mean ± Z95 · SE. */
export const Z95 = 1.959963984540054;

/** A two-sided 95% confidence interval and how it was made. */
export interface ConfidenceInterval {
  lower: number;
  upper: number;
  /**
   * 'normal': mean ± 1.96 standard errors of the weighted mean of per-row values; 'wilson': the
   * Wilson score interval of a proportion; 'bootstrap': percentiles of resampled figures.
   */
  method: 'normal' | 'wilson' | 'bootstrap';
}

const SQUARED_WEIGHT = 0;
const SQUARED_WEIGHT_VALUE = 1;
const SQUARED_WEIGHT_SQUARED_VALUE = 2;

/**
 * The second-moment sums Σw², Σw²·x and Σw²·x² of per-row values x with weights w.
 *
 * Method: the weighted mean m = Σw·x / Σw has, for independent rows, the variance
 * Σw²(x − m)² / (Σw)², and Σw²(x − m)² = Σw²x² − 2m·Σw²x + m²·Σw². The factor n / (n − 1)
 * makes the unweighted case the textbook s² / n with the sample variance (ddof 1, as
 * scipy.stats.sem).
 */
export class SquareSums {
  readonly sums = new CompensatedSums(3);

  /** Adds each of the first `rows` rows: value values[i] with weight weights[i] (1 when absent). */
  addRows(rows: number, weights: ArrayLike<number> | undefined, values: ArrayLike<number>): void {
    const parts = this.sums.parts;
    for (let i = 0; i < rows; i++) {
      const weight = weights === undefined ? 1 : weights[i];
      const value = values[i];
      const squared = weight * weight;
      addPart(parts, 2 * SQUARED_WEIGHT, squared);
      addPart(parts, 2 * SQUARED_WEIGHT_VALUE, squared * value);
      addPart(parts, 2 * SQUARED_WEIGHT_SQUARED_VALUE, squared * value * value);
    }
  }

  merge(other: SquareSums): void {
    this.sums.merge(other.sums);
  }

  /** Σw², which with Σw gives Kish's effective number of rows (Σw)² / Σw². */
  get squaredWeight(): number {
    return this.sums.value(SQUARED_WEIGHT);
  }

  /** mean ± Z95 · SE; NaN bounds with fewer than two rows or a non-finite mean. */
  normalInterval(mean: number, weight: number, rows: number): ConfidenceInterval {
    if (rows < 2 || !Number.isFinite(mean) || !(weight > 0)) {
      return { lower: Number.NaN, upper: Number.NaN, method: 'normal' };
    }
    const spread =
      this.sums.value(SQUARED_WEIGHT_SQUARED_VALUE) -
      2 * mean * this.sums.value(SQUARED_WEIGHT_VALUE) +
      mean * mean * this.sums.value(SQUARED_WEIGHT);
    // Cancellation can leave a tiny negative spread when every value is the same.
    const standardError = Math.sqrt((Math.max(spread, 0) * rows) / (rows - 1)) / weight;
    return { lower: mean - Z95 * standardError, upper: mean + Z95 * standardError, method: 'normal' };
  }

  toJSON(): (number | string)[] {
    return this.sums.toJSON();
  }

  static fromJSON(parts: unknown, op: string, argument: string): SquareSums {
    const squares = new SquareSums();
    const sums = CompensatedSums.fromJSON(parts, 3, op, argument);
    checkSum(sums.value(SQUARED_WEIGHT), op, `${argument} (Σw²)`);
    checkSum(sums.value(SQUARED_WEIGHT_SQUARED_VALUE), op, `${argument} (Σw²x²)`, true);
    squares.sums.parts.set(sums.parts);
    return squares;
  }
}

/**
 * The Wilson score interval of a proportion p over n rows (Wilson, 1927). Unlike the Wald interval
 * p ± 1.96·√(p(1 − p)/n) it stays inside [0, 1] and does not collapse to a point at p = 0 or 1.
 * With sample weights, n is Kish's effective number of rows (Σw)² / Σw².
 */
export function wilsonInterval(proportion: number, rows: number): ConfidenceInterval {
  if (!(rows > 0) || !Number.isFinite(proportion)) {
    return { lower: Number.NaN, upper: Number.NaN, method: 'wilson' };
  }
  const z2 = Z95 * Z95;
  const denominator = 1 + z2 / rows;
  const centre = (proportion + z2 / (2 * rows)) / denominator;
  const halfWidth =
    (Z95 * Math.sqrt((proportion * (1 - proportion)) / rows + z2 / (4 * rows * rows))) / denominator;
  return {
    lower: Math.max(0, centre - halfWidth),
    upper: Math.min(1, centre + halfWidth),
    method: 'wilson',
  };
}
