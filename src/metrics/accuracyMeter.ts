import type { PreparedBatch } from './batch.js';
import { CompensatedSums } from './compensatedSums.js';
import {
  METER_KEYS,
  Meter,
  type MeterOptions,
  type MeterState,
  readCount,
  readStateHeader,
} from './meter.js';
import { checkAtMost, checkEmpty, checkSum } from './stateChecks.js';

export interface AccuracyResult {
  /** Weighted share of rows whose arg-max class is the label (first class on ties). */
  accuracy: number;
  count: number;
  weight: number;
}

const WEIGHT = 0;
const CORRECT = 1;

/**
 * Streaming, mergeable accuracy: the weighted share of rows whose most probable class is the label,
 * as scikit-learn's accuracy_score of the arg-max predictions.
 *
 * Special cases: ties go to the lowest class index (numpy.argmax); a binary column p predicts 1
 * only when p > 1 − p; an empty meter reports NaN.
 *
 * @example new AccuracyMeter().update({ probabilities: [0.9, 0.2], labels: [1, 1] }).compute().accuracy // 0.5
 */
export class AccuracyMeter extends Meter<AccuracyResult> {
  private readonly sums = new CompensatedSums(2);
  private rows = 0;

  constructor(options: MeterOptions = {}) {
    super(options, 'AccuracyMeter', METER_KEYS);
  }

  protected get kind(): string {
    return 'AccuracyMeter';
  }

  protected allocate(): void {}

  protected add({ rows, labels, predicted, weights }: PreparedBatch): void {
    for (let i = 0; i < rows; i++) {
      const w = weights === undefined ? 1 : weights[i];
      this.sums.add(WEIGHT, w);
      if (predicted[i] === labels[i]) this.sums.add(CORRECT, w);
    }
    this.rows += rows;
  }

  merge(other: AccuracyMeter): this {
    this.prepareMerge(other);
    this.sums.merge(other.sums);
    this.rows += other.rows;
    return this;
  }

  compute(): AccuracyResult {
    const weight = this.sums.value(WEIGHT);
    return { accuracy: this.sums.value(CORRECT) / weight, count: this.rows, weight };
  }

  toJSON(): MeterState {
    return { ...this.stateHeader(), rows: this.rows, sums: this.sums.toJSON() };
  }

  static fromJSON(state: unknown): AccuracyMeter {
    const op = 'AccuracyMeter.fromJSON';
    const meter = new AccuracyMeter(readStateHeader(state, 'AccuracyMeter'));
    const record = state as Record<string, unknown>;
    meter.rows = readCount(record.rows, op, 'rows');
    const sums = CompensatedSums.fromJSON(record.sums, 2, op, 'sums');
    const weight = checkSum(sums.value(WEIGHT), op, 'sums (total weight)');
    const correct = checkSum(sums.value(CORRECT), op, 'sums (weight of correct rows)');
    checkAtMost(correct, weight, op, 'sums (weight of correct rows)', 'the total weight');
    checkEmpty(meter.rows, [weight], op, 'sums (total weight)', 'rows');
    meter.sums.parts.set(sums.parts);
    return meter;
  }
}
