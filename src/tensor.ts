import { formatList, formatValue, XentError } from './errors.js';

/** A float buffer xent computes in. Float32 inputs stay float32 end to end. */
export type FloatArray = Float32Array | Float64Array;

/** Any array of numbers a caller may hand over: plain arrays and every typed array. */
export type NumericArray = ArrayLike<number>;

/** Nested plain arrays of numbers, `number[][]…`, row-major. */
export interface NestedArray extends ReadonlyArray<number | NestedArray> {}

/** A row-major buffer with an explicit shape. */
export interface TensorView {
  readonly data: NumericArray;
  readonly shape: readonly number[];
}

/**
 * A row-major buffer whose shape is called `dims`: an ONNX Runtime `Tensor` (on the CPU) as it
 * is. `data` is typed as loosely as ort.Tensor's, so one passes without a cast; what it holds is
 * checked when it is read (numbers, or int64 where class indices are expected).
 */
export interface DimsTensorView {
  readonly data: ArrayLike<unknown>;
  readonly dims: readonly number[];
  /** ONNX Runtime's element type ('float32', 'int64', …), where the object has one. */
  readonly type?: string;
  /** ONNX Runtime's data location: only 'cpu' and 'cpu-pinned' data can be read here. */
  readonly location?: string;
}

/**
 * What every xent function accepts as an array argument: a number (a scalar), a plain or nested
 * array, a typed array (read as 1-D), `{ data, shape }` with row-major data, or `{ data, dims }`
 * (an ONNX Runtime tensor).
 */
export type TensorLike = number | NestedArray | NumericArray | TensorView | DimsTensorView;

/** 64-bit integer arrays, as ONNX Runtime and exported PyTorch models give labels. */
export type Int64Array = BigInt64Array | BigUint64Array;

export type DType = 'float32' | 'float64';

/**
 * The array type xent returns: a flat row-major float buffer and its shape. It is itself a
 * `TensorLike`, so results feed straight back into any function.
 */
export class Tensor implements TensorView {
  readonly data: FloatArray;
  readonly shape: readonly number[];

  constructor(data: FloatArray, shape: readonly number[]) {
    this.data = data;
    this.shape = shape;
  }

  get dtype(): DType {
    return this.data instanceof Float32Array ? 'float32' : 'float64';
  }

  get size(): number {
    return this.data.length;
  }

  get rank(): number {
    return this.shape.length;
  }

  /** The values as nested plain arrays (a number for a 0-d tensor). */
  toArray(): number | NestedArray {
    if (this.shape.length === 0) return this.data[0];
    return nest(this.data, this.shape, 0, 0);
  }
}

function nest(data: FloatArray, shape: readonly number[], axis: number, offset: number): NestedArray {
  const length = shape[axis];
  if (axis === shape.length - 1) return Array.from(data.subarray(offset, offset + length));
  const stride = sizeOf(shape.slice(axis + 1));
  const rows: NestedArray[] = [];
  for (let i = 0; i < length; i++) rows.push(nest(data, shape, axis + 1, offset + i * stride));
  return rows;
}

/** Where an argument came from, for error messages. */
export interface ArgumentContext {
  op: string;
  argument: string;
}

export function sizeOf(shape: readonly number[]): number {
  let size = 1;
  for (const extent of shape) size *= extent;
  return size;
}

export function formatShape(shape: readonly number[]): string {
  return formatList(shape, { open: '(', close: ')' });
}

export function shapesEqual(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((extent, axis) => extent === b[axis]);
}

/** The multi-index of a flat row-major position, as `[i, j, …]`, for error messages. */
export function formatIndex(flat: number, shape: readonly number[]): string {
  if (shape.length <= 1) return `[${flat}]`;
  const index = new Array<number>(shape.length);
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    index[axis] = flat % shape[axis];
    flat = Math.floor(flat / shape[axis]);
  }
  return `[${index.join(', ')}]`;
}

/**
 * `{ data, shape }`, or `{ data, dims }` read as one, before their contents are checked; undefined
 * for anything else. An ONNX Runtime tensor whose data is not on the CPU, or whose element type
 * xent would misread (float16, stored as raw Uint16 bits), is refused here, naming the fix.
 */
