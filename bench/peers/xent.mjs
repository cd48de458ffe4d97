// xent on the benchmark inputs, through the public functions a user calls (argument checks
// included). Modes: 'zero-copy' (logits in allocateKernelArray, gradient in place), 'arrays'
// (plain Float32Arrays, streamed through the staging area, gradient in place).
// argv: dir mode threads reps
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

const [dir, mode, threadsArg, repsArg] = process.argv.slice(2);
const threads = Number(threadsArg);
const reps = Number(repsArg);
const { kind, rows, columns, logits: source, targets } = readInputs(dir);
setKernelThreads(threads);
const runtime = kernelRuntime();

let logits = source;
if (mode === 'zero-copy') {
  logits = allocateKernelArray(source.length);
  logits.set(source);
} else {
  logits = source.slice();
}
const restore = () => logits.set(source);
const wasmBefore = runtime.kernels.memory.buffer.byteLength;
const before = memory();

let forward;
let backward;
if (kind === 'ce') {
  const input = { data: logits, shape: [rows, columns] };
  forward = () => crossEntropyLoss(input, targets);
  backward = () => crossEntropyLossWithGrad(input, targets, { out: logits }).loss;
} else {
  const z = mode === 'zero-copy' ? allocateKernelArray(targets.length) : targets;
  if (z !== targets) z.set(targets);
  const input = { data: logits, shape: [rows, columns] };
  const target = { data: z, shape: [rows, columns] };
  forward = () => binaryCrossEntropyWithLogits(input, target);
  backward = () => binaryCrossEntropyWithLogitsWithGrad(input, target, { out: logits }).loss;
}
const loss = forward();
const copyTarget = new Float32Array(source.length);
const copy = await time(() => copyTarget.set(source), { reps, warmup: 1 });
const fwd = await time(forward, { reps, warmup: 2 });
const afterForward = memory();
const bwd = await time(backward, { reps, warmup: 2, prepare: restore });
const after = memory();
report({
  loss,
  forward: fwd,
  backward: bwd,
  copy,
  // The logits' own memory is in `before`; what grows beyond it is scratch (plus, for
  // 'arrays', the staging chunks).
  extraBytes: Math.max(0, after.peak - before.rss - copyTarget.byteLength),
  wasmGrowthBytes: runtime.kernels.memory.buffer.byteLength - wasmBefore,
  forwardPeakBytes: Math.max(0, afterForward.peak - before.rss - copyTarget.byteLength),
  note: `${mode}, ${threads} thread${threads > 1 ? 's' : ''}, ${runtime.kernels.variant} build; kernel scratch ${runtime.kernels.memory.buffer.byteLength - wasmBefore} B`,
});
