import { AccuracyMeter, crossEntropyLoss, crossEntropyLossWithGrad, softmax } from '../../../src/index.js';
import { squaredErrorOnSoftmaxWithGrad } from '../compare/squaredError.js';
import { CLASSES, type DigitSet, type DigitSplit, PIXELS, permutation, seededRandom } from './digits.js';
import { SoftmaxRegression } from './softmaxRegression.js';

export type Racer = 'crossEntropy' | 'squaredError';

export interface Snapshot {
  epoch: number;
  /** Held-out cross-entropy (log loss), nats: the same yardstick for both racers. */
  testLoss: Record<Racer, number>;
  testAccuracy: Record<Racer, number>;
  /** Each racer's own training objective, averaged over the epoch's batches. */
  trainObjective: Record<Racer, number>;
}

const BATCH = 64;

/**
 * Two identical classifiers trained side by side, same start, same batches, same learning rate;
 * only the loss differs. The cross-entropy gradient comes from the library's
 * crossEntropyLossWithGrad; the squared-error one from the page's baseline.
 */
export class TrainingRace {
  readonly models: Record<Racer, SoftmaxRegression>;
  readonly history: Snapshot[] = [];
  private readonly random: () => number;
  private epoch = 0;

  /**
   * @param initScale the spread of the shared starting weights: 0.01 starts near the uniform
   * prediction; 1 starts confident and mostly wrong, where softmax is saturated.
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
    const pixels = new Float64Array(BATCH * PIXELS);
    const labels = new Int32Array(BATCH);
    const logits = new Float64Array(BATCH * CLASSES);
    const totals = { crossEntropy: 0, squaredError: 0 };
    let batches = 0;
    for (let start = 0; start < train.count; start += BATCH) {
      const rows = Math.min(BATCH, train.count - start);
      for (let i = 0; i < rows; i++) {
        const row = order[start + i];
        pixels.set(train.pixels.subarray(row * PIXELS, (row + 1) * PIXELS), i * PIXELS);
        labels[i] = train.labels[row];
      }
      const batchPixels = pixels.subarray(0, rows * PIXELS);
      const batchLabels = labels.subarray(0, rows);
      const batchLogits = logits.subarray(0, rows * CLASSES);

      const ce = this.models.crossEntropy;
      ce.logits(batchPixels, rows, batchLogits);
      const ceStep = crossEntropyLossWithGrad({ data: batchLogits, shape: [rows, CLASSES] }, batchLabels);
      ce.step(batchPixels, rows, ceStep.grad.data, learningRate);
      totals.crossEntropy += ceStep.loss;

      const se = this.models.squaredError;
      se.logits(batchPixels, rows, batchLogits);
      const seStep = squaredErrorOnSoftmaxWithGrad(batchLogits, batchLabels, CLASSES);
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

  /** Each racer's softmax probabilities on a few held-out digits, for the sample panel. */
  probabilities(racer: Racer, set: DigitSet, rows: number): Float64Array {
    const logits = this.models[racer].logits(set.pixels, rows);
    return softmax({ data: logits, shape: [rows, CLASSES] }).data as Float64Array;
  }

  private evaluate(trainObjective: Record<Racer, number>): Snapshot {
    const { test } = this.data;
    const score = (racer: Racer) => {
      const logits = this.models[racer].logits(test.pixels, test.count);
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
    };
  }
}
