// The gradient array of a backend that copies it into its own memory (wasm), reused from one step
// to the next. It is a kernel array (allocateKernelArray) where xent has one, so the kernels write
// the gradient where they compute it instead of copying it out to a plain array; and its pages are
// mapped from the first step on (a fresh 128 MB array costs page faults on every step).
// One array is lent at a time; a forward whose backward never runs (a loss that was only a metric
// under the tape) keeps it, so the pool lends plain arrays meanwhile, and takes its array back when
// that forward's closure is collected.
import { allocateKernelArray, freeKernelArray } from '../index.js';

export interface LentGradient {
  readonly array: Float32Array;
  /** Returns the array to the pool once the backend has copied it; call at most once. */
  giveBack(): void;
}

let spare: Float32Array | undefined;
let lent = false;

const reclaim = new FinalizationRegistry<Float32Array>((array) => {
  freeKernelArray(array);
  lent = false;
});

/** A Float32Array of `size` to write a gradient into, reused across steps. */
export function lendGradient(size: number): LentGradient {
  if (lent) return { array: new Float32Array(size), giveBack: () => {} };
  if (spare !== undefined && spare.length !== size) {
    freeKernelArray(spare);
    spare = undefined;
  }
  const array = spare ?? allocateKernelArray(size);
  spare = undefined;
  lent = true;
  const loan = {
    array,
    giveBack: () => {
      reclaim.unregister(loan);
      spare = array;
      lent = false;
    },
  };
  reclaim.register(loan, array, loan);
  return loan;
}
