// A TF.js training step at 1024 × 32000 with tf.losses.softmaxCrossEntropy against the same step
// with xent/tfjs's sparseSoftmaxCrossEntropy, on one backend, run alternately in one process so
// both see the same machine load; then a linear model trained `steps` steps either way, and the
// largest difference of the trained weights.
//   A step: the loss and its gradient with respect to the logits (tf.valueAndGrad), the loss
//   read back, the gradient left in TF.js, as an optimizer would use it.
// argv: backend [steps=50] [reps=5] [threads=2] [learningRate=10]   (`npm run build` first: it loads dist/)
import { createRequire, register } from 'node:module';

register('./extensionless.mjs', import.meta.url);
const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs-core');
await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
require('@tensorflow/tfjs-backend-cpu');
require('@tensorflow/tfjs-backend-wasm');
const { setKernelThreads } = await import('../../dist/index.js');
const { sparseSoftmaxCrossEntropy } = await import('../../dist/tfjs/index.js');

const [backend, stepsArg = '50', repsArg = '5', threadsArg = '2', rateArg = '10'] = process.argv.slice(2);
const [ROWS, CLASSES, FEATURES] = [1024, 32000, 8];
setKernelThreads(Number(threadsArg));
const silence = console.warn;
console.warn = () => {};
await tf.setBackend(backend);
await tf.ready();
console.warn = silence;

function uniform(size, seed, low, high) {
  let state = seed >>> 0;
  return Float32Array.from({ length: size }, () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return low + (high - low) * (((t ^ (t >>> 14)) >>> 0) / 4294967296);
  });
}

const labels = tf.tensor1d(
  Array.from(uniform(ROWS, 2, 0, CLASSES), (u) => Math.floor(u)),
  'int32',
);
const onehot = tf.cast(tf.oneHot(labels, CLASSES), 'float32');
const losses = {
  'tf.losses': (logits) => tf.losses.softmaxCrossEntropy(onehot, logits),
  'xent/tfjs': (logits) => sparseSoftmaxCrossEntropy(labels, logits),
};

const logits = tf.tensor2d(uniform(ROWS * CLASSES, 1, -8, 8), [ROWS, CLASSES]);
const steps = Object.fromEntries(Object.entries(losses).map(([name, loss]) => [name, tf.valueAndGrad(loss)]));
const times = { 'tf.losses': [], 'xent/tfjs': [] };
const reps = Number(repsArg);
for (let rep = -1; rep < reps; rep++) {
  for (const name of Object.keys(losses)) {
    const start = performance.now();
    tf.tidy(() => {
      steps[name](logits).value.dataSync();
    });
    if (rep >= 0) times[name].push(performance.now() - start);
  }
}
const median = (list) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)];
const stepMs = Object.fromEntries(Object.entries(times).map(([name, list]) => [name, median(list)]));

/** W and b of logits = X·W + b after `count` SGD steps on `loss`, from a seeded start. */
function train(loss, count) {
  const features = tf.tensor2d(uniform(ROWS * FEATURES, 3, -1, 1), [ROWS, FEATURES]);
  const start = uniform(FEATURES * CLASSES, 4, -0.3, 0.3);
  const weights = tf.variable(tf.tensor2d(start, [FEATURES, CLASSES]));
  const bias = tf.variable(tf.zeros([CLASSES]));
  const optimizer = tf.train.sgd(Number(rateArg));
  for (let step = 0; step < count; step++) {
    optimizer.minimize(() => loss(tf.add(tf.matMul(features, weights), bias)));
  }
  const trained = [weights, bias].map((v) => v.dataSync().slice());
  let moved = 0;
  for (let i = 0; i < start.length; i++) moved = Math.max(moved, Math.abs(trained[0][i] - start[i]));
  for (const t of [features, weights, bias, optimizer]) t.dispose();
  return { trained, moved };
}

const count = Number(stepsArg);
let training;
if (count > 0) {
  const ours = train(losses['xent/tfjs'], count);
  const theirs = train(losses['tf.losses'], count);
  let largest = 0;
  for (let i = 0; i < ours.trained.length; i++)
    for (let j = 0; j < ours.trained[i].length; j++)
      largest = Math.max(largest, Math.abs(ours.trained[i][j] - theirs.trained[i][j]));
  training = {
    steps: count,
    learningRate: Number(rateArg),
    largestWeightDifference: largest,
    largestWeightChange: theirs.moved,
  };
}
process.stdout.write(
  `${JSON.stringify({ backend, shape: [ROWS, CLASSES], reps, stepMs, ratio: stepMs['tf.losses'] / stepMs['xent/tfjs'], training })}\n`,
);
