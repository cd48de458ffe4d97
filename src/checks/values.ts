// The value checks every family shares, written once: NaN where a number is required, and class
// indices. The same mistake gets the same code everywhere: a NaN in a target, label, weight or
// probability argument is INVALID_VALUE; a number that is not a class index is INDEX_OUT_OF_RANGE.
import { formatValue, XentError } from '../errors.js';
import { formatIndex } from '../tensor.js';

/** Where a value sits: the op, the argument, and the array's shape (undefined for a lone number). */
export interface ValueContext {
  op: string;
  argument: string;
  shape: readonly number[] | undefined;
}

function position({ argument, shape }: ValueContext, index: number): string {
  return shape === undefined ? argument : `${argument}${formatIndex(index, shape)}`;
}

/** The error for a NaN where a number is required; `fix` says what the argument must hold. */
export function nanError(index: number, context: ValueContext, fix: string): XentError {
  const { op, argument } = context;
  return new XentError('INVALID_VALUE', `${position(context, index)} is NaN; ${fix}`, {
    op,
    argument,
    index,
    value: Number.NaN,
  });
}

/** Checks that no element is NaN (weights, sample weights). */
export function checkNoNaN(data: ArrayLike<number>, context: ValueContext): void {
  for (let i = 0; i < data.length; i++) {
    if (Number.isNaN(data[i])) throw nanError(i, context, `${context.argument} must hold numbers`);
  }
}

/** Checks that every element is a number ≥ 0 (a count, a rate); NaN is INVALID_VALUE too. */
export function checkNonNegative(data: ArrayLike<number>, context: ValueContext, fix: string): void {
  for (let i = 0; i < data.length; i++) {
    const value = data[i];
    if (value >= 0) continue;
    if (Number.isNaN(value)) throw nanError(i, context, fix);
    throw new XentError(
      'INVALID_VALUE',
      `${position(context, i)} = ${formatValue(value)} is negative; ${fix}`,
      {
        op: context.op,
        argument: context.argument,
        index: i,
        value,
      },
    );
  }
}

/** What a class index is checked against: C classes, an index to skip, and a hint for the fix. */
export interface ClassIndexRule {
  classes: number;
  /** A value that is not a class but is allowed (cross-entropy's ignoreIndex). */
  ignoreIndex?: number;
  /** Said after the range, e.g. ", or ignoreIndex (-100) to skip it". */
  hint?: string;
}

/** The error for a value that is not a class index in [0, C − 1] (NaN: INVALID_VALUE). */
function classIndexError(
  value: number,
  index: number,
  context: ValueContext,
  rule: ClassIndexRule,
): XentError {
  const { op, argument } = context;
  const range = `use an integer in [0, ${rule.classes - 1}]${rule.hint ?? ''}`;
  if (Number.isNaN(value)) return nanError(index, context, `a class index must be a number; ${range}`);
  return new XentError(
    'INDEX_OUT_OF_RANGE',
    `${position(context, index)} = ${formatValue(value)} is not a class index for ${rule.classes} classes; ${range}`,
    { op, argument, index, value, expected: [0, rule.classes - 1] },
  );
}

/** Checks every element as a class index (or the rule's ignoreIndex). */
export function checkClassIndices(
  data: ArrayLike<number>,
  context: ValueContext,
  rule: ClassIndexRule,
): void {
  const { classes, ignoreIndex } = rule;
  let i = 0;
  if (data instanceof Int32Array) {
    // Integers by construction: only the range to check (65536 targets: about 20 µs less). The
    // loop below starts at the first one out of range and reports it.
    for (; i < data.length; i++) {
      const label = data[i];
      if ((label < 0 || label >= classes) && label !== ignoreIndex) break;
    }
  }
  for (; i < data.length; i++) {
    const label = data[i];
    if (label === ignoreIndex) continue;
    if (!(Number.isInteger(label) && label >= 0 && label < classes))
      throw classIndexError(label, i, context, rule);
  }
}
