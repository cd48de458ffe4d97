// The fast path of entropy(p): float32 distributions along the last axis, big enough to pay for
// the call. info.ts has already checked them (entries in [0, 1], rows summing to 1); the kernel
// only sums −p·log p per row (0·log 0 = 0), and the base is applied as the reference path does.
import { entropyKernel } from '../kernels/activations.js';
import type { Tensor } from '../tensor.js';
import { kernelsTake } from './policy.js';

/** Each row's entropy divided by `divisor` (ln base), float32, or undefined where the kernels do not take it. */
export function entropyRowsFast(
  tensor: Tensor,
  rows: number,
  length: number,
  divisor: number,
): Float32Array | undefined {
  const p = tensor.data;
  if (!(p instanceof Float32Array) || rows === 0 || !kernelsTake(tensor.size)) return undefined;
  const values = entropyKernel(p, rows, length);
  if (values === undefined) return undefined;
  const out = new Float32Array(rows);
  for (let row = 0; row < rows; row++) out[row] = values[row] / divisor;
  return out;
}
