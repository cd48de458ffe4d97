import { checkOptionKeys } from '../optionKeys.js';
import { METER_EPS, REDUCTION, type Reduction, readChoice } from '../options.js';
import { type ClassificationBatch, type PreparedBatch, prepareBatch } from './batch.js';
import { CompensatedSums } from './compensatedSums.js';
import type { ConfidenceInterval } from './intervals.js';
import { MeanMeter } from './meanMeter.js';
import { METER_KEYS, type MeterOptions, type MeterState, readStateHeader } from './meter.js';

export interface BrierResult {
  /** Weighted mean Brier score: scikit-learn's brier_score_loss for 2 classes. */
  brier: number;
  /** 95% normal-approximation interval, from the per-row scores' spread. */
  brierInterval: ConfidenceInterval;
  count: number;
  weight: number;
}

/**
 * One row's Brier score. Two classes: (p₁ − y)², scikit-learn's brier_score_loss (which scores the
 * positive class only). More: Σₖ (pₖ − [k = y])², the squared distance to the one-hot label, which
 * for two classes would be twice the binary figure.
 */
export function rowBrier(
  probabilities: ArrayLike<number>,
  row: number,
  numClasses: number,
  label: number,
): number {
  const offset = row * numClasses;
  if (numClasses === 2) {
    const gap = probabilities[offset + 1] - label;
    return gap * gap;
  }
  let sum = 0;
  for (let k = 0; k < numClasses; k++) {
    const gap = probabilities[offset + k] - (k === label ? 1 : 0);
    sum += gap * gap;
  }
  return sum;
}

export interface BrierScoreOptions {
  /** 'mean' (default, weighted by sampleWeight), 'sum', or 'none' for one score per row. */
  reduction?: Reduction;
  /** Divide each probability row by its sum instead of rejecting rows that do not sum to 1. */
  renormalize?: boolean;
}

const BRIER_SCORE_KEYS = ['reduction', 'renormalize'] as const satisfies readonly (keyof BrierScoreOptions)[];

/**
 * The Brier score of a batch of predictions (probabilities, or logits through the softmax), per row
 * with `reduction: 'none'`: the per-row values a paired comparison of two models needs.
 *
 * Special cases: an empty batch gives NaN for 'mean'; weights scale each row for 'mean' and 'sum'.
 *
 * @example brierScore({ probabilities: [0.9, 0.2], labels: [1, 0] }) // 0.025
 */
export function brierScore(
  batch: ClassificationBatch,
  options?: BrierScoreOptions & { reduction?: 'mean' | 'sum' },
): number;
export function brierScore(
  batch: ClassificationBatch,
  options: BrierScoreOptions & { reduction: 'none' },
): Float64Array;
export function brierScore(
  batch: ClassificationBatch,
  options: BrierScoreOptions = {},
): number | Float64Array {
  const op = 'brierScore';
  checkOptionKeys(options, BRIER_SCORE_KEYS, op);
  const reduction = readChoice(options.reduction, REDUCTION, op);
  const prepared = prepareBatch(
    batch,
    { eps: METER_EPS.default as number, renormalize: options.renormalize ?? false },
    op,
  );
  const { rows, numClasses, probabilities, labels, weights } = prepared;
  const scores = new Float64Array(rows);
  for (let i = 0; i < rows; i++) scores[i] = rowBrier(probabilities, i, numClasses, labels[i]);
  if (reduction === 'none') return scores;
  const sums = new CompensatedSums(2);
  for (let i = 0; i < rows; i++) {
    const w = weights === undefined ? 1 : weights[i];
    sums.add(0, w * scores[i]);
    sums.add(1, w);
  }
  return reduction === 'sum' ? sums.value(0) : sums.value(0) / sums.value(1);
}

/**
 * Streaming, mergeable Brier score with its 95% interval.
 *
 * Method: each row's score (see `rowBrier`) is added, times its weight, to compensated sums, and
 * its square to the interval's second-moment sums; the state is sums only, so shards merge exactly.
 *
 * Special cases: an empty meter reports NaN.
 *
 * @example new BrierMeter().update({ probabilities: [0.9, 0.2], labels: [1, 0] }).compute().brier // 0.025
 */
export class BrierMeter extends MeanMeter<BrierResult> {
  constructor(options: MeterOptions = {}) {
    super(options, 'BrierMeter', METER_KEYS);
  }

  protected get kind(): string {
    return 'BrierMeter';
  }

  protected rowValues(
    { rows, probabilities, numClasses, labels }: PreparedBatch,
    values: Float64Array,
  ): void {
    for (let i = 0; i < rows; i++) values[i] = rowBrier(probabilities, i, numClasses, labels[i]);
  }

  merge(other: BrierMeter): this {
    this.mergeSums(other);
    return this;
  }

  compute(): BrierResult {
    const { mean, weight, count } = this.weightedMean();
    return { brier: mean, brierInterval: this.squares.normalInterval(mean, weight, count), count, weight };
  }

  toJSON(): MeterState {
    return this.sumsState();
  }

  static fromJSON(state: unknown): BrierMeter {
    const meter = new BrierMeter(readStateHeader(state, 'BrierMeter'));
    meter.readSums(state as Record<string, unknown>, 'BrierMeter.fromJSON', 'weighted score', false);
    return meter;
  }
}
