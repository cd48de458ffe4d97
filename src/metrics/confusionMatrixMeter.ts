import type { PreparedBatch } from './batch.js';
import { addPart, CompensatedSums } from './compensatedSums.js';
import {
  METER_KEYS,
  Meter,
  type MeterOptions,
  type MeterState,
  readCount,
  readStateHeader,
} from './meter.js';
import { checkEmpty, checkSum, stateError } from './stateChecks.js';

/** Above this many classes the C × C matrix (2·C² float64 sums) is not kept. */
export const CONFUSION_MAX_CLASSES = 1024;

export interface ConfusionMatrixResult {
  /**
   * matrix[i][j]: the weight of rows whose true class is i and arg-max prediction j, as scikit-learn's
   * confusion_matrix(y_true, y_pred, sample_weight); null above CONFUSION_MAX_CLASSES classes.
   */
  matrix: number[][] | null;
  count: number;
}

/**
 * Streaming, mergeable confusion matrix of the arg-max predictions (ties to the lowest class, a
 * binary column p predicting 1 when p > 0.5), weighted by the sample weights.
 *
 * @example new ConfusionMatrixMeter().update({ probabilities: [0.9, 0.2], labels: [1, 1] }).compute().matrix // [[0, 0], [1, 1]]
 */
export class ConfusionMatrixMeter extends Meter<ConfusionMatrixResult> {
  private sums: CompensatedSums | undefined;
  private rows = 0;

  constructor(options: MeterOptions = {}) {
    super(options, 'ConfusionMatrixMeter', METER_KEYS);
    if (this.classes !== undefined) this.allocate(this.classes);
  }

  protected get kind(): string {
    return 'ConfusionMatrixMeter';
  }

  protected allocate(numClasses: number): void {
    if (this.sums === undefined && numClasses <= CONFUSION_MAX_CLASSES) {
      this.sums = new CompensatedSums(numClasses * numClasses);
    }
  }

  protected add({ rows, numClasses, labels, predicted, weights }: PreparedBatch): void {
    this.rows += rows;
    if (this.sums === undefined) return;
    const sums = this.sums.parts;
    for (let i = 0; i < rows; i++) {
      addPart(sums, 2 * (labels[i] * numClasses + predicted[i]), weights === undefined ? 1 : weights[i]);
    }
  }

  merge(other: ConfusionMatrixMeter): this {
    this.prepareMerge(other);
    if (other.sums !== undefined) this.sums?.merge(other.sums);
    this.rows += other.rows;
    return this;
  }

  compute(): ConfusionMatrixResult {
    const sums = this.sums;
    const numClasses = this.classes ?? 0;
    const matrix =
      sums === undefined && numClasses > 0
        ? null
        : Array.from({ length: numClasses }, (_, i) =>
            Array.from({ length: numClasses }, (_, j) => (sums as CompensatedSums).value(i * numClasses + j)),
          );
    return { matrix, count: this.rows };
  }

  toJSON(): MeterState {
    return { ...this.stateHeader(), rows: this.rows, sums: this.sums?.toJSON() ?? null };
  }

  static fromJSON(state: unknown): ConfusionMatrixMeter {
    const op = 'ConfusionMatrixMeter.fromJSON';
    const meter = new ConfusionMatrixMeter(readStateHeader(state, 'ConfusionMatrixMeter'));
    const record = state as Record<string, unknown>;
    meter.rows = readCount(record.rows, op, 'rows');
    const numClasses = meter.classes ?? 0;
    if (meter.classes === undefined) {
      if (meter.rows !== 0)
        throw stateError(op, 'numClasses', null, `cannot be null with ${meter.rows} rows`);
      return meter;
    }
    if (numClasses > CONFUSION_MAX_CLASSES) {
      if (record.sums !== null)
        throw stateError(op, 'sums', 'an array', `must be null above ${CONFUSION_MAX_CLASSES} classes`);
      return meter;
    }
    const sums = CompensatedSums.fromJSON(record.sums, numClasses * numClasses, op, 'sums');
    let total = 0;
    for (let cell = 0; cell < numClasses * numClasses; cell++)
      total += checkSum(sums.value(cell), op, `sums (cell ${cell})`);
    checkEmpty(meter.rows, [total], op, 'sums (cells)', 'rows');
    meter.sums?.parts.set(sums.parts);
    return meter;
  }
}
