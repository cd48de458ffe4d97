// Class-index arguments (a loss's target, a meter's or oneHot's labels) read as views. Besides
// every TensorLike they take int64 labels, what ONNX Runtime and exported PyTorch models give.
import { formatValue, XentError } from './errors.js';
import {
  type ArgumentContext,
  checkDataLength,
  checkNotFreed,
  checkShape,
  formatIndex,
  type Int64Array,
  isInt64Array,
  isTypedNumericArray,
  type TensorLike,
  type TensorView,
  tensorViewOf,
  toTensor,
} from './tensor.js';

/**
 * What an argument of class indices (a loss's target, a meter's labels, oneHot's labels) accepts:
 * any `TensorLike`, or int64 labels (bare, as `{ data, shape }`, or an ONNX Runtime int64 tensor), each a
 * safe integer.
 */
export type LabelsLike =
  | TensorLike
  | Int64Array
  | { readonly data: Int64Array; readonly shape: readonly number[] }
  | { readonly data: Int64Array; readonly dims: readonly number[] };

/** The largest int64 whose conversion to a number is exact: 2^53 − 1. */
const MAX_EXACT_INT64 = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * int64 labels as numbers, each checked to be exact (within ±(2^53 − 1)): a label beyond that is no
 * class index, and converting it would silently round it to a neighbouring value.
 */
function int64Labels(data: Int64Array, shape: readonly number[], context: ArgumentContext): TensorView {
  const out = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const value = data[i];
    if (value > MAX_EXACT_INT64 || value < -MAX_EXACT_INT64) {
      throw new XentError(
        'INDEX_OUT_OF_RANGE',
        `${context.argument}${formatIndex(i, shape)} = ${formatValue(value)} is beyond ±2^53, so it is no class index (and not exact as a number); pass class indices in [0, C)`,
        { ...context, index: i, value },
      );
    }
    out[i] = Number(value);
  }
  return { data: out, shape };
}

/** Reads a tensor of class indices. Any numeric array is accepted; values are checked by the caller. */
export function toIndexTensor(x: LabelsLike, context: ArgumentContext): TensorView {
  if (typeof x === 'number') return { data: [x], shape: [] };
  if (isInt64Array(x)) return int64Labels(x, [x.length], context);
  const view = tensorViewOf(x, context);
  if (view !== undefined && isInt64Array(view.data)) {
    const shape = checkShape(view.shape, context);
    checkDataLength(view.data.length, shape, context);
    return int64Labels(view.data, shape, context);
  }
  if (isTypedNumericArray(x)) {
    checkNotFreed(x, context);
    return { data: x, shape: [x.length] };
  }
  return toTensor(x as TensorLike, context);
}