export function tensorViewOf(
  x: unknown,
  context: ArgumentContext,
): { data: ArrayLike<unknown>; shape: unknown } | undefined {
  if (typeof x !== 'object' || x === null || !('data' in x)) return undefined;
  if ('shape' in x) return x as { data: ArrayLike<unknown>; shape: unknown };
  if (!('dims' in x)) return undefined;
  const { location, type } = x as DimsTensorView;
  if (location !== undefined && location !== 'cpu' && location !== 'cpu-pinned') {
    throw new XentError(
      'INVALID_INPUT',
      `${context.argument} is a tensor whose data is on '${location}', not the CPU; pass the tensor from \`await tensor.getData(true)\`, or { data: await tensor.getData(), dims: tensor.dims }`,
      { ...context, value: location },
    );
  }
  if (type === 'float16') {
    throw new XentError(
      'INVALID_INPUT',
      `${context.argument} is a float16 tensor, whose data holds raw 16-bit patterns, not numbers; convert it to float32 first (for example a Cast node to float in the model's output)`,
      { ...context, value: type },
    );
  }
  return { data: (x as DimsTensorView).data, shape: (x as DimsTensorView).dims };
}

function isFloatArray(x: unknown): x is FloatArray {
  return x instanceof Float32Array || x instanceof Float64Array;
}

export function isTypedNumericArray(x: unknown): x is NumericArray {
  return (
    ArrayBuffer.isView(x) &&
    !(x instanceof DataView) &&
    !(x instanceof BigInt64Array || x instanceof BigUint64Array)
  );
}

/** The shape of a nested array, read along its first elements; flattenNested checks the rest. */
function nestedShape(x: NestedArray, context: ArgumentContext): number[] {
  const shape: number[] = [];
  let level: unknown = x;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) return shape;
    level = level[0];
  }
  if (typeof level !== 'number') invalidElement(context, level);
  return shape;
}

function invalidElement(context: ArgumentContext, value: unknown): never {
  throw new XentError(
    'INVALID_INPUT',
    `${context.argument} holds ${formatValue(value)} (${typeof value}); pass numbers, nested arrays of numbers, a typed array or { data, shape }`,
    { ...context, value },
  );
}

function flattenNested(x: NestedArray, shape: readonly number[], context: ArgumentContext): Float64Array {
  const out = new Float64Array(sizeOf(shape));
  let position = 0;
  const walk = (level: NestedArray, axis: number, path: number[]): void => {
    if (level.length !== shape[axis]) {
      throw new XentError(
        'INVALID_INPUT',
        `${context.argument} is ragged: ${context.argument}[${path.join('][')}] has length ${level.length} where ${shape[axis]} was expected; every row must have the same length`,
        { ...context, expected: shape[axis], actual: level.length },
      );
    }
    for (let i = 0; i < level.length; i++) {
      const item = level[i];
      if (axis === shape.length - 1) {
        if (typeof item !== 'number') invalidElement(context, item);
        out[position++] = item as number;
      } else {
        if (!Array.isArray(item)) invalidElement(context, item);
        walk(item as NestedArray, axis + 1, [...path, i]);
      }
    }
  };
  walk(x, 0, []);
  return out;
}

// Arrays handed back to freeKernelArray. Their memory may already hold another array, so reading
// one would compute on someone else's numbers: every reader of float arrays refuses them.
const freedArrays = new WeakSet<object>();

/** Records that `array`'s memory was returned (by freeKernelArray). */
export function markFreed(array: ArrayBufferView): void {
  freedArrays.add(array);
}

export function isFreed(array: ArrayBufferView): boolean {
  return freedArrays.has(array);
}

/** Refuses an array whose memory was freed, naming the argument. */
export function checkNotFreed(array: object, context: ArgumentContext): void {
  if (!freedArrays.has(array)) return;
  throw new XentError(
    'INVALID_INPUT',
    `${context.argument} is an array already given to freeKernelArray, so its memory may hold another array now; allocate a new one with allocateKernelArray`,
    { ...context },
  );
}

