import { formatValue, XentError } from './errors.js';

/** How a loss combines its per-element values. */
export type Reduction = 'mean' | 'sum' | 'none';

/** Checks an enum-like option, naming the option, the bad value and the allowed ones. */
export function checkChoice<T extends string>(
  value: unknown,
  allowed: readonly T[],
  { op, option }: { op: string; option: string },
): T {
  if (!allowed.includes(value as T)) {
    throw new XentError(
      'INVALID_OPTION',
      `invalid ${option}: ${formatValue(value)}; use one of ${allowed.map((a) => `'${a}'`).join(', ')}`,
      { op, argument: option, value, expected: allowed },
    );
  }
  return value as T;
}

export interface NumberRange {
  op: string;
  option: string;
  min?: number;
  max?: number;
  /** Whether `min` itself is excluded. */
  minExclusive?: boolean;
  integer?: boolean;
}

/** Checks a numeric option against its range; NaN and non-numbers are always rejected. */
export function checkNumber(value: unknown, range: NumberRange): number {
  const { op, option, min = -Infinity, max = Infinity, minExclusive = false, integer = false } = range;
  const ok =
    typeof value === 'number' &&
    !Number.isNaN(value) &&
    (minExclusive ? value > min : value >= min) &&
    value <= max &&
    (!integer || Number.isInteger(value));
  if (!ok) {
    const lower = minExclusive ? `(${min}` : `[${min}`;
    const kind = integer ? 'an integer' : 'a number';
    throw new XentError(
      'INVALID_OPTION',
      `invalid ${option}: ${formatValue(value)}; use ${kind} in ${lower}, ${max}]`,
      { op, argument: option, value },
    );
  }
  return value as number;
}

/**
 * The divisor that turns natural-log units into the requested base: ln(base). `base` is any
 * positive number other than 1 (2 gives bits, 10 gives hartleys, Math.E nats).
 */
export function logBaseDivisor(base: unknown, op: string): number {
  if (base === undefined) return 1;
  const value = checkNumber(base, { op, option: 'base', min: 0, minExclusive: true });
  if (value === 1 || !Number.isFinite(value)) {
    throw new XentError('INVALID_OPTION', `invalid base: ${value}; use a positive finite base other than 1`, {
      op,
      argument: 'base',
      value,
    });
  }
  return value === Math.E ? 1 : Math.log(value);
}
