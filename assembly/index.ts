// The WASM kernels of xent. Every export works on raw byte addresses into the shared linear
// memory that the TypeScript side (src/kernels/) manages; nothing here allocates, so one module
// instance per thread can run on the same memory. These exports are the one list of kernels:
// npm run build:wasm generates the TypeScript interface to them (src/kernels/generated/kernels.ts)
// and the worker protocol's kernel ids and argument count from asc's declarations of them.
import { expNonPositive } from './math';
import { loadTail, storeTail } from './vectors';

export { bceLogits, bceLogitsGrad } from './binaryCrossEntropy';
export { ceIndexForward, ceIndexGrad } from './crossEntropy';
export { ceProbForward, ceProbGrad } from './crossEntropyProb';
export { entropyRows } from './entropy';
export { logSoftmaxRows, logSumExpRows, softmaxRows } from './softmax';
export { firstOutsideUnit } from './validate';

/** exp(x) for x ≤ 0, elementwise: exposed so tests and scripts/exp-ulp.mjs can measure it. */
export function expArray(x: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i += 4) {
    const count = min(4, n - i);
    const offset = <usize>i << 2;
    storeTail4(out + offset, count, expNonPositive(loadTail4(x + offset, count)));
  }
}

// @ts-expect-error: decorator
@inline
function loadTail4(p: usize, count: i32): v128 {
  return count == 4 ? v128.load(p) : loadTail(p, count, 0);
}

// @ts-expect-error: decorator
@inline
function storeTail4(p: usize, count: i32, v: v128): void {
  if (count == 4) v128.store(p, v);
  else storeTail(p, count, v);
}

/** End of the module's static data; the TypeScript allocator keeps clear of it. */
export function heapBase(): usize {
  return __heap_base;
}
