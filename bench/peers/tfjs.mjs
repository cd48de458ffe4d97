// TF.js (cpu or wasm backend): tf.losses.softmaxCrossEntropy on one-hot labels (TF.js has no
// sparse form) / tf.losses.sigmoidCrossEntropy, forward and tf.valueAndGrad; or, with the mode
// 'xent/tfjs', the same through xent's adapter (sparseSoftmaxCrossEntropy on the int32 labels /
// sigmoidCrossEntropy), xent on `threads` threads. argv: dir backend reps [mode threads]
import { createRequire, register } from 'node:module';
import { memory, readInputs, report, time } from './common.mjs';

register('./extensionless.mjs', import.meta.url);
const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs-core');
// Gradients are registered by a separate tfjs-core entry (ESM only); its registry is global.
await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
require('@tensorflow/tfjs-backend-cpu');
require('@tensorflow/tfjs-backend-wasm');

const [dir, backend, repsArg, mode = 'tf.losses', threads = '2'] = process.argv.slice(2);
const reps = Number(repsArg);
const adapter = mode === 'xent/tfjs' ? await import('../../dist/tfjs/index.js') : undefined;
if (adapter) (await import('../../dist/index.js')).setKernelThreads(Number(threads));
const { kind, rows, columns, logits, targets } = readInputs(dir);
const silence = console.warn;
console.warn = () => {};
await tf.setBackend(backend);
await tf.ready();
console.warn = silence;
const x = tf.tensor2d(logits, [rows, columns]);
const labels =
  kind !== 'ce'
    ? tf.tensor2d(targets, [rows, columns])
    : adapter
      ? tf.tensor1d(targets, 'int32')
      : tf.cast(tf.oneHot(tf.tensor1d(targets, 'int32'), columns), 'float32');
const losses = adapter
  ? { ce: adapter.sparseSoftmaxCrossEntropy, bce: adapter.sigmoidCrossEntropy }
  : { ce: tf.losses.softmaxCrossEntropy, bce: tf.losses.sigmoidCrossEntropy };
const lossOf = (l) => losses[kind](labels, l);
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
  note: `tfjs-backend-${backend} ${require(`@tensorflow/tfjs-backend-${backend}/package.json`).version}${adapter ? `, xent/tfjs, ${threads} threads` : kind === 'ce' ? ', one-hot labels' : ''}`,
});
