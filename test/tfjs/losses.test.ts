// The adapter's losses against the same losses written in TF.js ops, differentiated by tf.grad:
// equal values and gradients (every option, every reduction, any upstream gradient), no tensor
// left behind, and the ways TF.js trains (variableGrads, minimize) taking the gradient through.
import { beforeAll, describe, expect, it } from 'vitest';
import { sigmoidCrossEntropy, softmaxCrossEntropy, sparseSoftmaxCrossEntropy } from '../../src/tfjs/index.js';
import { BACKENDS, tf, useBackend } from './backends.js';
import { classIndices, maxDifference, uniform } from './data.js';

const ROWS = 6;
const CLASSES = 5;

type Reduction = 'mean' | 'sum' | 'none';

/** PyTorch's cross-entropy with class weights and label smoothing, in TF ops (weights ≠ 0). */
function crossEntropyInOps(
  target: tf.Tensor2D,
  logits: tf.Tensor2D,
  {
    weight,
    smoothing = 0,
    reduction = 'mean',
    rowWeight,
  }: { weight?: tf.Tensor1D; smoothing?: number; reduction?: Reduction; rowWeight?: tf.Tensor1D },
): tf.Tensor {
  // (Functional calls throughout: tfjs-core's CommonJS build, which Node loads, has no chained ops.)
  const w = weight ?? tf.ones([CLASSES]);
  const logProbs = tf.logSoftmax(logits);
  const smoothed = tf.add(tf.mul(target, 1 - smoothing), smoothing / CLASSES);
  const perRow = tf.neg(tf.sum(tf.mul(tf.mul(smoothed, w), logProbs), 1));
  // PyTorch's mean divides by the weight of each row's target (for a one-hot target, w[label]).
  const rowWeights = rowWeight ?? tf.sum(tf.mul(target, w), 1);
  if (reduction === 'none') return perRow;
  if (reduction === 'sum') return tf.sum(perRow);
  return tf.div(tf.sum(perRow), tf.sum(rowWeights));
}

/** PyTorch's binary_cross_entropy_with_logits with weight and pos_weight, in TF ops. */
function sigmoidInOps(
  labels: tf.Tensor,
  logits: tf.Tensor,
  {
    weight,
    posWeight,
    reduction = 'mean',
  }: { weight?: tf.Tensor; posWeight?: tf.Tensor; reduction?: Reduction },
): tf.Tensor {
  // (1 − y)·x + (1 + (p − 1)·y)·softplus(−x), softplus(−x) = log(1 + e^−|x|) + max(−x, 0)
  const softplusNeg = tf.add(tf.log1p(tf.exp(tf.neg(tf.abs(logits)))), tf.relu(tf.neg(logits)));
  const scale =
    posWeight === undefined ? tf.onesLike(labels) : tf.add(tf.mul(labels, tf.sub(posWeight, 1)), 1);
  let loss = tf.add(tf.mul(tf.sub(1, labels), logits), tf.mul(scale, softplusNeg));
  if (weight !== undefined) loss = tf.mul(loss, weight);
  if (reduction === 'none') return loss;
  return reduction === 'sum' ? tf.sum(loss) : tf.mean(loss);
}

/** Equal within `tolerance` relative to the larger of 1 and the expected magnitude. */
function expectClose(actual: tf.Tensor, expected: tf.Tensor, tolerance: number, what: string): void {
  expect(actual.shape, what).toEqual(expected.shape);
  const expectedValues = expected.dataSync();
  const scale = Math.max(1, ...Array.from(expectedValues, Math.abs));
  const difference = maxDifference(actual.dataSync(), expectedValues);
  expect(difference / scale, `${what}: largest difference ${difference} (scale ${scale})`).toBeLessThan(
    tolerance,
  );
}

/** Value and gradient of both losses at `logits`, with the upstream gradient `dy`, compared. */
function expectSameLossAndGrad(
  adapter: (x: tf.Tensor) => tf.Tensor,
  reference: (x: tf.Tensor) => tf.Tensor,
  logits: tf.Tensor,
  dy?: tf.Tensor,
): void {
  tf.tidy(() => {
    const ours = tf.valueAndGrad(adapter)(logits, dy);
    const theirs = tf.valueAndGrad(reference)(logits, dy);
    expectClose(ours.value, theirs.value, 2e-6, 'loss');
    expectClose(ours.grad, theirs.grad, 1e-6, 'gradient');
  });
}

