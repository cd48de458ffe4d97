// Range checks of big float32 inputs through the kernels: the values are read as one column of
// `length` rows, split over the worker pool and streamed like any row kernel's input.
import { runRows, streamRows } from './rows.js';
import { kernelRuntime } from './runtime.js';

/**
 * The index of the first value of `data` outside [0, 1] (NaN included), −1 when there is none,
 * or undefined when the kernels are not available.
 */
export function firstOutsideUnitKernel(data: Float32Array): number | undefined {
  const runtime = kernelRuntime();
  if (runtime === undefined) return undefined;
  return streamRows(runtime, data.length, 1, [data], undefined, (_chunk, count, at) =>
    runRows(runtime, 'firstOutsideUnit', count, 1, (start, n) => [at[0] + start * 4, n]),
  );
}
