import { checkOptionKeys } from '../optionKeys.js';
import { type NumberSpec, readNumber } from '../options.js';
import { rowBrier } from './brierMeter.js';
import type { ConfidenceInterval } from './intervals.js';
import type { RowStore } from './rowStore.js';

export interface BootstrapOptions {
  /** Resamples drawn. Default 1000. */
  resamples?: number;
  /** Seed of the generator: the same seed gives the same intervals. Default 0. */
  seed?: number;
}

export interface BootstrapIntervals {
  logLoss: ConfidenceInterval;
  accuracy: ConfidenceInterval;
  brier: ConfidenceInterval;
  resamples: number;
  seed: number;
}

export const BOOTSTRAP_KEYS = ['resamples', 'seed'] as const satisfies readonly (keyof BootstrapOptions)[];
export const RESAMPLES: NumberSpec = { option: 'resamples', default: 1000, min: 1, integer: true };
export const SEED: NumberSpec = { option: 'seed', default: 0, min: 0, max: 2 ** 32 - 1, integer: true };

/** mulberry32: a small, fast 32-bit generator; plenty for drawing row indices. Returns [0, 1). */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** The q-quantile of sorted values, interpolating linearly between ranks (numpy's default). */
function quantile(sorted: Float64Array, q: number): number {
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}

function percentileInterval(values: Float64Array): ConfidenceInterval {
  values.sort();
  return { lower: quantile(values, 0.025), upper: quantile(values, 0.975), method: 'bootstrap' };
}

/**
 * Percentile-bootstrap 95% intervals of log loss, accuracy and Brier score: the rows are resampled
 * with replacement `resamples` times, each figure recomputed (weighted) on each resample, and the
 * 2.5th and 97.5th percentiles of those figures reported. Needs the rows themselves, so only the
 * kept rows of a meter below its exactRows limit can be bootstrapped.
 *
 * The log loss is divided by `divisor` (ln of the base) into the reported unit.
 *
 * Special cases: no rows gives NaN bounds; a resample whose weights sum to 0 gives NaN figures.
 */
export function bootstrapIntervals(
  store: RowStore,
  options: BootstrapOptions,
  divisor: number,
  op: string,
): BootstrapIntervals {
  checkOptionKeys(options, BOOTSTRAP_KEYS, op);
  const resamples = readNumber(options.resamples, RESAMPLES, op);
  const seed = readNumber(options.seed, SEED, op);
  const n = store.length;
  const random = generator(seed);
  const figures = [new Float64Array(resamples), new Float64Array(resamples), new Float64Array(resamples)];
  const brier = Float64Array.from({ length: n }, (_, i) =>
    rowBrier(store.probabilities, i, store.numClasses, store.labels[i]),
  );
  for (let r = 0; r < resamples; r++) {
    let weight = 0;
    let loss = 0;
    let correct = 0;
    let squared = 0;
    for (let draw = 0; draw < n; draw++) {
      const i = Math.floor(random() * n);
      const w = store.weights[i];
      weight += w;
      loss += w * store.loss[i];
      if (store.predicted[i] === store.labels[i]) correct += w;
      squared += w * brier[i];
    }
    figures[0][r] = loss / weight / divisor;
    figures[1][r] = correct / weight;
    figures[2][r] = squared / weight;
  }
  const [logLoss, accuracy, brierScores] = figures.map((values) =>
    n === 0
      ? { lower: Number.NaN, upper: Number.NaN, method: 'bootstrap' as const }
      : percentileInterval(values),
  );
  return { logLoss, accuracy, brier: brierScores, resamples, seed };
}
