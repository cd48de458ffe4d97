import { formatValue, XentError } from '../errors.js';

/**
 * A fixed number of running float64 sums, each kept as a (sum, compensation) pair with
 * Neumaier's variant of Kahan summation.
 *
 * Why: a meter's state is nothing but sums, and shards are merged by adding sums. A plain running
 * sum loses low bits in an order-dependent way, so shard-then-merge and one pass over the
 * concatenated rows would disagree in the last digits. With the compensation carried along (and
 * merged as two more addends) both orders stay within an ulp or so of the exact sum.
 *
 * Special cases: once a sum becomes ±Infinity or NaN the compensation is no longer meaningful and
 * the sum is kept as it is (Infinity + finite = Infinity, never NaN).
 */
export class CompensatedSums {
  /** Interleaved `[sum0, compensation0, sum1, compensation1, …]`. */
  readonly parts: Float64Array;

  constructor(length: number) {
    this.parts = new Float64Array(2 * length);
  }

  get length(): number {
    return this.parts.length / 2;
  }

  add(index: number, x: number): void {
    addPart(this.parts, 2 * index, x);
  }

  /** The compensated value of one sum. */
  value(index: number): number {
    const sum = this.parts[2 * index];
    return Number.isFinite(sum) ? sum + this.parts[2 * index + 1] : sum;
  }

  values(): number[] {
    return Array.from({ length: this.length }, (_, index) => this.value(index));
  }

  /** Adds another set of sums, part by part, so no bits of either side are dropped. */
  merge(other: CompensatedSums): void {
    if (other.length !== this.length) {
      throw new XentError('SHAPE_MISMATCH', `cannot merge ${other.length} sums into ${this.length}`, {
        op: 'merge',
        argument: 'other',
        expected: this.length,
        actual: other.length,
      });
    }
    for (let index = 0; index < this.length; index++) {
      this.add(index, other.parts[2 * index]);
      this.add(index, other.parts[2 * index + 1]);
    }
  }

  /** The raw parts, with non-finite numbers spelled as strings so the JSON stays valid. */
  toJSON(): (number | string)[] {
    return Array.from(this.parts, encodeNumber);
  }

  static fromJSON(parts: unknown, length: number, op: string, argument: string): CompensatedSums {
    if (!Array.isArray(parts) || parts.length !== 2 * length) {
      throw new XentError(
        'INVALID_INPUT',
        `${argument} must be an array of ${2 * length} numbers (sum and compensation pairs); got ${describe(parts)}`,
        { op, argument, expected: 2 * length },
      );
    }
    const sums = new CompensatedSums(length);
    parts.forEach((part, index) => {
      sums.parts[index] = decodeNumber(part, op, `${argument}[${index}]`);
    });
    return sums;
  }
}

/**
 * Adds x to the (sum, compensation) pair at parts[at], parts[at + 1]: `CompensatedSums.add` for a
 * meter's per-row loop, which holds `parts` in a local and computes `at` itself (no method call,
 * no property load per row).
 */
export function addPart(parts: Float64Array, at: number, x: number): void {
  const sum = parts[at];
  const total = sum + x;
  if (Number.isFinite(total)) {
    parts[at + 1] += Math.abs(sum) >= Math.abs(x) ? sum - total + x : x - total + sum;
  }
  parts[at] = total;
}

/** Encodes a number for JSON: NaN and ±Infinity as the strings "NaN", "Infinity", "-Infinity". */
export function encodeNumber(x: number): number | string {
  return Number.isFinite(x) ? x : String(x);
}

export function decodeNumber(x: unknown, op: string, argument: string): number {
  if (typeof x === 'number') return x;
  if (x === 'NaN') return Number.NaN;
  if (x === 'Infinity') return Infinity;
  if (x === '-Infinity') return -Infinity;
  throw new XentError('INVALID_INPUT', `${argument} is ${describe(x)}; expected a number`, {
    op,
    argument,
    value: x,
  });
}

function describe(x: unknown): string {
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  return formatValue(x);
}
