// xent on the benchmark inputs, through the public functions a user calls (argument checks
// included). Modes:
//   'zero-copy'  logits in allocateKernelArray, gradient in place
//   'arrays'     plain Float32Arrays (staged through the kernels' memory), gradient in place
//   'arrays-out' plain Float32Arrays, gradient into a separate plain array reused every call
//   'arrays-new' plain Float32Arrays, a newly allocated gradient every call (no `out`)
//   'ort'        (cross-entropy) the logits as an ONNX Runtime session's output ort.Tensor and
//                int64 labels as an ort.Tensor, gradient into a reused plain array; only xent's
//                call is timed, not the session's run
// argv: dir mode threads reps
import { createRequire } from 'node:module';
import {
  binaryCrossEntropyWithLogits,
  binaryCrossEntropyWithLogitsWithGrad,
  crossEntropyLoss,
  crossEntropyLossWithGrad,
} from '../../dist/index.js';
import { allocateKernelArray } from '../../dist/kernels/buffer.js';
import { setKernelThreads } from '../../dist/kernels/pool.js';
import { kernelRuntime } from '../../dist/kernels/runtime.js';
import { memory, readInputs, report, time } from './common.mjs';
import { identityModel } from './onnx-model.mjs';

const [dir, mode, threadsArg, repsArg] = process.argv.slice(2);
const threads = Number(threadsArg);
const reps = Number(repsArg);
const { kind, rows, columns, logits: source, targets } = readInputs(dir);
setKernelThreads(threads);
const runtime = kernelRuntime();
const shape = [rows, columns];

/** The logits and labels as a real ONNX Runtime session hands them over. */
async function ortInputs() {
  const ort = createRequire(import.meta.url)('onnxruntime-node');
  const session = await ort.InferenceSession.create(identityModel(), { executionProviders: ['cpu'] });
  const { output } = await session.run({ input: new ort.Tensor('float32', source.slice(), shape) });
  const labels = new ort.Tensor(
    'int64',
    BigInt64Array.from(targets, (t) => BigInt(t)),
    [rows],
  );
  return { input: output, target: labels };
}

let logits = mode === 'zero-copy' ? allocateKernelArray(source.length) : source.slice();
if (mode === 'zero-copy') logits.set(source);
// Where the gradient goes: the logits themselves (in place), a reused array, or a new one.
const out = mode === 'arrays-out' || mode === 'ort' ? new Float32Array(source.length) : undefined;
const gradientInto = mode === 'zero-copy' || mode === 'arrays' ? { out: logits } : out && { out };
const restore = gradientInto?.out === logits ? () => logits.set(source) : undefined;
const wasmBefore = runtime.kernels.memory.buffer.byteLength;

let input = { data: logits, shape };
let target = targets;
if (mode === 'ort') {
  ({ input, target } = await ortInputs());
  logits = input.data;
} else if (kind === 'bce') {
  const z = mode === 'zero-copy' ? allocateKernelArray(targets.length) : targets;
  if (z !== targets) z.set(targets);
  target = { data: z, shape };
}
const before = memory();
const [lossOf, withGrad] =
  kind === 'ce'
    ? [crossEntropyLoss, crossEntropyLossWithGrad]
    : [binaryCrossEntropyWithLogits, binaryCrossEntropyWithLogitsWithGrad];
const forward = () => lossOf(input, target);
const backward = () => withGrad(input, target, gradientInto ?? {}).loss;
const loss = forward();
const copyTarget = new Float32Array(source.length);
const copy = await time(() => copyTarget.set(source), { reps, warmup: 1 });
const fwd = await time(forward, { reps, warmup: 2 });
const afterForward = memory();
const bwd = await time(backward, { reps, warmup: 2, ...(restore && { prepare: restore }) });
const after = memory();
const into = {
  'zero-copy': 'in place',
  arrays: 'in place',
  'arrays-out': 'into out',
  'arrays-new': 'newly allocated',
};
report({
  loss,
  forward: fwd,
  backward: bwd,
  copy,
  // The logits' own memory is in `before`; what grows beyond it is scratch (plus, for
  // the plain arrays, the staging rings; for 'arrays-out' and 'ort', the gradient array).
  extraBytes: Math.max(0, after.peak - before.rss - copyTarget.byteLength),
  wasmGrowthBytes: runtime.kernels.memory.buffer.byteLength - wasmBefore,
  forwardPeakBytes: Math.max(0, afterForward.peak - before.rss - copyTarget.byteLength),
  note: `${mode === 'ort' ? 'ort.Tensor output, int64 labels, gradient into out' : `${mode}, gradient ${into[mode]}`}, ${threads} thread${threads > 1 ? 's' : ''}, ${runtime.kernels.variant} build; kernel scratch ${runtime.kernels.memory.buffer.byteLength - wasmBefore} B`,
});
