import { type NumberSpec, readNumber } from '../options.js';
import type { PreparedBatch } from './batch.js';
import { MeanMeter } from './meanMeter.js';
import { METER_KEYS, type MeterOptions, type MeterState, readStateHeader } from './meter.js';
import { checkSameSetting } from './stateChecks.js';

export interface TopKAccuracyOptions {
  /** How many of the most probable classes may hold the label. Default 5 (scikit-learn's is 2). */
  k?: number;
}

export interface TopKAccuracyResult {
  k: number;
  /** Weighted share of rows whose label is among the k most probable classes. */
  topKAccuracy: number;
  count: number;
  weight: number;
}

export const TOP_K: NumberSpec = { option: 'k', default: 5, min: 1, integer: true };

/**
 * Whether a row's label is among its k most probable classes, ranked as scikit-learn's
 * top_k_accuracy_score ranks them: a stable ascending sort reversed, so among tied probabilities
 * the higher class index ranks first. Two classes follow its binary rule instead: k = 1 is the
 * arg-max prediction (p₁ > 0.5 predicts 1), k ≥ 2 always hits.
 */
export function inTopK(batch: PreparedBatch, row: number, k: number): boolean {
  const { numClasses, probabilities, labels, predicted } = batch;
  const label = labels[row];
  if (numClasses === 2) return k >= 2 || predicted[row] === label;
  const offset = row * numClasses;
  const p = probabilities[offset + label];
  let ahead = 0;
  for (let j = 0; j < numClasses; j++) {
    const q = probabilities[offset + j];
    if (q > p || (q === p && j > label)) ahead++;
  }
  return ahead < k;
}

/**
 * Streaming, mergeable top-k accuracy: scikit-learn's top_k_accuracy_score with sample weights.
 *
 * Special cases: k ≥ the number of classes scores 1, as scikit-learn (which warns); an empty meter
 * reports NaN.
 *
 * @example new TopKAccuracyMeter({ k: 2 }).update({ probabilities: [[0.5, 0.3, 0.2]], labels: [1] }).compute().topKAccuracy // 1
 */
export class TopKAccuracyMeter extends MeanMeter<TopKAccuracyResult> {
  readonly k: number;

  constructor(options: MeterOptions & TopKAccuracyOptions = {}) {
    super(options, 'TopKAccuracyMeter', [...METER_KEYS, 'k']);
    this.k = readNumber(options.k, TOP_K, 'TopKAccuracyMeter');
  }

  protected get kind(): string {
    return 'TopKAccuracyMeter';
  }

  protected rowValues(batch: PreparedBatch, values: Float64Array): void {
    const k = this.k;
    for (let i = 0; i < batch.rows; i++) values[i] = inTopK(batch, i, k) ? 1 : 0;
  }

  merge(other: TopKAccuracyMeter): this {
    checkSameSetting(`${this.kind}.merge`, 'k', other.k, this.k);
    this.mergeSums(other);
    return this;
  }

  compute(): TopKAccuracyResult {
    const { mean, weight, count } = this.weightedMean();
    return { k: this.k, topKAccuracy: mean, count, weight };
  }

  toJSON(): MeterState {
    return { ...this.sumsState(), k: this.k };
  }

  static fromJSON(state: unknown): TopKAccuracyMeter {
    const op = 'TopKAccuracyMeter.fromJSON';
    const record = state as Record<string, unknown>;
    const options: MeterOptions & TopKAccuracyOptions = readStateHeader(state, 'TopKAccuracyMeter');
    options.k = readNumber(record.k ?? null, TOP_K, op);
    const meter = new TopKAccuracyMeter(options);
    meter.readSums(record, op, 'weight of hits', true);
    return meter;
  }
}
