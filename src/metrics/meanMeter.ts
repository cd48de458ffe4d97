import type { PreparedBatch } from './batch.js';
import { addPart, CompensatedSums } from './compensatedSums.js';
import { SquareSums } from './intervals.js';
import { Meter, type MeterState, readCount } from './meter.js';
import { checkAtMost, checkEmpty, checkSum } from './stateChecks.js';

const WEIGHT = 0;
const VALUE = 1;

/** The weighted mean of a per-row value, what the sums hold, and how many rows made it. */
export interface WeightedMean {
  mean: number;
  weight: number;
  count: number;
}

/**
 * A meter whose figure is the weighted mean of one value per row (1 or 0 for a correct row, a
 * row's Brier score): Σw and Σw·x in compensated sums, and the second moments for its interval.
 */
export abstract class MeanMeter<Result> extends Meter<Result> {
  protected readonly sums = new CompensatedSums(2);
  protected readonly squares = new SquareSums();
  protected rows = 0;

  /**
   * Writes the value each row of a batch adds into `values` (length ≥ batch.rows): one call per
   * batch, so the per-row loop below makes no method call.
   */
  protected abstract rowValues(batch: PreparedBatch, values: Float64Array): void;

  protected allocate(): void {}

  protected add(batch: PreparedBatch): void {
    const { rows, weights } = batch;
    const values = new Float64Array(rows);
    this.rowValues(batch, values);
    const sums = this.sums.parts;
    for (let i = 0; i < rows; i++) {
      const w = weights === undefined ? 1 : weights[i];
      const value = values[i];
      addPart(sums, 2 * WEIGHT, w);
      if (value !== 0) addPart(sums, 2 * VALUE, w * value);
    }
    this.squares.addRows(rows, weights, values);
    this.rows += rows;
  }

  protected mergeSums(other: MeanMeter<Result>): void {
    this.prepareMerge(other);
    this.sums.merge(other.sums);
    this.squares.merge(other.squares);
    this.rows += other.rows;
  }

  protected weightedMean(): WeightedMean {
    const weight = this.sums.value(WEIGHT);
    return { mean: this.sums.value(VALUE) / weight, weight, count: this.rows };
  }

  protected sumsState(): MeterState {
    return {
      ...this.stateHeader(),
      rows: this.rows,
      sums: this.sums.toJSON(),
      squares: this.squares.toJSON(),
    };
  }

  /**
   * Reads rows, sums and squares from a state: sums ≥ 0, zero without rows, and, for a share
   * (`valueName` given), the value's weight at most the total weight.
   */
  protected readSums(record: Record<string, unknown>, op: string, valueName: string, share: boolean): void {
    this.rows = readCount(record.rows, op, 'rows');
    const sums = CompensatedSums.fromJSON(record.sums, 2, op, 'sums');
    const weight = checkSum(sums.value(WEIGHT), op, 'sums (total weight)');
    const value = checkSum(sums.value(VALUE), op, `sums (${valueName})`);
    if (share) checkAtMost(value, weight, op, `sums (${valueName})`, 'the total weight');
    checkEmpty(this.rows, [weight], op, 'sums (total weight)', 'rows');
    this.sums.parts.set(sums.parts);
    this.squares.merge(SquareSums.fromJSON(record.squares, op, 'squares'));
  }
}
