// The golden suite: every case in test/fixtures/*.json (written by scripts/generate_fixtures.py from
// PyTorch, SciPy and scikit-learn) run against one backend, element by element. A backend is any
// object holding xent's functions by name, so a second kernel path runs the same fixtures with
// `runGoldenSuite('wasm', wasmApi)`.
import { readFileSync } from 'node:fs';
import { describe, it } from 'vitest';

/** NaN and ±Infinity travel through JSON as these strings. */
type Encoded = number | 'NaN' | 'Infinity' | '-Infinity';
interface NestedEncoded extends ReadonlyArray<Encoded | NestedEncoded> {}
type Values = Encoded | NestedEncoded;
type FloatDType = 'float32' | 'float64';

/** A tensor argument as the generator writes it. */
export interface TensorArgument {
  dtype: FloatDType | 'int';
  shape: number[];
  values: Values;
}

/** An expected tensor; its dtype is the case's dtype. */
export interface ExpectedTensor {
  shape: number[];
  values: Values;
}

type Expected = Encoded | ExpectedTensor;

export interface GoldenCase {
  id: string;
  fn: string;
  /** The dtype of the float inputs, and so of every per-element output. */
  dtype: FloatDType;
  args: (Encoded | TensorArgument)[];
  options: Record<string, unknown>;
  /** Extra options for the `…WithGrad` call only (`gradOutput` with reduction 'none'). */
  gradOptions?: Record<string, unknown>;
  /** Where xent deliberately differs from torch (docs/FIXTURES.md). */
  note?: string;
  /** A second reference the generator checked this case against. */
  crossCheck?: string;
  /** torch's own float32 answer, for reading only: the float64 reference is what we compare with. */
  torchFloat32?: unknown;
  /** `value` for plain functions; `loss` and `grad` for losses. */
  expected: { value?: Expected; loss?: Expected; grad?: ExpectedTensor };
}

export interface GoldenFile {
  meta: Record<string, unknown>;
  cases: GoldenCase[];
}

/** xent's functions by name, e.g. the namespace of `src/index.ts` or a second backend. */
export type GoldenApi = Readonly<Record<string, unknown>>;

export const FAMILIES = [
  'cross-entropy',
  'binary',
  'other-losses',
  'info',
  'activations',
  'targets',
  'poisson',
] as const;
export type Family = (typeof FAMILIES)[number];

export interface Tolerance {
  relative: number;
  absolute: number;
}

/**
 * float64 results must match to rounding; float32 results are held to the float64 reference
 * computed from the same float32-rounded inputs, which is stricter than torch's own float32 answer.
 */
export type Tolerances = Readonly<Record<FloatDType, Tolerance>>;

export const TOLERANCES: Tolerances = {
  float64: { relative: 1e-9, absolute: 1e-12 },
  float32: { relative: 1e-5, absolute: 1e-6 },
};

