import { checkClassIndices } from '../checks/values.js';
import { XentError } from '../errors.js';
import type { PreparedBatch } from './batch.js';
import { decodeNumber, encodeNumber } from './compensatedSums.js';
import { checkSum, stateError } from './stateChecks.js';

/**
 * The rows themselves, kept while they fit: what a sort-based (exact) AUC and average precision
 * and a bootstrap need. Columns grow by doubling; weights are all 1 until a weighted batch comes.
 */
export class RowStore {
  readonly numClasses: number;
  length = 0;
  labels = new Int32Array(0);
  predicted = new Int32Array(0);
  loss = new Float64Array(0);
  weights = new Float64Array(0);
  /** Row-major (N, C) probabilities. */
  probabilities = new Float64Array(0);

  constructor(numClasses: number) {
    this.numClasses = numClasses;
  }

  private reserve(rows: number): void {
    if (rows <= this.labels.length) return;
    const capacity = Math.max(rows, 2 * this.labels.length, 1024);
    const grow = <T extends Int32Array | Float64Array>(old: T, make: (n: number) => T, width = 1): T => {
      const next = make(capacity * width);
      next.set(old.subarray(0, this.length * width));
      return next;
    };
    this.labels = grow(this.labels, (n) => new Int32Array(n));
    this.predicted = grow(this.predicted, (n) => new Int32Array(n));
    this.loss = grow(this.loss, (n) => new Float64Array(n));
    this.weights = grow(this.weights, (n) => new Float64Array(n));
    this.probabilities = grow(this.probabilities, (n) => new Float64Array(n), this.numClasses);
  }

  append(batch: PreparedBatch): void {
    const { rows, numClasses } = batch;
    this.reserve(this.length + rows);
    const at = this.length;
    for (let i = 0; i < rows; i++) {
      this.labels[at + i] = batch.labels[i];
      this.loss[at + i] = batch.loss[i];
      this.weights[at + i] = batch.weights === undefined ? 1 : batch.weights[i];
    }
    this.predicted.set(batch.predicted, at);
    this.probabilities.set(batch.probabilities.subarray(0, rows * numClasses), at * numClasses);
    this.length += rows;
  }

  appendStore(other: RowStore): void {
    this.reserve(this.length + other.length);
    const at = this.length;
    const n = other.length;
    this.labels.set(other.labels.subarray(0, n), at);
    this.predicted.set(other.predicted.subarray(0, n), at);
    this.loss.set(other.loss.subarray(0, n), at);
    this.weights.set(other.weights.subarray(0, n), at);
    this.probabilities.set(other.probabilities.subarray(0, n * this.numClasses), at * this.numClasses);
    this.length += n;
  }

  toJSON() {
    const n = this.length;
    return {
      labels: Array.from(this.labels.subarray(0, n)),
      predicted: Array.from(this.predicted.subarray(0, n)),
      loss: Array.from(this.loss.subarray(0, n), encodeNumber),
      weights: Array.from(this.weights.subarray(0, n)),
      probabilities: Array.from(this.probabilities.subarray(0, n * this.numClasses)),
    };
  }

  static fromJSON(value: unknown, numClasses: number, rows: number, op: string): RowStore {
    const record = (value ?? {}) as Record<string, unknown>;
    const column = (field: string, width = 1): unknown[] => {
      const entries = record[field];
      if (!Array.isArray(entries) || entries.length !== rows * width) {
        throw new XentError('INVALID_INPUT', `store.${field} must be an array of ${rows * width} numbers`, {
          op,
          argument: `store.${field}`,
          expected: rows * width,
        });
      }
      return entries;
    };
    const numbers = (field: string, width = 1) =>
      Float64Array.from(column(field, width), (x, i) => decodeNumber(x, op, `store.${field}[${i}]`));
    const store = new RowStore(numClasses);
    const classIndices = (field: string) => {
      const values = numbers(field);
      checkClassIndices(values, { op, shape: [rows], argument: `store.${field}` }, { classes: numClasses });
      return Int32Array.from(values);
    };
    const labels = classIndices('labels');
    const predicted = classIndices('predicted');
    const weights = numbers('weights');
    weights.forEach((w, i) => {
      checkSum(w, op, `store.weights[${i}]`);
    });
    const probabilities = numbers('probabilities', numClasses);
    probabilities.forEach((p, i) => {
      if (!(p >= 0 && p <= 1))
        throw stateError(op, `store.probabilities[${i}]`, p, 'must be a probability in [0, 1]');
    });
    const loss = numbers('loss');
    loss.forEach((l, i) => {
      checkSum(l, op, `store.loss[${i}]`, true);
    });
    Object.assign(store, { labels, predicted, weights, probabilities, loss, length: rows });
    return store;
  }
}
