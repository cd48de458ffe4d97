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

// A message never dumps user data: a 1024-label target once made a 6 kB message. Lists show their
// first few entries and their length, long text is cut, nesting is shown two levels deep.

/** How many entries of a list a message spells out before "… (n in all)". */
export const MAX_SHOWN_VALUES = 6;
/** How many characters of a string (or an object's JSON) a message shows. */
const MAX_SHOWN_CHARS = 40;
/** How deep nested arrays are spelled out; deeper ones show only their length. */
const MAX_SHOWN_DEPTH = 2;

/** `[a, b, c, d, e, f, … (1024 in all)]`: the first MAX_SHOWN_VALUES entries, then the count. */
export function formatList(
  values: ArrayLike<unknown>,
  { open = '[', close = ']', format = formatValue }: ListFormat = {},
): string {
  const shown = Math.min(values.length, MAX_SHOWN_VALUES);
  const parts: string[] = [];
  for (let i = 0; i < shown; i++) parts.push(format(values[i]));
  if (values.length > shown) parts.push(`… (${values.length} in all)`);
  return `${open}${parts.join(', ')}${close}`;
}

export interface ListFormat {
  open?: string;
  close?: string;
  format?: (value: unknown) => string;
}

function cut(text: string): string {
  return text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS)}…` : text;
}

/**
 * Formats a value for an error message: NaN, ±Infinity and -0 spelled out, arrays (typed too) in
 * brackets and capped (formatList), strings quoted and cut, a bigint with its n.
 */
export function formatValue(value: unknown): string {
  return formatAt(value, 0);
}

function formatAt(value: unknown, depth: number): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return JSON.stringify(cut(value));
  if (Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView))) {
    const list = value as unknown as ArrayLike<unknown>;
    if (depth >= MAX_SHOWN_DEPTH) return `[… (${list.length} in all)]`;
    return formatList(list, { format: (entry) => formatAt(entry, depth + 1) });
  }
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return cut(JSON.stringify(value) ?? String(value));
  }
  return cut(String(value));
}
