// A small model trained 50 steps with the adapter and with tf.losses ends with the same weights,
// on the cpu and wasm backends: the gradient the adapter hands TF.js is the one TF.js would get
// from its own loss, step after step. Also through tfjs-layers: model.compile({ loss }) and fit.
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { sigmoidCrossEntropy, softmaxCrossEntropy, sparseSoftmaxCrossEntropy } from '../../src/tfjs/index.js';
import { BACKENDS, tf, useBackend } from './backends.js';
import { classIndices, maxDifference, uniform } from './data.js';

const SAMPLES = 32;
const FEATURES = 8;
const CLASSES = 10;
const STEPS = 50;
const TOLERANCE = 1e-6;

/** Weights of a linear model (W, b) after `STEPS` of SGD on `loss(logits)`, from a seeded start. */
function train(features: tf.Tensor2D, loss: (logits: tf.Tensor2D) => tf.Scalar): Float32Array[] {
  const weights = tf.variable(tf.tensor2d(uniform(FEATURES * CLASSES, 21, -0.3, 0.3), [FEATURES, CLASSES]));
  const bias = tf.variable(tf.tensor1d(uniform(CLASSES, 22, -0.1, 0.1)));
  const optimizer = tf.train.sgd(0.5);
  for (let step = 0; step < STEPS; step++) {
    optimizer.minimize(() => loss(tf.add(tf.matMul(features, weights), bias)));
  }
  const trained = [Float32Array.from(weights.dataSync()), Float32Array.from(bias.dataSync())];
  weights.dispose();
  bias.dispose();
  optimizer.dispose();
  return trained;
}

function expectSameWeights(ours: Float32Array[], theirs: Float32Array[], start: Float32Array): void {
  // The weights moved (so equality says something), and moved the same way.
  expect(maxDifference(theirs[0], start)).toBeGreaterThan(0.1);
  for (let i = 0; i < ours.length; i++) expect(maxDifference(ours[i], theirs[i])).toBeLessThan(TOLERANCE);
}

for (const backend of BACKENDS) {
  describe(`training ${STEPS} steps, xent/tfjs against tf.losses (${backend} backend)`, () => {
    let features: tf.Tensor2D;
    let labels: tf.Tensor1D;
    let onehot: tf.Tensor2D;
    let multiLabels: tf.Tensor2D;
    const start = uniform(FEATURES * CLASSES, 21, -0.3, 0.3);

    beforeAll(async () => {
      await useBackend(backend);
      features = tf.tensor2d(uniform(SAMPLES * FEATURES, 23), [SAMPLES, FEATURES]);
      labels = tf.tensor1d(classIndices(SAMPLES, CLASSES, 24), 'int32');
      onehot = tf.cast(tf.oneHot(labels, CLASSES), 'float32') as tf.Tensor2D;
      multiLabels = tf.tensor2d(
        uniform(SAMPLES * CLASSES, 25, 0, 1).map((u) => (u < 0.3 ? 1 : 0)),
        [SAMPLES, CLASSES],
      );
    });

    it('softmax cross-entropy: sparse and one-hot labels end with the weights tf.losses gives', () => {
      const theirs = train(features, (logits) => tf.losses.softmaxCrossEntropy(onehot, logits) as tf.Scalar);
      expectSameWeights(
        train(features, (logits) => sparseSoftmaxCrossEntropy(labels, logits)),
        theirs,
        start,
      );
      expectSameWeights(
        train(features, (logits) => softmaxCrossEntropy(onehot, logits)),
        theirs,
        start,
      );
    });

    it('sigmoid cross-entropy ends with the weights tf.losses gives', () => {
      expectSameWeights(
        train(features, (logits) => sigmoidCrossEntropy(multiLabels, logits)),
        train(features, (logits) => tf.losses.sigmoidCrossEntropy(multiLabels, logits) as tf.Scalar),
        start,
      );
    });

    it('model.compile({ loss: softmaxCrossEntropy }) and fit train as tf.losses does', async () => {
      const fitted = async (
        loss: (y: tf.Tensor, logits: tf.Tensor) => tf.Tensor,
      ): Promise<Float32Array[]> => {
        const model = tfl.sequential({
          layers: [tfl.layers.dense({ inputShape: [FEATURES], units: CLASSES, kernelInitializer: 'zeros' })],
        });
        model.layers[0].setWeights([tf.tensor2d(start, [FEATURES, CLASSES]), tf.zeros([CLASSES])]);
        model.compile({ optimizer: tf.train.sgd(0.5), loss });
        await model.fit(features, onehot, { epochs: 10, batchSize: 8, shuffle: false, verbose: 0 });
        const trained = model.getWeights().map((w) => Float32Array.from(w.dataSync()));
        model.dispose();
        return trained;
      };
      // fit itself leaves a few tensors (the optimizer's); the adapter adds none to them.
      const left = async (run: () => Promise<Float32Array[]>) => {
        const before = tf.memory().numTensors;
        const trained = await run();
        return { trained, left: tf.memory().numTensors - before };
      };
      const ours = await left(() => fitted((y, logits) => softmaxCrossEntropy(y, logits)));
      const theirs = await left(() => fitted((y, logits) => tf.losses.softmaxCrossEntropy(y, logits)));
      expect(ours.left).toBe(theirs.left);
      expectSameWeights(ours.trained, theirs.trained, start);
    });
  });
}
