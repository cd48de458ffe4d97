// softmax, logSoftmax, logSumExp and entropy over the last axis of float32 (rows, classes),
// through the WASM kernels; undefined when they are not available.
import { release, streamKernel } from './rows.js';
import { kernelRuntime } from './runtime.js';

export interface RowsResult {
  /** The output, rows × classes float32. */
  out: Float32Array;
  /** The first row whose every input was −Infinity (written as NaN), or −1. */
  maskedRow: number;
}

function rowsToRows(
  name: 'softmaxRows' | 'logSoftmaxRows',
  x: Float32Array,
  rows: number,
  classes: number,
  out: Float32Array,
) {
  const runtime = kernelRuntime();
  if (runtime === undefined || classes < 1) return undefined;
  const stream = { rows, columns: classes, inputs: [x], output: out };
  const maskedRow = streamKernel(runtime, name, stream, (_row, n, at) => [at[0], at[1], n, classes]);
  return { out, maskedRow };
}

/** softmax of each row into `out` (default: a new array; may be `x`). */
export function softmaxKernel(
  x: Float32Array,
  rows: number,
  classes: number,
  out: Float32Array = new Float32Array(rows * classes),
): RowsResult | undefined {
  return rowsToRows('softmaxRows', x, rows, classes, out);
}

export function logSoftmaxKernel(
  x: Float32Array,
  rows: number,
  classes: number,
  out: Float32Array = new Float32Array(rows * classes),
): RowsResult | undefined {
  return rowsToRows('logSoftmaxRows', x, rows, classes, out);
}

function rowsToValues(name: 'logSumExpRows' | 'entropyRows', x: Float32Array, rows: number, classes: number) {
  const runtime = kernelRuntime();
  if (runtime === undefined || classes < 1) return undefined;
  const outAddress = runtime.allocator.allocate(rows * 8);
  try {
    const stream = { rows, columns: classes, inputs: [x] };
    streamKernel(runtime, name, stream, (row, n, at) => [at[0], n, classes, outAddress + row * 8]);
    return runtime.f64(outAddress, rows).slice();
  } finally {
    release(runtime, outAddress);
  }
}

/** log Σ exp of each row, float64 (−Infinity for a row of −Infinity). */
export function logSumExpKernel(x: Float32Array, rows: number, classes: number): Float64Array | undefined {
  return rowsToValues('logSumExpRows', x, rows, classes);
}

/** −Σ p log p of each row of probabilities, float64, 0·log 0 = 0 (rows are not validated). */
export function entropyKernel(p: Float32Array, rows: number, classes: number): Float64Array | undefined {
  return rowsToValues('entropyRows', p, rows, classes);
}
