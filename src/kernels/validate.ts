// Range checks of big float32 inputs through the kernels: the values are read as one column of
// `length` rows, split over the worker pool and streamed like any row kernel's input.
import { streamKernel } from './rows.js';
import { kernelRuntime } from './runtime.js';

/**
 * The index of the first value of `data` outside [0, 1] (NaN included), −1 when there is none,
 * or undefined when the kernels are not available.
 */
export function firstOutsideUnitKernel(data: Float32Array): number | undefined {
  const runtime = kernelRuntime();
  if (runtime === undefined) return undefined;
  const stream = { rows: data.length, columns: 1, inputs: [data] };
  return streamKernel(runtime, 'firstOutsideUnit', stream, (_row, n, at) => [at[0], n]);
}
