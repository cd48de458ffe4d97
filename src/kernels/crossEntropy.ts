// Cross-entropy from float32 logits of shape (rows, classes), through the WASM kernels. These
// functions compute per-row losses (float64) and, when asked, the gradient; the public losses
// (src/losses/) validate arguments and apply the reduction. They return undefined when the
// kernels are not available, so the caller falls back to the plain-TS path.

import { release, stageFloat32, streamKernel } from './rows.js';
import { kernelRuntime } from './runtime.js';

export interface CrossEntropyKernelOptions {
  /** Per-class weights, length `classes`. */
  weight?: ArrayLike<number> | undefined;
  /** Rows whose target equals it contribute 0 (index targets only). */
  ignoreIndex?: number | undefined;
  labelSmoothing?: number | undefined;
}

export interface KernelGradient {
  /** Where the gradient goes: rows × classes; may be the logits themselves (in place). */
  out: Float32Array;
  /** Upstream gradient of every row (e.g. 1 / Σ weights for reduction 'mean'). */
  scale: number;
  /** Per-row upstream gradient, multiplied with `scale` (reduction 'none' with gradOutput). */
  rowScale?: ArrayLike<number> | undefined;
}

export interface RowLosses {
  /** The loss of each row, before any reduction. */
  rowLoss: Float64Array;
  /** The first row that is not ignored and whose logits are all −Infinity, or −1. */
  maskedRow: number;
}

/**
 * What a caller makes of the row losses while they still sit in the kernels' memory (the view
 * is gone once the kernel returns): a reduction reads them in place, where a copy of a large
 * batch's losses costs more than the sum (a fresh 512 kB array page-faults in at 65536 rows).
 */
export type RowLossReader<T> = (rowLoss: Float64Array, maskedRow: number) => T;

/** The default reader: a copy of the losses the caller may keep. */
const copyRowLosses: RowLossReader<RowLosses> = (rowLoss, maskedRow) => ({
  rowLoss: rowLoss.slice(),
  maskedRow,
});

function classWeightTotal(weight: ArrayLike<number> | undefined, classes: number): number {
  if (weight === undefined) return classes;
  let total = 0;
  for (let c = 0; c < classes; c++) total += Math.fround(weight[c]);
  return total;
}

/**
 * Copies the targets into the kernels' memory. They were checked once, by the public function
 * (checkClassIndices), before the path was chosen; the kernel does not check them again.
 */
function stageTargets(staged: Int32Array, targets: ArrayLike<number>): void {
  if (targets instanceof Int32Array) staged.set(targets);
  else for (let r = 0; r < staged.length; r++) staged[r] = targets[r];
}

/**
 * Index targets. `targets` must hold integers in [0, classes) or `ignoreIndex`: the caller has
 * validated them (a value outside would read another row's logits).
 */
export function crossEntropyIndexKernel<T = RowLosses>(
  logits: Float32Array,
  rows: number,
  classes: number,
  targets: ArrayLike<number>,
  options: CrossEntropyKernelOptions = {},
  gradient?: KernelGradient,
  read: RowLossReader<T> = copyRowLosses as RowLossReader<T>,
): T | undefined {
  const runtime = kernelRuntime();
  if (runtime === undefined || classes < 1) return undefined;
  const { weight, ignoreIndex = -100, labelSmoothing = 0 } = options;
  const targetAddress = runtime.allocator.allocate(rows * 4);
  const lossAddress = runtime.allocator.allocate(rows * 8);
  const weightAddress = stageFloat32(runtime, weight);
  const rowScaleAddress = stageFloat32(runtime, gradient?.rowScale);
  try {
    stageTargets(runtime.i32(targetAddress, rows), targets);
    const total = classWeightTotal(weight, classes);
    const stream = { rows, columns: classes, inputs: [logits], output: gradient?.out };
    // The arguments both kernels take, from the targets to the row losses, for rows from `row`.
    const perRow = (row: number) =>
      [
        targetAddress + row * 4,
        ignoreIndex,
        weightAddress,
        labelSmoothing,
        total,
        lossAddress + row * 8,
      ] as const;
    // One streamKernel call per kernel, so that each argument list is checked against its own kernel.
    const maskedRow =
      gradient === undefined
        ? streamKernel(runtime, 'ceIndexForward', stream, (row, n, at) => [at[0], n, classes, ...perRow(row)])
        : streamKernel(runtime, 'ceIndexGrad', stream, (row, n, at) => [
            at[0],
            at[1],
            n,
            classes,
            ...perRow(row),
            rowScaleAddress === 0 ? 0 : rowScaleAddress + row * 4,
            gradient.scale,
          ]);
    return read(runtime.f64(lossAddress, rows), maskedRow);
  } finally {
    release(runtime, targetAddress, lossAddress, weightAddress, rowScaleAddress);
  }
}

/** Probability targets: `targets` is rows × classes float32, each row a distribution. */
export function crossEntropyProbabilityKernel<T = RowLosses>(
  logits: Float32Array,
  rows: number,
  classes: number,
  targets: Float32Array,
  options: CrossEntropyKernelOptions = {},
  gradient?: KernelGradient,
  read: RowLossReader<T> = copyRowLosses as RowLossReader<T>,
): T | undefined {
  const runtime = kernelRuntime();
  if (runtime === undefined || classes < 1) return undefined;
  const { weight, labelSmoothing = 0 } = options;
  const lossAddress = runtime.allocator.allocate(rows * 8);
  const weightAddress = stageFloat32(runtime, weight);
  const rowScaleAddress = stageFloat32(runtime, gradient?.rowScale);
  try {
    const stream = { rows, columns: classes, inputs: [logits, targets], output: gradient?.out };
    const maskedRow =
      gradient === undefined
        ? streamKernel(runtime, 'ceProbForward', stream, (row, n, at) => [
            at[0],
            at[1],
            n,
            classes,
            weightAddress,
            labelSmoothing,
            lossAddress + row * 8,
          ])
        : streamKernel(runtime, 'ceProbGrad', stream, (row, n, at) => [
            at[0],
            at[1],
            at[2],
            n,
            classes,
            weightAddress,
            labelSmoothing,
            lossAddress + row * 8,
            rowScaleAddress === 0 ? 0 : rowScaleAddress + row * 4,
            gradient.scale,
          ]);
    return read(runtime.f64(lossAddress, rows), maskedRow);
  } finally {
    release(runtime, lossAddress, weightAddress, rowScaleAddress);
  }
}
