import { logSoftmax } from '../activations.js';
import {
  isNormalized,
  normalizationTolerance,
  notNormalizedError,
  notProbabilityError,
} from '../checks/probability.js';
import { checkClassIndices } from '../checks/values.js';
import { formatValue, XentError } from '../errors.js';
import { surprisal } from '../info.js';
import { type LabelsLike, toIndexTensor } from '../labels.js';
import { checkOptionKeys } from '../optionKeys.js';
import { formatIndex, formatShape, type Tensor, type TensorLike, toTensor } from '../tensor.js';

/**
 * One batch of a classifier's predictions. Exactly one of `probabilities` and `logits` is given:
 * shape (N, C) for C ≥ 2 classes, or (N) / (N, 1) for a binary classifier's probability (or logit)
 * of class 1.
 */
export interface ClassificationBatch {
  probabilities?: TensorLike;
  logits?: TensorLike;
  /** The true class of each row, an integer in [0, C). */
  labels: LabelsLike;
  /** A non-negative weight per row (default 1). */
  sampleWeight?: TensorLike;
}

const BATCH_KEYS = [
  'probabilities',
  'logits',
  'labels',
  'sampleWeight',
] as const satisfies readonly (keyof ClassificationBatch)[];

export interface PrepareOptions {
  /** Probabilities are clipped to [eps, 1 − eps] (then each row renormalized) before the log. */
  eps: number;
  /** Divide each probability row by its sum instead of rejecting rows that do not sum to 1. */
  renormalize: boolean;
}

/** A batch reduced to what the meters add up: per-row loss (nats), prediction and confidence. */
export interface PreparedBatch {
  rows: number;
  numClasses: number;
  labels: ArrayLike<number>;
  /** −log p(label) per row, in nats, after clipping. */
  loss: ArrayLike<number>;
  /** The arg-max class (the first one on ties, as numpy.argmax). */
  predicted: Int32Array;
  /** The largest predicted probability. */
  confidence: Float64Array;
  /**
   * The unclipped probabilities, row-major (N, C) with C = numClasses: a single binary column p
   * becomes the row [1 − p, p], logits go through the softmax, renormalized rows are divided by
   * their sum. The ranking and Brier meters read them.
   */
  probabilities: Float64Array;
  weights: ArrayLike<number> | undefined;
  /** How many probabilities the eps clip moved. */
  clipped: number;
}

/** Reads, checks and reduces a batch. Every logarithm is the library's (surprisal, logSoftmax). */
export function prepareBatch(batch: ClassificationBatch, options: PrepareOptions, op: string): PreparedBatch {
  checkOptionKeys(batch, BATCH_KEYS, op, 'batch');
  const hasProbabilities = batch.probabilities !== undefined;
  if (hasProbabilities === (batch.logits !== undefined)) {
    throw new XentError('INVALID_INPUT', 'pass exactly one of batch.probabilities and batch.logits', {
      op,
      argument: 'batch',
    });
  }
  const argument = hasProbabilities ? 'probabilities' : 'logits';
  const scores = toTensor((batch.probabilities ?? batch.logits) as TensorLike, { op, argument });
  const { rows, columns } = scoreLayout(scores, op, argument);
  const numClasses = Math.max(columns, 2);
  const labels = readLabels(batch.labels, rows, numClasses, op);
  const weights = batch.sampleWeight === undefined ? undefined : readWeights(batch.sampleWeight, rows, op);
  const reduced = hasProbabilities
    ? fromProbabilities(scores.data, rows, columns, labels, options, op)
    : fromLogits(checkLogits(scores, op), rows, columns, labels);
  return { rows, numClasses, labels, weights, ...reduced };
}

function scoreLayout(scores: Tensor, op: string, argument: string): { rows: number; columns: number } {
  const { shape } = scores;
  if (shape.length === 1) return { rows: shape[0], columns: 1 };
  if (shape.length === 2) return { rows: shape[0], columns: shape[1] };
  throw new XentError(
    'INVALID_SHAPE',
    `${argument} has shape ${formatShape(shape)}; pass (N, C) scores, or (N) for a binary classifier`,
    { op, argument, actual: shape },
  );
}

