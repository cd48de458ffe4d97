import type { PreparedBatch } from './batch.js';
import { type ConfidenceInterval, wilsonInterval } from './intervals.js';
import { MeanMeter } from './meanMeter.js';
import { METER_KEYS, type MeterOptions, type MeterState, readStateHeader } from './meter.js';

export interface AccuracyResult {
  /** Weighted share of rows whose arg-max class is the label (first class on ties). */
  accuracy: number;
  /** 95% Wilson score interval, over Kish's effective rows (Σw)² / Σw² when weighted. */
  accuracyInterval: ConfidenceInterval;
  count: number;
  weight: number;
}

/**
 * Streaming, mergeable accuracy: the weighted share of rows whose most probable class is the label,
 * as scikit-learn's accuracy_score of the arg-max predictions, with its Wilson interval.
 *
 * Special cases: ties go to the lowest class index (numpy.argmax); a binary column p predicts 1
 * only when p > 1 − p; an empty meter reports NaN.
 *
 * @example new AccuracyMeter().update({ probabilities: [0.9, 0.2], labels: [1, 1] }).compute().accuracy // 0.5
 */
export class AccuracyMeter extends MeanMeter<AccuracyResult> {
  constructor(options: MeterOptions = {}) {
    super(options, 'AccuracyMeter', METER_KEYS);
  }

  protected get kind(): string {
    return 'AccuracyMeter';
  }

  protected override get stateVersion(): number {
    return 2;
  }

  protected rowValues({ rows, predicted, labels }: PreparedBatch, values: Float64Array): void {
    for (let i = 0; i < rows; i++) values[i] = predicted[i] === labels[i] ? 1 : 0;
  }

  merge(other: AccuracyMeter): this {
    this.mergeSums(other);
    return this;
  }

  compute(): AccuracyResult {
    const { mean, weight, count } = this.weightedMean();
    const effectiveRows = (weight * weight) / this.squares.squaredWeight;
    return { accuracy: mean, accuracyInterval: wilsonInterval(mean, effectiveRows), count, weight };
  }

  toJSON(): MeterState {
    return this.sumsState();
  }

  static fromJSON(state: unknown): AccuracyMeter {
    const meter = new AccuracyMeter(readStateHeader(state, 'AccuracyMeter', 2));
    meter.readSums(
      state as Record<string, unknown>,
      'AccuracyMeter.fromJSON',
      'weight of correct rows',
      true,
    );
    return meter;
  }
}
