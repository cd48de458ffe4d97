// Every option's default and range, stated once, and the two helpers that read them: a number
// with its range and default, a choice with its allowed values. A function reads an option as
// `readNumber(options.eps, LOSS_EPS, op)`; docs/API.md states the same ranges.
import { formatValue, XentError } from './errors.js';
import { choiceHint } from './optionKeys.js';

/** How a loss combines its per-element values. */
export type Reduction = 'mean' | 'sum' | 'none';

/** The unit of every information measure and loss: the logarithm's base. */
export interface BaseOption {
  /** The logarithm's base: e (nats) by default, 2 for bits, 10 for hartleys. */
  base?: number;
}

/** The keys of BaseOption, for the unknown-key check. */
export const BASE_KEYS = ['base'] as const satisfies readonly (keyof BaseOption)[];

/** A numeric option: its name, default (none: the caller must pass it) and range. */
export interface NumberSpec {
  option: string;
  default?: number;
  min?: number;
  max?: number;
  /** Whether `min` itself is excluded. */
  minExclusive?: boolean;
  /** Whether `max` itself is excluded. */
  maxExclusive?: boolean;
  integer?: boolean;
  /** Whether ±Infinity is excluded even where the range reaches it. */
  finite?: boolean;
  /** One value inside the range that is still not allowed (a log base of 1). */
  except?: number;
}

/** An enum-like option: its name, allowed values and default. */
export interface ChoiceSpec<T extends string> {
  option: string;
  allowed: readonly T[];
  default: T;
}

/** A number range for callers that name the op with it (the kernels' options). */
export interface NumberRange extends NumberSpec {
  op: string;
}

function describeRange(spec: NumberSpec): string {
  const { min = -Infinity, max = Infinity, minExclusive = false, maxExclusive = false } = spec;
  const kind = spec.integer ? 'an integer' : spec.finite ? 'a finite number' : 'a number';
  const interval = `${minExclusive ? '(' : '['}${min}, ${max}${maxExclusive || spec.finite ? ')' : ']'}`;
  return `${kind} in ${interval}${spec.except === undefined ? '' : ` other than ${spec.except}`}`;
}

function inRange(value: number, spec: NumberSpec): boolean {
  const { min = -Infinity, max = Infinity, minExclusive = false, maxExclusive = false } = spec;
  return (
    (minExclusive ? value > min : value >= min) &&
    (maxExclusive ? value < max : value <= max) &&
    (!spec.integer || Number.isInteger(value)) &&
    (!spec.finite || Number.isFinite(value)) &&
    value !== spec.except
  );
}

/** Checks a numeric option against its range; NaN and non-numbers are always rejected. */
export function checkNumber(value: unknown, range: NumberRange): number {
  if (typeof value === 'number' && !Number.isNaN(value) && inRange(value, range)) return value;
  throw new XentError(
    'INVALID_OPTION',
    `invalid ${range.option}: ${formatValue(value)}; use ${describeRange(range)}`,
    { op: range.op, argument: range.option, value },
  );
}

/** Reads a numeric option: its default when undefined, else the value checked against its range. */
export function readNumber(value: unknown, spec: NumberSpec, op: string): number {
  if (value === undefined && spec.default !== undefined) return spec.default;
  return checkNumber(value, { ...spec, op });
}

/** Checks an enum-like option, naming the option, the bad value and the allowed ones. */
function checkChoice<T extends string>(
  value: unknown,
  allowed: readonly T[],
  { op, option }: { op: string; option: string },
): T {
  if (!allowed.includes(value as T)) {
    const hint = typeof value === 'string' ? choiceHint(value, allowed) : '';
    throw new XentError(
      'INVALID_OPTION',
      `invalid ${option}: ${formatValue(value)}; ${hint}use one of ${allowed.map((a) => `'${a}'`).join(', ')}`,
      { op, argument: option, value, expected: allowed },
    );
  }
  return value as T;
}

