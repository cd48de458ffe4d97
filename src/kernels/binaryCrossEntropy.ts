// Binary cross-entropy with logits over float32 (rows, labels), through the WASM kernels:
// per-row sums of the elementwise losses, and the gradient when asked. undefined when the
// kernels are not available (the caller uses the plain-TS path).
import { release, stageFloat32, streamKernel } from './rows.js';
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
    const inputs = [logits, targets];
    if (gradient?.gradOutput !== undefined) inputs.push(gradient.gradOutput);
    const output = gradient === undefined ? elements : gradient.out;
    const stream = { rows, columns: labels, inputs, output };
    if (gradient === undefined) {
      streamKernel(runtime, 'bceLogits', stream, (row, n, at) => [
        at[0],
        at[1],
        n,
        labels,
        weightAddress,
        posWeightAddress,
        lossAddress + row * 8,
        elements === undefined ? 0 : at[at.length - 1],
      ]);
    } else {
      streamKernel(runtime, 'bceLogitsGrad', stream, (row, n, at) => [
        at[0],
        at[1],
        at[at.length - 1],
        n,
        labels,
        weightAddress,
        posWeightAddress,
        lossAddress + row * 8,
        gradient.gradOutput === undefined ? 0 : at[2],
        gradient.scale,
      ]);
    }
    return runtime.f64(lossAddress, rows).slice();
  } finally {
    release(runtime, lossAddress, weightAddress, posWeightAddress);
  }
}
