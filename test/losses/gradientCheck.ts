// Test helpers for the elementwise losses: XentError capture and central finite differences.
import { expect } from 'vitest';
import { XentError } from '../../src/index.js';

export function thrown(f: () => unknown): XentError {
  try {
    f();
  } catch (error) {
    if (error instanceof XentError) return error;
    throw error;
  }
  throw new Error('expected an XentError');
}

/** Central differences (f(x + h) − f(x − h)) / 2h of a scalar objective, one element at a time. */
export function centralDifferences(objective: (x: Float64Array) => number, x: readonly number[], h = 1e-6) {
  const point = Float64Array.from(x);
  return Array.from(x, (value, i) => {
    point[i] = value + h;
    const up = objective(point);
    point[i] = value - h;
    const down = objective(point);
    point[i] = value;
    return (up - down) / (2 * h);
  });
}

/** Expects an analytic gradient to match central differences within an absolute + relative bound. */
export function expectGradientClose(
  analytic: ArrayLike<number>,
  numeric: readonly number[],
  tolerance = 1e-6,
): void {
  expect(analytic.length).toBe(numeric.length);
  for (let i = 0; i < numeric.length; i++) {
    const bound = tolerance * (1 + Math.abs(numeric[i]));
    const difference = Math.abs(analytic[i] - numeric[i]);
    if (!(difference <= bound)) {
      throw new Error(
        `gradient[${i}]: analytic ${analytic[i]}, numeric ${numeric[i]}, difference ${difference} > ${bound}`,
      );
    }
  }
}
