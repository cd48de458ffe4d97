// The public API of xent. Everything a user can import is re-exported here and nowhere else.

export type { XentErrorCode, XentErrorDetails } from './errors.js';
export { XentError } from './errors.js';
export type { Reduction } from './options.js';
export type { DType, FloatArray, NestedArray, NumericArray, TensorLike, TensorView } from './tensor.js';
export { Tensor } from './tensor.js';
