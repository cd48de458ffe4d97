// The range check of probabilities in the kernels (assembly/validate.ts): the first value outside
// [0, 1] wherever it sits (vector body or scalar tail, any part of a split over threads, a staged
// or a zero-copy array), and the same XentError from the public functions as the plain-TS scan.
import { afterEach, describe, expect, it } from 'vitest';
import { kernelPolicy } from '../../src/fast/policy.js';
import {
  allocateKernelArray,
  binaryCrossEntropyWithLogits,
  freeKernelArray,
  XentError,
} from '../../src/index.js';
import { setKernelThreads } from '../../src/kernels/pool.js';
import { PARALLEL_MIN_ELEMENTS } from '../../src/kernels/rows.js';
import { firstOutsideUnitKernel } from '../../src/kernels/validate.js';
import { seeded } from './reference.js';

afterEach(() => {
  setKernelThreads(2);
  kernelPolicy.minElements = 4096;
});

function probabilities(length: number, seed: number): Float32Array {
  const random = seeded(seed);
  const data = Float32Array.from({ length }, () => random());
  // The edges are inside: 0, −0 and 1.
  if (length >= 3) data.set([0, -0, 1], Math.floor((length - 3) / 2));
  return data;
}

const outside = [-1e-45, -0.5, 1.0000001, 2, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

describe('firstOutsideUnitKernel', () => {
  it('is −1 for values in [0, 1], −0 and both ends included', () => {
    for (const length of [0, 1, 3, 16, 17, 4099]) {
      expect(firstOutsideUnitKernel(probabilities(length, length))).toBe(-1);
    }
  });

  it.each([1, 2, 3])('finds the first value outside [0, 1] anywhere, on %i thread(s)', (threads) => {
    setKernelThreads(threads);
    const length = 2 * PARALLEL_MIN_ELEMENTS + 13;
    for (const [k, at] of [
      0,
      5,
      15,
      16,
      1000,
      PARALLEL_MIN_ELEMENTS + 1,
      length - 14,
      length - 1,
    ].entries()) {
      const data = probabilities(length, at);
      const bad = outside[k % outside.length];
      data[at] = bad;
      // A second bad value later on (in another thread's part) must not win.
      if (at + 7 < length) data[length - 1] = 5;
      expect(firstOutsideUnitKernel(data), `${bad} at ${at}`).toBe(at);
    }
  });

  it('reads a zero-copy array where it is', () => {
    const data = allocateKernelArray(50_000);
    try {
      data.set(probabilities(50_000, 9));
      expect(firstOutsideUnitKernel(data)).toBe(-1);
      data[31_337] = -2;
      expect(firstOutsideUnitKernel(data)).toBe(31_337);
    } finally {
      freeKernelArray(data);
    }
  });
});

describe('checkProbabilities through the kernels', () => {
  it('throws the same INVALID_PROBABILITY, naming the same element, as the plain-TS scan', () => {
    const rows = 300;
    const labels = 50;
    const logits = new Float32Array(rows * labels);
    const target = probabilities(rows * labels, 4);
    target[123 * labels + 7] = Number.NaN;
    const errorFrom = (minElements: number): XentError => {
      kernelPolicy.minElements = minElements;
      try {
        binaryCrossEntropyWithLogits(
          { data: logits, shape: [rows, labels] },
          { data: target, shape: [rows, labels] },
        );
      } catch (error) {
        return error as XentError;
      }
      throw new Error('no error');
    };
    const viaKernels = errorFrom(0);
    const viaScan = errorFrom(Number.POSITIVE_INFINITY);
    expect(viaKernels).toBeInstanceOf(XentError);
    expect(viaKernels.message).toBe(viaScan.message);
    expect(viaKernels.index).toBe(123 * labels + 7);
    expect(viaKernels.message).toContain('[123, 7]');
  });
});