export function loadFixture(family: Family): GoldenFile {
  const url = new URL(`../fixtures/${family}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as GoldenFile;
}

export function decodeNumber(value: Encoded): number {
  if (value === 'NaN') return Number.NaN;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  return value;
}

export function flatValues(values: Values): number[] {
  if (!Array.isArray(values)) return [decodeNumber(values as Encoded)];
  return (values as NestedEncoded).flatMap((v) => flatValues(v));
}

function isTensorArgument(x: unknown): x is TensorArgument {
  return typeof x === 'object' && x !== null && 'dtype' in x && 'shape' in x && 'values' in x;
}

function nested(values: Values): unknown {
  return Array.isArray(values) ? (values as NestedEncoded).map(nested) : decodeNumber(values as Encoded);
}

/**
 * Builds one argument the way a caller would: a number for a 0-d tensor, a bare typed array for
 * 1-D, `{ data, shape }` otherwise. Every third case passes float64 and index data as plain
 * (nested) arrays instead, so that input path is held to the same numbers.
 */
export function buildArgument(arg: unknown, plain = false): unknown {
  if (!isTensorArgument(arg)) {
    if (typeof arg === 'number' || typeof arg === 'string') return decodeNumber(arg as Encoded);
    if (typeof arg === 'object' && arg !== null && !Array.isArray(arg)) return buildOptions(arg, plain);
    return arg;
  }
  const flat = flatValues(arg.values);
  if (arg.shape.length === 0) return flat[0];
  if (plain && arg.dtype !== 'float32') return nested(arg.values);
  const data =
    arg.dtype === 'float32'
      ? Float32Array.from(flat)
      : arg.dtype === 'float64'
        ? Float64Array.from(flat)
        : Int32Array.from(flat);
  return arg.shape.length === 1 ? data : { data, shape: arg.shape };
}

function buildOptions(options: object, plain: boolean): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(options).map(([key, value]) => [key, buildArgument(value, plain)]),
  );
}

function usesPlainArrays(goldenCase: GoldenCase): boolean {
  return Number(goldenCase.id.slice(goldenCase.id.lastIndexOf('-') + 1)) % 3 === 2;
}

/** One-line description of a call, for test names and failure messages. */
export function describeCall(goldenCase: GoldenCase, fn = goldenCase.fn): string {
  const args = goldenCase.args.map((arg) =>
    isTensorArgument(arg) ? `${arg.dtype}[${arg.shape.join(',')}]` : String(arg),
  );
  const options = Object.entries(goldenCase.options).map(([key, value]) =>
    isTensorArgument(value)
      ? `${key}: ${value.dtype}[${value.shape.join(',')}]`
      : `${key}: ${JSON.stringify(value)}`,
  );
  if (options.length > 0) args.push(`{ ${options.join(', ')} }`);
  return `${fn}(${args.join(', ')})`;
}

function within(actual: number, expected: number, tolerance: Tolerance): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  const bound = tolerance.relative * Math.abs(expected) + tolerance.absolute;
  return Number.isFinite(actual) && Math.abs(actual - expected) <= bound;
}

interface Actual {
  data: ArrayLike<number>;
  shape: readonly number[];
}

/** Reads a result as data + shape; a plain number is a 0-d result. */
function asActual(result: unknown, what: string): Actual {
  if (typeof result === 'number') return { data: [result], shape: [] };
  if (typeof result === 'object' && result !== null && 'data' in result && 'shape' in result) {
    return result as Actual;
  }
  throw new Error(`${what}: expected a number or a Tensor, got ${String(result)}`);
}

/**
 * Compares one result with its expected value, element by element, and throws a message naming the
 * case, the call, the first mismatching elements, their values, the differences and the tolerance.
 */
export function compareResult(
  goldenCase: GoldenCase,
  label: string,
  result: unknown,
  expected: Expected,
  tolerances: Tolerances = TOLERANCES,
): void {
  const where = `[${goldenCase.id}] ${label} of ${describeCall(goldenCase)}`;
  const tolerance = tolerances[goldenCase.dtype];
  const expectedShape = typeof expected === 'object' ? expected.shape : null;
  const expectedValues = flatValues(typeof expected === 'object' ? expected.values : expected);
  const actual = asActual(result, where);
  if (expectedShape === null && typeof result !== 'number') {
    throw new Error(`${where}: expected a number, got a result of shape [${actual.shape.join(', ')}]`);
  }
  if (expectedShape !== null && !(expectedShape.length === 0 && typeof result === 'number')) {
    if (actual.shape.length !== expectedShape.length || actual.shape.some((d, i) => d !== expectedShape[i])) {
      throw new Error(`${where}: shape [${actual.shape.join(', ')}], expected [${expectedShape.join(', ')}]`);
    }
    const isFloat32 = actual.data instanceof Float32Array;
    if (isFloat32 !== (goldenCase.dtype === 'float32')) {
      throw new Error(
        `${where}: ${goldenCase.dtype} input gave a ${isFloat32 ? 'float32' : 'non-float32'} result`,
      );
    }
  }
  const failures: string[] = [];
  for (let i = 0; i < expectedValues.length; i++) {
    const value = actual.data[i];
    const want = expectedValues[i];
    if (within(value, want, tolerance)) continue;
    const bound = tolerance.relative * Math.abs(want) + tolerance.absolute;
    failures.push(
      `  element ${i}: value ${value}, expected ${want}, difference ${Math.abs(value - want)}, tolerance ${bound}`,
    );
  }
  if (failures.length === 0) return;
  const shown = failures.slice(0, 8).join('\n');
  const more = failures.length > 8 ? `\n  … ${failures.length - 8} more` : '';
  const note = goldenCase.note ? `\n  note: ${goldenCase.note}` : '';
  throw new Error(
    `${where}: ${failures.length} of ${expectedValues.length} elements differ ` +
      `(${goldenCase.dtype}: ${tolerance.relative} relative + ${tolerance.absolute} absolute)\n${shown}${more}${note}`,
  );
}

function lookup(api: GoldenApi, backend: string, name: string): (...args: unknown[]) => unknown {
  const fn = api[name];
  if (typeof fn !== 'function') throw new Error(`backend '${backend}' has no function ${name}`);
  return fn as (...args: unknown[]) => unknown;
}

/**
 * A case as the current API takes it. Fixtures generated before 0.2 record the 0.1 call (see
 * CHANGELOG.md): multiLabelCrossEntropy's `labels` option (now `labelReduction`) and oneHot's
 * positional numClasses (now an option). The generators write the 0.2 form.
 */
export function currentCall(goldenCase: GoldenCase): Pick<GoldenCase, 'args' | 'options'> {
  const { fn, args, options } = goldenCase;
  if (fn === 'multiLabelCrossEntropy' && 'labels' in options) {
    const { labels, ...rest } = options;
    return { args, options: { ...rest, labelReduction: labels } };
  }
  if (fn === 'oneHot' && args.length === 2)
    return { args: [args[0]], options: { ...options, numClasses: args[1] } };
  return { args, options };
}

/** Fresh arguments for every call: a backend may write a gradient into its input when asked. */
function callArguments(goldenCase: GoldenCase, extraOptions: Record<string, unknown> = {}): unknown[] {
  const plain = usesPlainArrays(goldenCase);
  const { args, options } = currentCall(goldenCase);
  return [
    ...args.map((arg) => buildArgument(arg, plain)),
    buildOptions({ ...options, ...extraOptions }, plain),
  ];
}

export interface GoldenSuiteOptions {
  /** Which fixture files to run (default: all). */
  families?: readonly Family[];
  /** A backend with a stated, looser error bound (a polynomial exp, say) passes its own. */
  tolerances?: Tolerances;
}

export function runGoldenCase(
  goldenCase: GoldenCase,
  api: GoldenApi,
  backend: string,
  tolerances: Tolerances = TOLERANCES,
): void {
  const fn = lookup(api, backend, goldenCase.fn);
  const result = fn(...callArguments(goldenCase));
  const { value, loss } = goldenCase.expected;
  const label = value === undefined ? 'loss' : 'value';
  compareResult(goldenCase, label, result, (value ?? loss) as Expected, tolerances);
}

export function runGoldenGradientCase(
  goldenCase: GoldenCase,
  api: GoldenApi,
  backend: string,
  tolerances: Tolerances = TOLERANCES,
): void {
  const fn = lookup(api, backend, `${goldenCase.fn}WithGrad`);
  const result = fn(...callArguments(goldenCase, goldenCase.gradOptions)) as { loss: unknown; grad: unknown };
  compareResult(goldenCase, 'WithGrad loss', result.loss, goldenCase.expected.loss as Expected, tolerances);
  compareResult(
    goldenCase,
    'WithGrad grad',
    result.grad,
    goldenCase.expected.grad as ExpectedTensor,
    tolerances,
  );
}

/**
 * Registers one test per case (and one more per loss case for its `…WithGrad` twin) of each family,
 * run against `api`. Call it at the top level of a vitest file.
 */
export function runGoldenSuite(backend: string, api: GoldenApi, options: GoldenSuiteOptions = {}): void {
  const { families = FAMILIES, tolerances = TOLERANCES } = options;
  for (const family of families) {
    const { cases } = loadFixture(family);
    describe(`golden ${family} (${backend})`, () => {
      for (const goldenCase of cases) {
        it(`${describeCall(goldenCase)} ${goldenCase.id}`, () =>
          runGoldenCase(goldenCase, api, backend, tolerances));
        if (goldenCase.expected.grad === undefined) continue;
        it(`${describeCall(goldenCase, `${goldenCase.fn}WithGrad`)} ${goldenCase.id}`, () =>
          runGoldenGradientCase(goldenCase, api, backend));
      }
    });
  }
}
