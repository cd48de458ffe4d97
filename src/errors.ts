/**
 * The one error class of xent. Every misuse is reported with a machine-readable `code`, the
 * operation and argument it concerns, and (where there is one) the flat index and value that
 * broke the rule, so a caller can both show the message and act on the fields.
 */
export type XentErrorCode =
  /** Two arguments whose shapes must agree do not. */
  | 'SHAPE_MISMATCH'
  /** An argument has a rank or layout the operation cannot take. */
  | 'INVALID_SHAPE'
  /** A class index is out of range, not an integer, or NaN (and is not the ignoreIndex). */
  | 'INDEX_OUT_OF_RANGE'
  /** A probability (or target) is NaN, negative or above 1. */
  | 'INVALID_PROBABILITY'
  /** A distribution does not sum to 1 within the tolerance. */
  | 'NOT_NORMALIZED'
  /** An option has the wrong type or a value out of its range. */
  | 'INVALID_OPTION'
  /** A value that must be a finite or non-NaN number is not (weights, targets, inputs). */
  | 'INVALID_VALUE'
  /** A row whose every logit is −Infinity, so no class has any probability. */
  | 'ALL_MASKED'
  /** An input that cannot be read as a tensor (ragged nesting, wrong element type), or a freed array. */
  | 'INVALID_INPUT'
  /** The memory asked for cannot be had (the kernels' 4 GiB, or what the machine will give). */
  | 'OUT_OF_MEMORY';

export interface XentErrorDetails {
  /** The operation that threw, e.g. `crossEntropyLoss`. */
  op: string;
  /** The argument or option at fault, e.g. `target` or `labelSmoothing`. */
  argument?: string;
  /** Flat (row-major) index of the offending element, where there is one. */
  index?: number;
  /** The offending value. */
  value?: unknown;
  /** What was expected, in words or as a value. */
  expected?: unknown;
  /** What was found instead. */
  actual?: unknown;
}

export class XentError extends Error {
  override readonly name = 'XentError';
  readonly code: XentErrorCode;
  readonly op: string;
  readonly argument: string | undefined;
  readonly index: number | undefined;
  readonly value: unknown;
  readonly expected: unknown;
  readonly actual: unknown;

  constructor(code: XentErrorCode, message: string, details: XentErrorDetails) {
    super(`${details.op}: ${message}`);
    this.code = code;
    this.op = details.op;
    this.argument = details.argument;
    this.index = details.index;
    this.value = details.value;
    this.expected = details.expected;
    this.actual = details.actual;
  }
}

/** Formats a value for an error message: NaN, ±Infinity and -0 spelled out, arrays in brackets. */
export function formatValue(value: unknown): string {
  if (typeof value === 'number') {
    if (Object.is(value, -0)) return '-0';
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}