/**
 * Reads any `TensorLike` as a float tensor. Float32Array and Float64Array buffers (bare or in
 * `{ data, shape }`) are used as they are, without a copy; everything else is copied once into a
 * Float64Array.
 */
export function toTensor(x: TensorLike, context: ArgumentContext): Tensor {
  if (x instanceof Tensor) {
    checkNotFreed(x.data, context);
    return x;
  }
  if (typeof x === 'number') return new Tensor(Float64Array.of(x), []);
  if (isFloatArray(x)) {
    checkNotFreed(x, context);
    return new Tensor(x, [x.length]);
  }
  if (isTypedNumericArray(x)) return new Tensor(Float64Array.from(x), [x.length]);
  const view = Array.isArray(x) ? undefined : tensorViewOf(x, context);
  if (isInt64Array(x) || (view !== undefined && isInt64Array(view.data))) {
    throw new XentError(
      'INVALID_INPUT',
      `${context.argument} holds int64 values, which xent reads only as class indices (a target or labels); pass a float array here`,
      { ...context },
    );
  }
  if (Array.isArray(x)) {
    const shape = nestedShape(x as NestedArray, context);
    return new Tensor(flattenNested(x as NestedArray, shape, context), shape);
  }
  if (view !== undefined) {
    const shape = checkShape(view.shape, context);
    checkDataLength(view.data.length, shape, context);
    if (isFloatArray(view.data)) checkNotFreed(view.data, context);
    else checkAllNumbers(view.data, context);
    const data = isFloatArray(view.data) ? view.data : Float64Array.from(view.data as ArrayLike<number>);
    return new Tensor(data, shape);
  }
  return invalidElement(context, x);
}

export function isInt64Array(x: unknown): x is Int64Array {
  return x instanceof BigInt64Array || x instanceof BigUint64Array;
}

export function checkDataLength(length: number, shape: readonly number[], context: ArgumentContext): void {
  if (length === sizeOf(shape)) return;
  throw new XentError(
    'INVALID_INPUT',
    `${context.argument}.data has ${length} elements but shape ${formatShape(shape)} needs ${sizeOf(shape)}`,
    { ...context, expected: sizeOf(shape), actual: length },
  );
}

export function checkShape(shape: unknown, context: ArgumentContext): number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new XentError(
      'INVALID_INPUT',
      `${context.argument}.shape is ${formatValue(shape)}; a shape is an array of non-negative integers`,
      { ...context, value: shape },
    );
  }
  return shape;
}

function checkAllNumbers(data: ArrayLike<unknown>, context: ArgumentContext): void {
  for (let i = 0; i < data.length; i++) if (typeof data[i] !== 'number') invalidElement(context, data[i]);
}

/** Allocates a result buffer of the given dtype. */
export function allocate(dtype: DType, size: number): FloatArray {
  return dtype === 'float32' ? new Float32Array(size) : new Float64Array(size);
}

/** Resolves a negative axis and checks it against the rank. */
export function normalizeAxis(axis: number, rank: number, op: string): number {
  const resolved = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(axis) || resolved < 0 || resolved >= rank) {
    throw new XentError(
      'INVALID_OPTION',
      `axis ${formatValue(axis)} is out of range for an input of rank ${rank}; use an integer in [${-rank}, ${rank - 1}]`,
      { op, argument: 'axis', value: axis },
    );
  }
  return resolved;
}

/**
 * The loop bounds of a reduction over one axis of a row-major shape: `outer` blocks, the `length`
 * of the axis, and the `inner` stride between consecutive elements along it.
 */
export interface AxisLayout {
  outer: number;
  length: number;
  inner: number;
}

export function axisLayout(shape: readonly number[], axis: number): AxisLayout {
  return {
    outer: sizeOf(shape.slice(0, axis)),
    length: shape[axis],
    inner: sizeOf(shape.slice(axis + 1)),
  };
}

/** The shape with one axis removed. */
export function withoutAxis(shape: readonly number[], axis: number): number[] {
  return shape.filter((_, i) => i !== axis);
}
