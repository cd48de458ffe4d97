import { checkNoNaN } from '../checks/values.js';
import { formatValue, XentError } from '../errors.js';
import { type BaseOption, logBaseDivisor, REDUCTION, type Reduction, readChoice } from '../options.js';
import {
  allocate,
  checkNotFreed,
  type FloatArray,
  formatShape,
  shapesEqual,
  sizeOf,
  Tensor,
  type TensorLike,
  toTensor,
} from '../tensor.js';

/**
 * The loss a reduction gives: per-element values (a Tensor, 0-d for a single sample) for 'none',
 * a number for every other reduction ('mean', 'sum', and the KL loss's 'batchmean').
 */
export type LossValue<R extends Reduction | 'batchmean' | undefined> = R extends 'none' ? Tensor : number;

export interface ReductionOption<R extends Reduction = Reduction> {
  /** How per-element losses combine: 'mean' (default), 'sum', or 'none' for per-element values. */
  reduction?: R;
}

/** The options every loss takes: its reduction and the logarithm's base (the loss's unit). */
export interface LossOptions<R extends Reduction = Reduction> extends ReductionOption<R>, BaseOption {}

/** The keys of LossOptions and GradOptions, for the unknown-key check. */
export const LOSS_KEYS = ['reduction', 'base'] as const satisfies readonly (keyof LossOptions)[];
export const GRAD_KEYS = ['out', 'gradOutput'] as const satisfies readonly (keyof GradOptions)[];

/** Reads a loss's reduction and base: the reduction checked, the base as its divisor ln(base). */
export function readLossOptions(options: LossOptions, op: string): { reduction: Reduction; logBase: number } {
  return { reduction: resolveReduction(options.reduction, op), logBase: logBaseDivisor(options.base, op) };
}

/** Options every `…WithGrad` function takes besides its loss options. */
export interface GradOptions {
  /**
   * Where to write the gradient: a Float32Array or Float64Array with the input's length. It may
   * be the input's own buffer, for an in-place gradient (the input is read before it is overwritten).
   */
  out?: FloatArray;
  /**
   * The upstream gradient d(objective)/d(loss): a number for 'mean' and 'sum' (default 1), or
   * per-element values with the loss's shape for 'none' (default all ones).
   */
  gradOutput?: TensorLike;
}

export interface LossWithGrad<L> {
  loss: L;
  grad: Tensor;
}

export function resolveReduction(reduction: unknown, op: string): Reduction {
  return readChoice(reduction, REDUCTION, op);
}

/** The caller's `out`, checked (a Float32Array or Float64Array of the input's size), or undefined. */
function checkOut(out: FloatArray | undefined, size: number, op: string): FloatArray | undefined {
  if (out === undefined) return undefined;
  if (!(out instanceof Float32Array || out instanceof Float64Array) || out.length !== size) {
    throw new XentError(
      'INVALID_OPTION',
      `out must be a Float32Array or Float64Array of length ${size} (the input's size), got ${describeBuffer(out)}`,
      { op, argument: 'out', expected: size },
    );
  }
  checkNotFreed(out, { op, argument: 'out' });
  return out;
}

/**
 * A gradient request read and checked once, before the path is chosen; nothing is allocated
 * until a path takes it (gradientBuffer).
 */
export interface GradientRequest {
  /** The caller's buffer, or undefined for a fresh one of the input's dtype. */
  out: FloatArray | undefined;
  /** The upstream gradient of loss element `element`. */
  upstream: (element: number) => number;
  /** Whether the caller passed gradOutput (else every upstream value is 1). */
  hasGradOutput: boolean;
}

/** What a gradient request is checked against: the loss's op, input, reduction and shape. */
export interface GradientTarget {
  op: string;
  input: Tensor;
  reduction: Reduction | 'batchmean';
  lossShape: readonly number[];
}

export function readGradientRequest(options: GradOptions, problem: GradientTarget): GradientRequest {
  const { op, input, reduction, lossShape } = problem;
  const out = checkOut(options.out, input.size, op);
  const upstream = resolveGradOutput(options.gradOutput, reduction, lossShape, op);
  return { out, upstream, hasGradOutput: options.gradOutput !== undefined };
}

/** The buffer the chosen path writes the gradient to: the caller's `out`, else a fresh one. */
export function gradientBuffer(request: GradientRequest, input: Tensor): FloatArray {
  return request.out ?? allocate(input.dtype, input.size);
}

function describeBuffer(value: unknown): string {
  if (ArrayBuffer.isView(value)) return `${value.constructor.name} of length ${(value as FloatArray).length}`;
  return formatValue(value);
}

/**
 * The upstream gradient, as a per-element reader: for 'mean' and 'sum' one number for every
 * element, for 'none' the values of a tensor with the loss's shape.
 */
