// Zero-copy inputs: a Float32Array that lives in the kernels' memory is read (and, for an
// in-place gradient, written) where it is, so a training loop that fills the same array each
// step copies nothing. Only where the memory is shared (Node, cross-origin isolated pages) is
// this handed out: there the memory can grow without detaching earlier views. Elsewhere the
// array is an ordinary Float32Array, which works the same, through the staging copy.
import { checkNumber } from '../options.js';
import { kernelRuntime } from './runtime.js';

/**
 * A zeroed Float32Array of `length` elements that the WASM kernels read without copying. Free it
 * with freeKernelArray when done; until then its memory is not reused.
 */
export function allocateKernelArray(length: number): Float32Array {
  checkNumber(length, { op: 'allocateKernelArray', option: 'length', min: 0, integer: true });
  const runtime = kernelRuntime();
  if (runtime === undefined || !runtime.kernels.shared) return new Float32Array(length);
  const address = runtime.allocator.allocate(length * 4);
  const array = runtime.f32(address, length);
  array.fill(0);
  return array;
}

/** Returns an array from allocateKernelArray to the kernels' memory; other arrays are ignored. */
export function freeKernelArray(array: Float32Array): void {
  const runtime = kernelRuntime();
  if (runtime === undefined) return;
  const address = runtime.addressOf(array);
  if (address >= 0) runtime.allocator.release(address);
}

/** Whether `array` is read by the kernels without a copy. */
export function isKernelArray(array: ArrayBufferView): boolean {
  return (kernelRuntime()?.addressOf(array) ?? -1) >= 0;
}
