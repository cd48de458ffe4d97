import { formatValue, XentError } from '../errors.js';
import { checkOptionKeys } from '../optionKeys.js';
import { checkNumber, METER_EPS, METER_NUM_CLASSES, readNumber } from '../options.js';
import { type ClassificationBatch, type PreparedBatch, prepareBatch } from './batch.js';
import { stateError } from './stateChecks.js';

/** Options every meter takes. */
export interface MeterOptions {
  /** Number of classes; by default taken from the first batch (2 for a single score column). */
  numClasses?: number;
  /** Clip probabilities to [eps, 1 − eps] before the log, as scikit-learn's log_loss. Default 1e-15. */
  eps?: number;
  /** Divide each probability row by its sum instead of rejecting rows that do not sum to 1. */
  renormalize?: boolean;
}

/** The keys of MeterOptions, for the unknown-key check. */
export const METER_KEYS = [
  'numClasses',
  'eps',
  'renormalize',
] as const satisfies readonly (keyof MeterOptions)[];

/** What `toJSON` writes: a tagged, versioned record of sums and counts. */
export interface MeterState {
  type: string;
  version: number;
  numClasses: number | null;
  eps: number;
  renormalize: boolean;
  [field: string]: unknown;
}

/**
 * The shared life cycle of the streaming meters: `update` reads a batch with the library's
 * functions and hands the per-row reductions to `accumulate`, which only adds to sums and counts.
 */
export abstract class Meter<Result> {
  /** The probability clip used by `update`. */
  readonly eps: number;
  /** Whether `update` renormalizes probability rows. */
  readonly renormalize: boolean;
  protected classes: number | undefined;

  constructor(options: MeterOptions, op: string, keys: readonly string[]) {
    checkOptionKeys(options, keys, op);
    this.eps = readNumber(options.eps, METER_EPS, op);
    this.renormalize = options.renormalize ?? false;
    if (options.numClasses !== undefined) {
      this.classes = readNumber(options.numClasses, METER_NUM_CLASSES, op);
    }
  }

  /** Number of classes, once known. */
  get numClasses(): number | undefined {
    return this.classes;
  }

  /** Adds one batch of predictions. Returns the meter, so calls chain. */
  update(batch: ClassificationBatch): this {
    const op = `${this.kind}.update`;
    this.accumulate(prepareBatch(batch, { eps: this.eps, renormalize: this.renormalize }, op));
    return this;
  }

  /** Adds a batch already reduced by `prepareBatch` (lets a composite meter read a batch once). */
  accumulate(batch: PreparedBatch): void {
    this.ensureClasses(batch.numClasses, `${this.kind}.update`);
    this.add(batch);
  }

  /** The version of this meter's JSON state; a meter whose state grew a field bumps it. */
  protected get stateVersion(): number {
    return 1;
  }

  /** The meter's class name, used in messages and in the JSON state's `type`. */
  protected abstract get kind(): string;
  protected abstract allocate(numClasses: number): void;
  protected abstract add(batch: PreparedBatch): void;
  abstract merge(other: this): this;
  abstract compute(): Result;
  abstract toJSON(): MeterState;

  protected ensureClasses(numClasses: number, op: string): void {
    if (this.classes === undefined) this.classes = numClasses;
    else if (this.classes !== numClasses) {
      throw new XentError(
        'SHAPE_MISMATCH',
        `this meter counts ${this.classes} classes but got ${numClasses}; use one meter per label set`,
        { op, argument: 'numClasses', expected: this.classes, actual: numClasses },
      );
    }
    this.allocate(numClasses);
  }

  /** Merging starts by agreeing on the class count (either side may still be empty). */
  protected prepareMerge(other: Meter<unknown>): void {
    if (!(other instanceof this.constructor)) {
      throw new XentError('INVALID_INPUT', `cannot merge a ${other.kind} into a ${this.kind}`, {
        op: `${this.kind}.merge`,
        argument: 'other',
      });
    }
    if (other.eps !== this.eps || other.renormalize !== this.renormalize) {
      throw new XentError(
        'INVALID_OPTION',
        `cannot merge a meter with eps ${other.eps}, renormalize ${other.renormalize} into one with eps ${this.eps}, renormalize ${this.renormalize}; evaluate every shard with the same options`,
        { op: `${this.kind}.merge`, argument: 'eps' },
      );
    }
    if (other.classes !== undefined) this.ensureClasses(other.classes, `${this.kind}.merge`);
  }

  protected stateHeader(): MeterState {
    return {
      type: this.kind,
      version: this.stateVersion,
      numClasses: this.classes ?? null,
      eps: this.eps,
      renormalize: this.renormalize,
    };
  }
}

/** Checks the tag and version of a JSON state and returns its options. */
export function readStateHeader(state: unknown, kind: string, version = 1): MeterOptions {
  const op = `${kind}.fromJSON`;
  const record = state as Partial<MeterState> | null;
  if (typeof record !== 'object' || record === null || record.type !== kind || record.version !== version) {
    throw new XentError(
      'INVALID_INPUT',
      `state is not a version-${version} ${kind} state (type ${formatValue(record?.type)}, version ${formatValue(record?.version)}); pass what this version's ${kind}.toJSON() wrote`,
      { op, argument: 'state' },
    );
  }
  if (typeof record.renormalize !== 'boolean') {
    throw stateError(op, 'renormalize', record.renormalize, 'must be true or false');
  }
  const options: MeterOptions = {
    eps: readNumber(record.eps ?? null, METER_EPS, op),
    renormalize: record.renormalize,
  };
  if (record.numClasses !== null) {
    options.numClasses = readNumber(record.numClasses, METER_NUM_CLASSES, op);
  }
  return options;
}

/** Per-entry counts that must add up to the rows (per-class rows, per-bin rows). */
export function checkCountsAddUp(counts: Float64Array, rows: number, op: string, field: string): void {
  let total = 0;
  for (const count of counts) total += count;
  if (total !== rows) throw stateError(op, field, `${total} in all`, `must add up to the rows (${rows})`);
}

/** Reads a non-negative integer count from a JSON state. */
export function readCount(value: unknown, op: string, field: string): number {
  return checkNumber(value, { op, option: field, min: 0, integer: true });
}

/** Reads an array of counts of a known length from a JSON state. */
export function readCounts(value: unknown, length: number, op: string, field: string): Float64Array {
  if (!Array.isArray(value) || value.length !== length) {
    throw new XentError('INVALID_INPUT', `${field} must be an array of ${length} counts`, {
      op,
      argument: field,
      expected: length,
    });
  }
  return Float64Array.from(value, (count, index) => readCount(count, op, `${field}[${index}]`));
}