/** Checks that a per-row argument is a vector with one entry per row of the scores. */
function checkPerRow(
  shape: readonly number[],
  rows: number,
  op: string,
  argument: string,
  entry: string,
): void {
  if (shape.length !== 1 || shape[0] !== rows) {
    throw new XentError(
      'SHAPE_MISMATCH',
      `${argument} has shape ${formatShape(shape)} but the scores have ${rows} rows; pass one ${entry} per row`,
      { op, argument, expected: [rows], actual: shape },
    );
  }
}

function readLabels(x: LabelsLike, rows: number, numClasses: number, op: string): ArrayLike<number> {
  const labels = toIndexTensor(x, { op, argument: 'labels' });
  checkPerRow(labels.shape, rows, op, 'labels', 'label');
  const data = labels.data;
  checkClassIndices(data, { op, argument: 'labels', shape: [rows] }, { classes: numClasses });
  return data;
}

function readWeights(x: TensorLike, rows: number, op: string): ArrayLike<number> {
  const weights = toTensor(x, { op, argument: 'sampleWeight' });
  checkPerRow(weights.shape, rows, op, 'sampleWeight', 'weight');
  const data = weights.data;
  for (let i = 0; i < rows; i++) {
    if (!(data[i] >= 0 && data[i] < Infinity)) {
      throw new XentError(
        'INVALID_VALUE',
        `sampleWeight[${i}] = ${formatValue(data[i])}; a sample weight must be a finite number ≥ 0`,
        { op, argument: 'sampleWeight', index: i, value: data[i] },
      );
    }
  }
  return data;
}

type Reduced = Pick<PreparedBatch, 'loss' | 'predicted' | 'confidence' | 'clipped' | 'probabilities'>;

/**
 * scikit-learn's log_loss recipe: clip every probability to [eps, 1 − eps], divide the row by its
 * new sum, take −log of the label's entry. Prediction and confidence come from the unclipped row.
 */
function fromProbabilities(
  data: ArrayLike<number>,
  rows: number,
  columns: number,
  labels: ArrayLike<number>,
  { eps, renormalize }: PrepareOptions,
  op: string,
): Reduced {
  const picked = new Float64Array(rows);
  const predicted = new Int32Array(rows);
  const confidence = new Float64Array(rows);
  const probabilities = new Float64Array(rows * Math.max(columns, 2));
  let clipped = 0;
  if (columns === 1) {
    for (let i = 0; i < rows; i++) {
      // A binary row [1 − p, p], as scikit-learn builds it from a single column.
      const p = checkedEntry(data[i], i, op, false);
      const q = clip(p, eps);
      if (q !== p) clipped++;
      const total = 1 - q + q;
      picked[i] = (labels[i] === 1 ? q : 1 - q) / total;
      probabilities[2 * i] = 1 - p;
      probabilities[2 * i + 1] = p;
      predicted[i] = p > 1 - p ? 1 : 0;
      confidence[i] = Math.max(p, 1 - p);
    }
  } else {
    const tolerance = normalizationTolerance(data instanceof Float32Array ? 'float32' : 'float64', columns);
    for (let i = 0; i < rows; i++) {
      const y = labels[i];
      const offset = i * columns;
      const scale = 1 / rowScale(data, offset, columns, i, renormalize, tolerance, op);
      let best = 0;
      let bestP = data[offset] * scale;
      let clippedSum = 0;
      let clippedLabel = 0;
      for (let k = 0; k < columns; k++) {
        const p = data[offset + k] * scale;
        probabilities[offset + k] = p;
        if (p > bestP) {
          best = k;
          bestP = p;
        }
        const q = clip(p, eps);
        if (q !== p) clipped++;
        clippedSum += q;
        if (k === y) clippedLabel = q;
      }
      picked[i] = clippedLabel / clippedSum;
      predicted[i] = best;
      confidence[i] = bestP;
    }
  }
  return { loss: surprisal(picked).data, predicted, confidence, clipped, probabilities };
}

