import { AccuracyMeter, crossEntropyLoss, crossEntropyLossWithGrad, softmax } from '../../../src/index.js';
import { squaredErrorOnSoftmaxWithGrad } from '../compare/squaredError.js';
import { CLASSES, type DigitSet, type DigitSplit, PIXELS, permutation, seededRandom } from './digits.js';
import { type LinearWeights, SoftmaxRegression } from './softmaxRegression.js';

export type Racer = 'crossEntropy' | 'squaredError';
export const racers: readonly Racer[] = ['crossEntropy', 'squaredError'];

export interface Snapshot {
  epoch: number;
  /** Held-out cross-entropy (log loss), nats: the same yardstick for both racers. */
  testLoss: Record<Racer, number>;
  testAccuracy: Record<Racer, number>;
  /** Each racer's own training objective, averaged over the epoch's batches. */
  trainObjective: Record<Racer, number>;
  /** Copies of both models' weights after this epoch, so the timeline can show any epoch again. */
  weights: Record<Racer, LinearWeights>;
}

/**
 * The library runs crossEntropyLossWithGrad in its WASM SIMD kernels for float32 logits of at
 * least 4,096 elements (src/kernels/policy.ts); below that the plain-TS path is cheaper. Three
 * batches of 479 digits (4,790 logits each) cover the 1,437 training digits exactly, so every
 * step of the cross-entropy model takes the kernels.
 */
export const BATCHES_PER_EPOCH = 3;

/** Digits per mini-batch: the training set cut into BATCHES_PER_EPOCH nearly equal batches. */
export function batchRows(trainCount: number): number {
  return Math.ceil(trainCount / BATCHES_PER_EPOCH);
}

/**
 * Two identical classifiers trained side by side, same start, same batches, same learning rate;
 * only the loss differs. The cross-entropy gradient comes from the library's
 * crossEntropyLossWithGrad on float32 logits; the squared-error one from the page's baseline.
 */
export class TrainingRace {
  readonly models: Record<Racer, SoftmaxRegression>;
  readonly history: Snapshot[] = [];
  private readonly random: () => number;
  private epoch = 0;

  /**
   * @param initScale the spread of the shared starting weights: 0.01 starts near the uniform
   * prediction; 2 starts confident and mostly wrong, where softmax is saturated.
   */
  constructor(
    readonly data: DigitSplit,
    initScale = 0.01,
    seed = 1,
  ) {
    this.random = seededRandom(seed);
    const start = SoftmaxRegression.initialWeights(this.random, initScale);
    this.models = { crossEntropy: new SoftmaxRegression(start), squaredError: new SoftmaxRegression(start) };
    this.history.push(this.evaluate({ crossEntropy: Number.NaN, squaredError: Number.NaN }));
  }

  /** One pass over the training digits in mini-batches, in an order both racers share. */
  trainEpoch(learningRate: number): Snapshot {
    const { train } = this.data;
    const order = permutation(train.count, this.random);
    const rowsPerBatch = batchRows(train.count);
    const pixels = new Float64Array(rowsPerBatch * PIXELS);
    const labels = new Int32Array(rowsPerBatch);
    const logits32 = new Float32Array(rowsPerBatch * CLASSES);
    const grad32 = new Float32Array(rowsPerBatch * CLASSES);
    const logits64 = new Float64Array(rowsPerBatch * CLASSES);
    const totals = { crossEntropy: 0, squaredError: 0 };
    let batches = 0;
    for (let start = 0; start < train.count; start += rowsPerBatch) {
      const rows = Math.min(rowsPerBatch, train.count - start);
      for (let i = 0; i < rows; i++) {
        const row = order[start + i];
        pixels.set(train.pixels.subarray(row * PIXELS, (row + 1) * PIXELS), i * PIXELS);
        labels[i] = train.labels[row];
      }
      const batchPixels = pixels.subarray(0, rows * PIXELS);
      const batchLabels = labels.subarray(0, rows);

      const ce = this.models.crossEntropy;
      const ceLogits = ce.logits(batchPixels, rows, logits32.subarray(0, rows * CLASSES));
      const ceStep = crossEntropyLossWithGrad({ data: ceLogits, shape: [rows, CLASSES] }, batchLabels, {
        out: grad32.subarray(0, rows * CLASSES),
      });
      ce.step(batchPixels, rows, ceStep.grad.data, learningRate);
      totals.crossEntropy += ceStep.loss;

      const se = this.models.squaredError;
      const seLogits = se.logits(batchPixels, rows, logits64.subarray(0, rows * CLASSES));
      const seStep = squaredErrorOnSoftmaxWithGrad(seLogits, batchLabels, CLASSES);
      se.step(batchPixels, rows, seStep.grad, learningRate);
      totals.squaredError += seStep.loss;
      batches++;
    }
    this.epoch++;
    const snapshot = this.evaluate({
      crossEntropy: totals.crossEntropy / batches,
      squaredError: totals.squaredError / batches,
    });
    this.history.push(snapshot);
    return snapshot;
  }

  private evaluate(trainObjective: Record<Racer, number>): Snapshot {
    const { test } = this.data;
    const score = (racer: Racer) => {
      const logits = this.models[racer].logits(
        test.pixels,
        test.count,
        new Float64Array(test.count * CLASSES),
      );
      const shaped = { data: logits, shape: [test.count, CLASSES] };
      const accuracy = new AccuracyMeter().update({ logits: shaped, labels: test.labels }).compute().accuracy;
      return { loss: crossEntropyLoss(shaped, test.labels), accuracy };
    };
    const ce = score('crossEntropy');
    const se = score('squaredError');
    return {
      epoch: this.epoch,
      testLoss: { crossEntropy: ce.loss, squaredError: se.loss },
      testAccuracy: { crossEntropy: ce.accuracy, squaredError: se.accuracy },
      trainObjective,
      weights: {
        crossEntropy: this.models.crossEntropy.copy(),
        squaredError: this.models.squaredError.copy(),
      },
    };
  }
}

/** A snapshot's softmax probabilities for a few held-out digits, for the probability bars. */
export function probabilitiesAt(weights: LinearWeights, set: DigitSet, rows: number): Float64Array {
  const logits = SoftmaxRegression.logitsOf(weights, set.pixels, rows, new Float64Array(rows * CLASSES));
  return softmax({ data: logits, shape: [rows, CLASSES] }).data as Float64Array;
}
