// The shape checks every family shares, written once.
import { XentError } from '../errors.js';
import { formatShape, shapesEqual } from '../tensor.js';

/** Checks that two arguments have exactly the same shape (elementwise losses; p and q of a divergence). */
export function checkSameShape(
  first: { shape: readonly number[] },
  second: { shape: readonly number[] },
  { op, names, why }: { op: string; names: readonly [string, string]; why: string },
): void {
  if (!shapesEqual(first.shape, second.shape)) {
    throw new XentError(
      'SHAPE_MISMATCH',
      `${names[0]} has shape ${formatShape(first.shape)} but ${names[1]} has shape ${formatShape(second.shape)}; ${why}`,
      { op, argument: names[1], expected: first.shape, actual: second.shape },
    );
  }
}
