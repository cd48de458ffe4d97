// The fast path of entropy(p): float32 distributions along the last axis, big enough to pay for
// the call. info.ts has already checked them (entries in [0, 1], rows summing to 1) in TypeScript;
// the kernel only sums −p·log p per row (0·log 0 = 0), and the base is applied here as the
// reference path (rowSums in src/info.ts) does.
import type { Tensor } from '../tensor.js';
import { entropyKernel } from './activations.js';
import { kernelPolicy } from './policy.js';

/** Each row's entropy divided by `divisor` (ln base), float32, or undefined to use the reference path. */
export function entropyRowsKernel(
  tensor: Tensor,
  rows: number,
  length: number,
  divisor: number,
): Float32Array | undefined {
  const p = tensor.data;
  if (!(p instanceof Float32Array) || tensor.size < kernelPolicy.minElements || rows === 0) return undefined;
  const values = entropyKernel(p, rows, length);
  if (values === undefined) return undefined;
  kernelPolicy.calls++;
  const out = new Float32Array(rows);
  for (let row = 0; row < rows; row++) out[row] = values[row] / divisor;
  return out;
}
