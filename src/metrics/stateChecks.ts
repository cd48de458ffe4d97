// The invariants a meter's JSON state must hold, checked by every fromJSON. A state is sums and
// counts; one that breaks them (an accuracy sum above the row count, per-class rows that do not
// add up to the rows) came from an edited or corrupted file, and would report numbers no data
// could produce. Each check names the field that breaks the rule.
import { formatValue, XentError } from '../errors.js';

/** Rounding slack between two float64 sums of the same numbers; any real violation is far larger. */
const RELATIVE_SLACK = 1e-9;

function withinSlack(value: number, limit: number): boolean {
  return value <= limit + Math.abs(limit) * RELATIVE_SLACK;
}

export function stateError(op: string, field: string, value: unknown, rule: string): XentError {
  return new XentError(
    'INVALID_INPUT',
    `state field ${field} = ${formatValue(value)} ${rule}; pass a state that toJSON wrote, unedited`,
    { op, argument: field, value },
  );
}

/** A weight or loss sum: ≥ 0, finite unless `infinite` (a loss with eps 0 may be Infinity). */
export function checkSum(value: number, op: string, field: string, infinite = false): number {
  if (!(value >= 0)) throw stateError(op, field, value, 'must be a sum ≥ 0');
  if (value === Infinity && !infinite) throw stateError(op, field, value, 'must be finite');
  return value;
}

/** A part of a total: at most the total (up to rounding). */
export function checkAtMost(
  value: number,
  limit: number,
  op: string,
  field: string,
  limitName: string,
): void {
  if (!withinSlack(value, limit))
    throw stateError(op, field, value, `must be at most ${limitName} (${limit})`);
}

/** Two sums of the same numbers: equal up to rounding (both Infinity counts as equal). */
export function checkSameSum(value: number, expected: number, op: string, field: string, what: string): void {
  if (value === expected) return;
  if (withinSlack(value, expected) && withinSlack(expected, value)) return;
  throw stateError(op, field, value, `must equal ${what} (${expected})`);
}

/** Sums over no rows are 0. */
export function checkEmpty(
  rows: number,
  values: readonly number[],
  op: string,
  field: string,
  what: string,
): void {
  if (rows !== 0) return;
  const index = values.findIndex((value) => value !== 0);
  if (index >= 0) throw stateError(op, `${field}`, values[index], `must be 0 where ${what} is 0`);
}

/** A count that cannot exceed another (clipped ≤ rows × classes, for one). */
export function checkCountAtMost(
  count: number,
  limit: number,
  op: string,
  field: string,
  limitName: string,
): void {
  if (count > limit) throw stateError(op, field, count, `must be at most ${limitName} (${limit})`);
}

/** Two meters merge only when made with the same setting (bins, k, …). */
export function checkSameSetting(op: string, field: string, other: number, mine: number): void {
  if (other !== mine) throw stateError(op, field, other, `must equal this meter's ${field} (${mine})`);
}
