// Binary cross-entropy with logits over float32 (rows, labels), through the WASM kernels:
// per-row sums of the elementwise losses, and the gradient when asked. undefined when the
// kernels are not available (the caller uses the plain-TS path).
import { release, runRows, stageFloat32, streamRows } from './rows.js';
import { kernelRuntime } from './runtime.js';

export interface BinaryKernelOptions {
  /** Per-label weights, length `labels`. */
  weight?: ArrayLike<number> | undefined;
  /** Per-label weights of the positive term, length `labels`. */
  posWeight?: ArrayLike<number> | undefined;
}

export interface BinaryKernelGradient {
  /** rows × labels; may be the logits themselves. */
  out: Float32Array;
  /** Upstream gradient of every element (1 / (rows · labels) for reduction 'mean'). */
  scale: number;
  /** Elementwise upstream gradient, rows × labels, multiplied with `scale`. */
  gradOutput?: Float32Array | undefined;
}

/**
 * Per-row sums of the losses (float64), and the gradient into `gradient.out`, or (without a
 * gradient) each element's loss into `elements` (rows × labels) where given.
 */
export function binaryCrossEntropyWithLogitsKernel(
  logits: Float32Array,
  targets: Float32Array,
  rows: number,
  labels: number,
  options: BinaryKernelOptions = {},
  gradient?: BinaryKernelGradient,
  elements?: Float32Array,
): Float64Array | undefined {
  const runtime = kernelRuntime();
  if (runtime === undefined || labels < 1) return undefined;
  const lossAddress = runtime.allocator.allocate(rows * 8);
  const weightAddress = stageFloat32(runtime, options.weight);
  const posWeightAddress = stageFloat32(runtime, options.posWeight);
  try {
    const rowBytes = labels * 4;
    const inputs = [logits, targets];
    if (gradient?.gradOutput !== undefined) inputs.push(gradient.gradOutput);
    const output = gradient === undefined ? elements : gradient.out;
    streamRows(runtime, rows, labels, inputs, output, (chunk, count, at) =>
      gradient === undefined
        ? runRows(runtime, 'bceLogits', count, labels, (start, n) => {
            const offset = start * rowBytes;
            const each = elements === undefined ? 0 : at[at.length - 1] + offset;
            const loss = lossAddress + (chunk + start) * 8;
            return [at[0] + offset, at[1] + offset, n, labels, weightAddress, posWeightAddress, loss, each];
          })
        : runRows(runtime, 'bceLogitsGrad', count, labels, (start, n) => {
            const offset = start * rowBytes;
            const gradOutput = gradient.gradOutput === undefined ? 0 : at[2] + offset;
            return [
              at[0] + offset,
              at[1] + offset,
              at[at.length - 1] + offset,
              n,
              labels,
              weightAddress,
              posWeightAddress,
              lossAddress + (chunk + start) * 8,
              gradOutput,
              gradient.scale,
            ];
          }),
    );
    return runtime.f64(lossAddress, rows).slice();
  } finally {
    release(runtime, lossAddress, weightAddress, posWeightAddress);
  }
}