for (const backend of BACKENDS) {
  describe(`xent/tfjs losses against TF ops (${backend} backend)`, () => {
    let logits: tf.Tensor2D;
    let labels: tf.Tensor1D;
    let onehot: tf.Tensor2D;
    let probabilities: tf.Tensor2D;
    let weight: tf.Tensor1D;

    beforeAll(async () => {
      await useBackend(backend);
      logits = tf.tensor2d(uniform(ROWS * CLASSES, 1), [ROWS, CLASSES]);
      labels = tf.tensor1d(classIndices(ROWS, CLASSES, 2), 'int32');
      onehot = tf.cast(tf.oneHot(labels, CLASSES), 'float32') as tf.Tensor2D;
      probabilities = tf.softmax(tf.tensor2d(uniform(ROWS * CLASSES, 3), [ROWS, CLASSES]));
      weight = tf.tensor1d(uniform(CLASSES, 4, 0.2, 2));
    });

    for (const reduction of ['mean', 'sum', 'none'] as const) {
      it(`sparseSoftmaxCrossEntropy(labels, logits, { weight, labelSmoothing: 0.1, reduction: '${reduction}' })`, () => {
        const dy = reduction === 'none' ? tf.tensor1d(uniform(ROWS, 5)) : undefined;
        expectSameLossAndGrad(
          (x) => sparseSoftmaxCrossEntropy(labels, x, { weight, labelSmoothing: 0.1, reduction }),
          (x) => crossEntropyInOps(onehot, x as tf.Tensor2D, { weight, smoothing: 0.1, reduction }),
          logits,
          dy,
        );
      });

      it(`softmaxCrossEntropy(probabilities, logits, { weight, reduction: '${reduction}' })`, () => {
        const dy = reduction === 'none' ? tf.tensor1d(uniform(ROWS, 6)) : undefined;
        // With probability targets PyTorch's weighted mean divides by the number of rows.
        expectSameLossAndGrad(
          (x) => softmaxCrossEntropy(probabilities, x, { weight, reduction }),
          (x) =>
            crossEntropyInOps(probabilities, x as tf.Tensor2D, {
              weight,
              reduction,
              rowWeight: tf.ones([ROWS]),
            }),
          logits,
          dy,
        );
      });

      it(`sigmoidCrossEntropy(labels, logits, { weight, posWeight, reduction: '${reduction}' })`, () => {
        const targets = tf.tensor2d(uniform(ROWS * CLASSES, 7, 0, 1), [ROWS, CLASSES]);
        const posWeight = tf.tensor1d(uniform(CLASSES, 8, 0.5, 3));
        const dy =
          reduction === 'none' ? tf.tensor2d(uniform(ROWS * CLASSES, 9), [ROWS, CLASSES]) : undefined;
        expectSameLossAndGrad(
          (x) => sigmoidCrossEntropy(targets, x, { weight, posWeight, reduction }),
          (x) => sigmoidInOps(targets, x, { weight, posWeight, reduction }),
          logits,
          dy,
        );
      });
    }

    it('with default options each loss equals its tf.losses twin, value and gradient', () => {
      expectSameLossAndGrad(
        (x) => softmaxCrossEntropy(onehot, x),
        (x) => tf.losses.softmaxCrossEntropy(onehot, x),
        logits,
      );
      expectSameLossAndGrad(
        (x) => sparseSoftmaxCrossEntropy(labels, x),
        (x) => tf.losses.softmaxCrossEntropy(onehot, x),
        logits,
      );
      const targets = tf.tensor2d(uniform(ROWS * CLASSES, 10, 0, 1), [ROWS, CLASSES]);
      expectSameLossAndGrad(
        (x) => sigmoidCrossEntropy(targets, x),
        (x) => tf.losses.sigmoidCrossEntropy(targets, x),
        logits,
      );
    });

    it('a scalar upstream gradient (loss × 3, then squared) scales the gradient', () => {
      expectSameLossAndGrad(
        (x) => tf.square(tf.mul(sparseSoftmaxCrossEntropy(labels, x), 3)),
        (x) => tf.square(tf.mul(crossEntropyInOps(onehot, x as tf.Tensor2D, {}), 3)),
        logits,
      );
    });

    it('ignoreIndex rows add no loss and get a zero gradient; labels may be a plain array', () => {
      const withIgnored = [...labels.dataSync()];
      withIgnored[2] = -1;
      tf.tidy(() => {
        const { value, grad } = tf.valueAndGrad((x: tf.Tensor) =>
          sparseSoftmaxCrossEntropy(withIgnored, x, { ignoreIndex: -1 }),
        )(logits);
        const kept = [0, 1, 3, 4, 5];
        const reference = tf.losses.softmaxCrossEntropy(tf.gather(onehot, kept), tf.gather(logits, kept));
        expect(value.dataSync()[0]).toBeCloseTo(reference.dataSync()[0], 6);
        expect([...tf.slice(grad, [2, 0], [1, -1]).dataSync()]).toEqual([0, 0, 0, 0, 0]);
      });
    });

    it('no tensor is left behind: training steps, forward-only calls and a loss used only as a metric', () => {
      const w = tf.variable(tf.zeros([CLASSES, CLASSES]));
      const optimizer = tf.train.sgd(0.1);
      const step = () =>
        optimizer
          .minimize(() => {
            // A second call of the loss, under the tape but not on the path to the minimized value.
            tf.keep(sparseSoftmaxCrossEntropy(labels, logits)).dispose();
            return sparseSoftmaxCrossEntropy(labels, tf.matMul(logits, w));
          }, true)!
          .dispose();
      step();
      const before = tf.memory().numTensors;
      for (let i = 0; i < 5; i++) {
        step();
        tf.tidy(() => {
          softmaxCrossEntropy(onehot, logits);
          tf.grad((x: tf.Tensor) => sigmoidCrossEntropy(onehot, x))(logits);
        });
      }
      expect(tf.memory().numTensors).toBe(before);
      w.dispose();
      optimizer.dispose();
    });

    it('tf.variableGrads gives the gradient of the variables, as with tf.losses', () => {
      const w = tf.variable(tf.tensor2d(uniform(CLASSES * CLASSES, 11, -0.5, 0.5), [CLASSES, CLASSES]));
      tf.tidy(() => {
        const ours = tf.variableGrads(() => sparseSoftmaxCrossEntropy(labels, tf.matMul(logits, w)), [w]);
        const theirs = tf.variableGrads(
          () => tf.losses.softmaxCrossEntropy(onehot, tf.matMul(logits, w)),
          [w],
        );
        expectClose(ours.value, theirs.value, 2e-6, 'loss');
        expectClose(ours.grads[w.name], theirs.grads[w.name], 1e-6, 'gradient of w');
      });
      w.dispose();
    });
  });
}