/** p clipped to [eps, 1 − eps] (to eps first when eps > 1 − eps); a moved p is never equal to p. */
function clip(p: number, eps: number): number {
  if (p < eps) return eps;
  if (p > 1 - eps) return 1 - eps;
  return p;
}

/** A renormalized row takes any finite weights ≥ 0; otherwise each entry is a probability. */
function checkedEntry(p: number, flat: number, op: string, renormalize: boolean): number {
  if (p >= 0 && p <= (renormalize ? Number.MAX_VALUE : 1)) return p;
  const fix = renormalize ? 'use a finite number ≥ 0 (rows are renormalized)' : 'use a number in [0, 1]';
  throw notProbabilityError(p, flat, { op, argument: 'probabilities', shape: [], fix });
}

/** Checks a probability row and returns what to divide it by: 1, or its sum when renormalizing. */
function rowScale(
  data: ArrayLike<number>,
  offset: number,
  columns: number,
  row: number,
  renormalize: boolean,
  tolerance: number,
  op: string,
): number {
  let sum = 0;
  for (let k = 0; k < columns; k++) sum += checkedEntry(data[offset + k], offset + k, op, renormalize);
  if (renormalize && sum > 0) return sum;
  if (isNormalized(sum, tolerance)) return 1;
  throw notNormalizedError(sum, tolerance, {
    where: `probabilities row ${row}`,
    index: row,
    op,
    argument: 'probabilities',
    fix: 'pass rows that sum to 1, or renormalize: true',
  });
}

/**
 * A meter refuses NaN and +Infinity logits: their softmax is NaN, which would poison every sum it
 * is added to. scikit-learn's log_loss, the meters' reference, refuses NaN and infinite
 * predictions (ValueError "Input contains NaN"); −Infinity stays legal, a masked class.
 */
function checkLogits(scores: Tensor, op: string): Tensor {
  const data = scores.data;
  for (let i = 0; i < data.length; i++) {
    const z = data[i];
    if (z < Infinity) continue;
    throw new XentError(
      'INVALID_VALUE',
      `logits${formatIndex(i, scores.shape)} = ${formatValue(z)} has no probability (its softmax is NaN); pass finite logits (−Infinity masks a class)`,
      { op, argument: 'logits', index: i, value: z },
    );
  }
  return scores;
}

/** Logits go through the library's log-softmax; a single logit column z is the 2-class row [0, z]. */
function fromLogits(scores: Tensor, rows: number, columns: number, labels: ArrayLike<number>): Reduced {
  let logits: TensorLike = scores;
  let width = columns;
  if (columns === 1) {
    const pairs = new Float64Array(2 * rows);
    for (let i = 0; i < rows; i++) pairs[2 * i + 1] = scores.data[i];
    logits = { data: pairs, shape: [rows, 2] };
    width = 2;
  }
  const logProbabilities = rows === 0 ? new Float64Array(0) : logSoftmax(logits).data;
  const loss = new Float64Array(rows);
  const predicted = new Int32Array(rows);
  const confidence = new Float64Array(rows);
  const probabilities = new Float64Array(rows * width);
  for (let i = 0; i < rows; i++) {
    const offset = i * width;
    for (let k = 0; k < width; k++) probabilities[offset + k] = Math.exp(logProbabilities[offset + k]);
    let best = 0;
    for (let k = 1; k < width; k++)
      if (logProbabilities[offset + k] > logProbabilities[offset + best]) best = k;
    loss[i] = -logProbabilities[offset + labels[i]];
    predicted[i] = best;
    confidence[i] = Math.exp(logProbabilities[offset + best]);
  }
  return { loss, predicted, confidence, clipped: 0, probabilities };
}
