// Zero-copy inputs: a Float32Array that lives in the kernels' memory is read (and, for an
// in-place gradient, written) where it is, so a training loop that fills the same array each
// step copies nothing. Only where the memory is shared (Node, cross-origin isolated pages) is
// this handed out: there the memory can grow without detaching earlier views. Elsewhere the
// array is an ordinary Float32Array, which works the same, through the staging copy.
import { XentError } from '../errors.js';
import { checkNumber } from '../options.js';
import { isFreed, markFreed } from '../tensor.js';
import { kernelRuntime } from './runtime.js';
import { MAX_PAGES, PAGE } from './wasm.js';

/** The longest array the kernels' memory can hold: 4 GiB less the first page (static data). */
export const MAX_KERNEL_ARRAY_LENGTH = ((MAX_PAGES - 1) * PAGE) / 4;

/** Every array allocateKernelArray handed out and freeKernelArray has not yet taken back. */
const allocated = new WeakSet<Float32Array>();

/**
 * A zeroed Float32Array of `length` elements that the WASM kernels read without copying. Free it
 * with freeKernelArray when done; until then its memory is not reused.
 */
export function allocateKernelArray(length: number): Float32Array {
  const op = 'allocateKernelArray';
  checkNumber(length, { op, option: 'length', min: 0, max: MAX_KERNEL_ARRAY_LENGTH, integer: true });
  let array: Float32Array;
  try {
    array = allocateIn(length);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new XentError(
      'OUT_OF_MEMORY',
      `cannot allocate ${length} float32 values (${length * 4} bytes): ${error.message}; free arrays no longer used, or use a smaller batch`,
      { op, argument: 'length', value: length },
    );
  }
  allocated.add(array);
  return array;
}

function allocateIn(length: number): Float32Array {
  const runtime = kernelRuntime();
  if (runtime === undefined || !runtime.kernels.shared) return new Float32Array(length);
  const address = runtime.allocator.allocate(length * 4);
  const array = runtime.f32(address, length);
  array.fill(0);
  return array;
}

/**
 * Returns an array from allocateKernelArray to the kernels' memory; other arrays are ignored. An
 * array freed twice is an error, and a freed array is refused by every function that reads one.
 */
export function freeKernelArray(array: Float32Array): void {
  const op = 'freeKernelArray';
  if (!(array instanceof Float32Array)) {
    throw new XentError(
      'INVALID_INPUT',
      'array is not a Float32Array; pass what allocateKernelArray returned',
      {
        op,
        argument: 'array',
      },
    );
  }
  if (isFreed(array)) {
    throw new XentError(
      'INVALID_INPUT',
      'array was already freed; free each array from allocateKernelArray once',
      {
        op,
        argument: 'array',
      },
    );
  }
  if (!allocated.has(array)) return;
  allocated.delete(array);
  markFreed(array);
  const runtime = kernelRuntime();
  const address = runtime?.addressOf(array) ?? -1;
  if (address >= 0) runtime?.allocator.release(address);
}

/** Whether `array` is read by the kernels without a copy (a freed array no longer is). */
export function isKernelArray(array: ArrayBufferView): boolean {
  return !isFreed(array) && (kernelRuntime()?.addressOf(array) ?? -1) >= 0;
}