/** Reads an enum-like option: its default when undefined, else one of the allowed values. */
export function readChoice<T extends string>(value: unknown, spec: ChoiceSpec<T>, op: string): T {
  return value === undefined ? spec.default : checkChoice(value, spec.allowed, { op, option: spec.option });
}

/** Reads a boolean option: its default when undefined, else true or false. */
export function readBoolean(value: unknown, spec: { option: string; default: boolean }, op: string): boolean {
  if (value === undefined) return spec.default;
  if (typeof value === 'boolean') return value;
  throw new XentError('INVALID_OPTION', `invalid ${spec.option}: ${formatValue(value)}; use true or false`, {
    op,
    argument: spec.option,
    value,
  });
}

// The options, each stated once.

export const REDUCTION: ChoiceSpec<Reduction> = {
  option: 'reduction',
  allowed: ['mean', 'sum', 'none'],
  default: 'mean',
};
/** The logarithm's base: any positive finite number but 1; e (nats) by default. */
const BASE: NumberSpec = {
  option: 'base',
  default: Math.E,
  min: 0,
  minExclusive: true,
  finite: true,
  except: 1,
};
/** Divides logits before a softmax (xent's extension, logits / T): positive and finite, 1 by default. */
export const TEMPERATURE: NumberSpec = {
  option: 'temperature',
  default: 1,
  min: 0,
  minExclusive: true,
  finite: true,
};
/** Label smoothing ε in [0, 1], PyTorch's range. */
export const LABEL_SMOOTHING: NumberSpec = { option: 'labelSmoothing', default: 0, min: 0, max: 1 };
/** PyTorch's ignore_index default. */
export const IGNORE_INDEX: NumberSpec = { option: 'ignoreIndex', default: -100, integer: true };
/**
 * The clip of probabilities to [eps, 1 − eps], the same range for the losses and the meters:
 * [0, 0.5), since eps = 0.5 would clip every probability to ½ and the loss would no longer depend
 * on the prediction. The losses default to 0 (no clip, as PyTorch), the meters to scikit-learn's 1e-15.
 */
export const LOSS_EPS: NumberSpec = { option: 'eps', default: 0, min: 0, max: 0.5, maxExclusive: true };
export const METER_EPS: NumberSpec = { ...LOSS_EPS, default: 1e-15 };
/** The focal loss's class weight: ≤ 1, a negative value turning weighting off (torchvision). */
export const FOCAL_ALPHA: NumberSpec = { option: 'alpha', default: 0.25, max: 1 };
export const FOCAL_GAMMA: NumberSpec = { option: 'gamma', default: 2, min: 0, finite: true };
/** PaLM's z-loss weight. */
export const Z_LOSS_COEFFICIENT: NumberSpec = { option: 'coefficient', default: 1e-4, min: 0, finite: true };
/** A class count for building targets: at least one class. */
export const NUM_CLASSES: NumberSpec = { option: 'numClasses', min: 1, max: 2 ** 31 - 1, integer: true };
/** A class count for the meters: a classifier has at least two classes. */
export const METER_NUM_CLASSES: NumberSpec = { option: 'numClasses', min: 2, integer: true };
export const SMOOTHING_EPSILON: NumberSpec = { option: 'epsilon', min: 0, max: 1 };
export const MIXUP_LAMBDA: NumberSpec = { option: 'lambda', min: 0, max: 1 };
/** F.poisson_nll_loss's options: the input is log λ (default) or λ; the Stirling term; log(λ + eps). */
export const POISSON_LOG_INPUT = { option: 'logInput', default: true };
export const POISSON_FULL = { option: 'full', default: false };
export const POISSON_EPS: NumberSpec = { option: 'eps', default: 1e-8, min: 0, finite: true };
export const CALIBRATION_BINS: NumberSpec = { option: 'bins', default: 15, min: 1, integer: true };

/**
 * The divisor that turns natural-log units into the requested base: ln(base). `base` is any
 * positive number other than 1 (2 gives bits, 10 gives hartleys, Math.E nats).
 */
export function logBaseDivisor(base: unknown, op: string): number {
  const value = readNumber(base, BASE, op);
  return value === Math.E ? 1 : Math.log(value);
}