function resolveGradOutput(
  gradOutput: TensorLike | undefined,
  reduction: Reduction | 'batchmean',
  lossShape: readonly number[],
  op: string,
): (element: number) => number {
  if (gradOutput === undefined) return () => 1;
  if (reduction !== 'none') {
    if (typeof gradOutput !== 'number' || Number.isNaN(gradOutput)) {
      throw new XentError(
        'INVALID_OPTION',
        `gradOutput must be a number when reduction is '${reduction}', got ${formatValue(gradOutput)}`,
        { op, argument: 'gradOutput', value: gradOutput },
      );
    }
    return () => gradOutput;
  }
  const upstream = toTensor(gradOutput, { op, argument: 'gradOutput' });
  if (!shapesEqual(upstream.shape, lossShape) && !(upstream.size === 1 && sizeOf(lossShape) === 1)) {
    throw new XentError(
      'SHAPE_MISMATCH',
      `gradOutput has shape ${formatShape(upstream.shape)} but the loss with reduction 'none' has shape ${formatShape(lossShape)}; pass one upstream value per loss element`,
      { op, argument: 'gradOutput', expected: lossShape, actual: upstream.shape },
    );
  }
  const data = upstream.data;
  return (element) => data[element];
}

/**
 * Reads a per-class weight vector (PyTorch's `weight`): length `classes`, no NaN. Negative and
 * zero weights are allowed, as in PyTorch.
 */
export function resolveClassWeight(
  weight: TensorLike | undefined,
  classes: number,
  op: string,
  argument = 'weight',
): FloatArray | undefined {
  if (weight === undefined) return undefined;
  const tensor = toTensor(weight, { op, argument });
  if (tensor.rank !== 1 || tensor.size !== classes) {
    throw new XentError(
      'SHAPE_MISMATCH',
      `${argument} has shape ${formatShape(tensor.shape)} but the input has ${classes} classes; pass one ${argument} per class, shape (${classes})`,
      { op, argument, expected: [classes], actual: tensor.shape },
    );
  }
  checkNoNaN(tensor.data, { op, argument, shape: tensor.shape });
  return tensor.data;
}

/**
 * Expands `source` to `shape` by NumPy broadcasting (trailing axes aligned, extent-1 axes
 * repeated). Returns the source's own buffer when no expansion is needed.
 */
export function broadcastTo(
  source: Tensor,
  shape: readonly number[],
  { op, argument }: { op: string; argument: string },
): FloatArray {
  if (shapesEqual(source.shape, shape)) return source.data;
  const offset = shape.length - source.rank;
  const compatible =
    offset >= 0 && source.shape.every((extent, axis) => extent === 1 || extent === shape[axis + offset]);
  if (!compatible) {
    throw new XentError(
      'SHAPE_MISMATCH',
      `${argument} has shape ${formatShape(source.shape)}, which does not broadcast to the input's shape ${formatShape(shape)}; use the input's shape or a shape whose trailing axes match it (or are 1)`,
      { op, argument, expected: shape, actual: source.shape },
    );
  }
  const size = sizeOf(shape);
  const out = allocate(source.dtype, size);
  const sourceStrides = new Array<number>(shape.length).fill(0);
  let stride = 1;
  for (let axis = source.rank - 1; axis >= 0; axis--) {
    if (source.shape[axis] !== 1) sourceStrides[axis + offset] = stride;
    stride *= source.shape[axis];
  }
  const index = new Array<number>(shape.length).fill(0);
  let sourcePosition = 0;
  for (let i = 0; i < size; i++) {
    out[i] = source.data[sourcePosition];
    // Advance the multi-index like an odometer, moving the source position by its strides.
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      index[axis]++;
      sourcePosition += sourceStrides[axis];
      if (index[axis] < shape[axis]) break;
      sourcePosition -= sourceStrides[axis] * shape[axis];
      index[axis] = 0;
    }
  }
  return out;
}

/**
 * Reduces per-element losses already written to `values`: the sum in float64, divided by
 * `denominator` for 'mean' and 'batchmean'. For 'none' the values are returned as a tensor of `shape`.
 */
export function reduceLoss(
  values: FloatArray,
  shape: readonly number[],
  reduction: Reduction | 'batchmean',
  denominator: number,
): number | Tensor {
  if (reduction === 'none') return new Tensor(values, shape);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return reduction === 'sum' ? sum : sum / denominator;
}

/** The per-element scale of a reduction's gradient: 1 for 'sum' and 'none', 1/denominator for 'mean'. */
export function reductionScale(reduction: Reduction, denominator: number): number {
  return reduction === 'mean' ? 1 / denominator : 1;
}
