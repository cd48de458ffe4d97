import {
  ClassificationMeter,
  fitPlatt,
  fitTemperature,
  type ReliabilityBin,
  sigmoid,
  softmax,
} from '../../src/index.js';
import { CliError } from '../errors.js';
import type { CollectedRows } from '../eval/collectRows.js';

export type Method = 'temperature' | 'platt';
export const METHODS: readonly Method[] = ['temperature', 'platt'];

/** The figures before and after: log loss (nats), Brier score, ECE with 15 bins. */
export interface CalibrationFigures {
  logLoss: number;
  brier: number;
  ece: number;
}

export interface Calibrated {
  method: Method;
  parameters: { temperature: number } | { a: number; b: number };
  /** The calibrated logits, rows × classes (binary: rows, the logit of class 1). */
  logits: Float64Array;
  shape: number[];
  /** The calibrated probabilities, rows × classes. */
  probabilities: Float64Array;
  after: CalibrationFigures;
  /** The reliability bins of the calibrated predictions, for --plot. */
  reliability: ReliabilityBin[];
}

/**
 * The score columns as logits: logits as they are; probabilities as log-probabilities (softmax
 * of log p is p again); one binary column as its log-odds, so the binary file is a logit per row.
 */
function asLogits(rows: CollectedRows, from: 'probabilities' | 'logits'): Float64Array {
  if (from === 'logits') return Float64Array.from(rows.scores);
  if (rows.width === 1) return Float64Array.from(rows.scores, (p) => Math.log(p) - Math.log1p(-p));
  return Float64Array.from(rows.scores, Math.log);
}

/** Fits the method on the rows and computes the figures of the calibrated predictions. */
export function calibrate(
  rows: CollectedRows,
  method: Method,
  from: 'probabilities' | 'logits',
  eps: number,
): Calibrated {
  const scores = asLogits(rows, from);
  const labels = Int32Array.from(rows.labels);
  if (method === 'platt') {
    if (rows.width !== 1)
      throw new CliError(
        `xent calibrate: --method platt is for a binary classifier's one score column; this file has ${rows.width} (use --method temperature)`,
      );
    const { a, b } = fitPlatt(scores, labels);
    return finish(
      'platt',
      { a, b },
      Float64Array.from(scores, (s) => a * s + b),
      [rows.rows],
      labels,
      eps,
    );
  }
  // A binary column z is the two-class logits [0, z]: dividing them by T divides z by T.
  const shape = rows.width === 1 ? [rows.rows] : [rows.rows, rows.width];
  const twoColumns =
    rows.width === 1
      ? Float64Array.from({ length: 2 * rows.rows }, (_, i) => (i % 2 ? scores[i >> 1] : 0))
      : scores;
  const { temperature } = fitTemperature(
    { data: twoColumns, shape: [rows.rows, Math.max(rows.width, 2)] },
    labels,
  );
  return finish(
    'temperature',
    { temperature },
    Float64Array.from(scores, (z) => z / temperature),
    shape,
    labels,
    eps,
  );
}

function finish(
  method: Method,
  parameters: Calibrated['parameters'],
  logits: Float64Array,
  shape: number[],
  labels: Int32Array,
  eps: number,
): Calibrated {
  const result = new ClassificationMeter({ eps })
    .update({ logits: { data: logits, shape }, labels })
    .compute();
  const numClasses = shape.length === 1 ? 2 : shape[1];
  const probabilities = new Float64Array(labels.length * numClasses);
  if (shape.length === 1) {
    const positive = sigmoid(logits).data;
    positive.forEach((p, i) => {
      probabilities[2 * i] = 1 - p;
      probabilities[2 * i + 1] = p;
    });
  } else {
    probabilities.set(softmax({ data: logits, shape }, { axis: 1 }).data);
  }
  return {
    method,
    parameters,
    logits,
    shape,
    probabilities,
    after: { logLoss: result.logLoss, brier: result.brier, ece: result.ece },
    reliability: result.reliability,
  };
}

/** The figures of the predictions as they were read. */
export function figuresBefore(rows: CollectedRows): CalibrationFigures {
  const result = rows.evaluator.meter.compute();
  return {
    logLoss: result.logLoss,
    brier: result.brier,
    ece: result.ece,
  };
}
