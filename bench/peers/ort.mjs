// ONNX Runtime for Node: LogSoftmax + NegativeLogLikelihoodLoss (forward only: the Node package
// has no training API). argv: dir threads reps
import { createRequire } from 'node:module';
import { memory, readInputs, report, time } from './common.mjs';
import { logSoftmaxNllModel } from './onnx-model.mjs';

const require = createRequire(import.meta.url);
const ort = require('onnxruntime-node');
const [dir, threadsArg, repsArg] = process.argv.slice(2);
const threads = Number(threadsArg);
const { rows, columns, logits, targets } = readInputs(dir);
const session = await ort.InferenceSession.create(logSoftmaxNllModel(), {
  intraOpNumThreads: threads,
  interOpNumThreads: 1,
  executionProviders: ['cpu'],
});
const feeds = {
  logits: new ort.Tensor('float32', logits, [rows, columns]),
  target: new ort.Tensor(
    'int64',
    BigInt64Array.from(targets, (t) => BigInt(t)),
    [rows],
  ),
};
const before = memory();
const forward = async () => (await session.run(feeds)).loss.data[0];
const loss = await forward();
const fwd = await time(forward, { reps: Number(repsArg), warmup: 2 });
report({
  loss,
  forward: fwd,
  backward: null,
  extraBytes: Math.max(0, memory().peak - before.rss),
  note: `onnxruntime-node ${require('onnxruntime-node/package.json').version}, ${threads} thread${threads > 1 ? 's' : ''}; inference only`,
});
