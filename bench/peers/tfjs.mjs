// TF.js (cpu or wasm backend): tf.losses.softmaxCrossEntropy on one-hot labels (TF.js has no
// sparse form) / tf.losses.sigmoidCrossEntropy, forward and tf.valueAndGrad. argv: dir backend reps
import { createRequire, register } from 'node:module';
import { memory, readInputs, report, time } from './common.mjs';

register('./extensionless.mjs', import.meta.url);
const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs-core');
// Gradients are registered by a separate tfjs-core entry (ESM only); its registry is global.
await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
require('@tensorflow/tfjs-backend-cpu');
require('@tensorflow/tfjs-backend-wasm');

const [dir, backend, repsArg] = process.argv.slice(2);
const reps = Number(repsArg);
const { kind, rows, columns, logits, targets } = readInputs(dir);
const silence = console.warn;
console.warn = () => {};
await tf.setBackend(backend);
await tf.ready();
console.warn = silence;
const x = tf.tensor2d(logits, [rows, columns]);
const labels =
  kind === 'ce'
    ? tf.cast(tf.oneHot(tf.tensor1d(targets, 'int32'), columns), 'float32')
    : tf.tensor2d(targets, [rows, columns]);
const lossOf =
  kind === 'ce'
    ? (l) => tf.losses.softmaxCrossEntropy(labels, l)
    : (l) => tf.losses.sigmoidCrossEntropy(labels, l);
const before = memory();
const forward = () => tf.tidy(() => lossOf(x).dataSync()[0]);
const valueAndGrad = tf.valueAndGrad(lossOf);
const backward = () =>
  tf.tidy(() => {
    const { value, grad } = valueAndGrad(x);
    grad.dataSync();
    return value.dataSync()[0];
  });
const loss = forward();
const warmup = rows * columns > 1e7 ? 0 : 1;
const fwd = await time(forward, { reps, warmup });
const bwd = await time(backward, { reps, warmup });
report({
  loss,
  forward: fwd,
  backward: bwd,
  extraBytes: Math.max(0, memory().peak - before.rss),
  note: `tfjs-backend-${backend} ${require(`@tensorflow/tfjs-backend-${backend}/package.json`).version}${kind === 'ce' ? ', one-hot labels' : ''}`,
});
