// TF.js's losses, labels first as in tf.losses, computed by xent: the value and the gradient with
// respect to the logits from one fused pass. Options are xent's (PyTorch's meaning), checked the
// same way: an unknown key is refused, naming the key it most likely meant.
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import {
  binaryCrossEntropyWithLogits,
  binaryCrossEntropyWithLogitsWithGrad,
  crossEntropyLoss,
  crossEntropyLossWithGrad,
  type LabelsLike,
  type Reduction,
  type TensorLike,
  XentError,
} from '../index.js';
import { checkOptionKeys } from '../optionKeys.js';
import { tensorValues } from './backendMemory.js';
import { type LogitsView, xentLossOp } from './lossOp.js';

/** A TF.js tensor, or anything xent reads as one (arrays, typed arrays, `{ data, shape }`). */
export type TensorOrLike = Tensor | TensorLike;

/** What a loss returns: a tf.Scalar for 'mean' (the default) and 'sum', per-element values for 'none'. */
export type LossTensor<R extends Reduction> = R extends 'none' ? Tensor : Scalar;

export interface SparseSoftmaxCrossEntropyOptions<R extends Reduction = Reduction> {
  /** One weight per class (length C); 'mean' is then the weighted mean, as PyTorch's `weight`. */
  weight?: TensorOrLike;
  /** Labels equal to this are skipped: loss 0, no weight in the mean. Default −100. */
  ignoreIndex?: number;
  /** ε in [0, 1]: the target becomes (1 − ε)·onehot + ε/C (TF.js's and PyTorch's meaning). */
  labelSmoothing?: number;
  /** 'mean' over the rows (default; TF.js's SUM_BY_NONZERO_WEIGHTS), 'sum', or 'none' (one per row). */
  reduction?: R;
}

export interface SoftmaxCrossEntropyOptions<R extends Reduction = Reduction> {
  /** One weight per class (length C), as PyTorch's `weight`. */
  weight?: TensorOrLike;
  /** ε in [0, 1]: the target becomes (1 − ε)·target + ε/C. */
  labelSmoothing?: number;
  /** 'mean' over the rows (default), 'sum', or 'none' (one per row). */
  reduction?: R;
}

export interface SigmoidCrossEntropyOptions<R extends Reduction = Reduction> {
  /** A weight per element, broadcast to the logits (e.g. one per class), as PyTorch's `weight`. */
  weight?: TensorOrLike;
  /** The positive term's weight, one per class (PyTorch's `pos_weight`). */
  posWeight?: TensorOrLike;
  /** 'mean' over every element (default, as TF.js), 'sum', or 'none' (the logits' shape). */
  reduction?: R;
}

const SPARSE_KEYS = ['weight', 'ignoreIndex', 'labelSmoothing', 'reduction'] as const;
const SOFTMAX_KEYS = ['weight', 'labelSmoothing', 'reduction'] as const;
const SIGMOID_KEYS = ['weight', 'posWeight', 'reduction'] as const;

function isTfTensor(x: unknown): x is Tensor {
  // Duck-typed: tfjs-core loaded twice (its CommonJS and ES builds) makes two Tensor classes.
  return typeof x === 'object' && x !== null && 'dataId' in x && typeof (x as Tensor).dataSync === 'function';
}

/** A TF.js tensor as xent's `{ data, shape }`, read where it lives; anything else as it is. */
function toXent<T>(x: T | Tensor): T | { data: Float32Array | Int32Array | Uint8Array; shape: number[] } {
  return isTfTensor(x) ? { data: tensorValues(x), shape: x.shape } : x;
}

/** Options as xent takes them, TF.js tensors read as views; only the keys the caller set. */
function xentOptions(options: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(options).map(([key, value]) => [key, toXent(value)]));
}

function checkLogits(logits: unknown, op: string, rank?: number): Tensor {
  if (!isTfTensor(logits)) {
    throw new XentError(
      'INVALID_INPUT',
      "logits must be a tf.Tensor (its gradient is what the adapter gives); for arrays use xent's own losses",
      { op, argument: 'logits', value: logits },
    );
  }
  if (logits.dtype !== 'float32') {
    throw new XentError(
      'INVALID_INPUT',
      `logits have dtype ${logits.dtype}; cast them with tf.cast(logits, 'float32')`,
      {
        op,
        argument: 'logits',
        expected: 'float32',
        actual: logits.dtype,
      },
    );
  }
  if (rank !== undefined && logits.rank !== rank) {
    throw new XentError(
      'INVALID_SHAPE',
      `logits have shape [${logits.shape.join(', ')}]; pass [batch, classes] (reshape with tf.reshape(logits, [-1, classes]))`,
      { op, argument: 'logits', expected: `rank ${rank}`, actual: logits.shape },
    );
  }
  return logits;
}

/**
 * Both softmax losses: crossEntropyLoss of the logits against `target` (class indices or a
 * distribution per row, which crossEntropyLoss tells apart), its gradient from the fused pass.
 */
function softmaxLoss(
  op: string,
  target: TensorOrLike | LabelsLike,
  logits: Tensor,
  options: Record<string, unknown>,
) {
  checkLogits(logits, op, 2);
  return xentLossOp(logits, {
    op,
    loss: (x: LogitsView) => crossEntropyLoss(x, toXent(target), xentOptions(options)),
    lossWithGrad: (x: LogitsView, out: Float32Array) =>
      crossEntropyLossWithGrad(x, toXent(target), { ...xentOptions(options), out }).loss,
  });
}

/**
 * The softmax cross-entropy of logits `[N, C]` against class indices (`[N]`, an int32 tensor, an
 * array or an Int32Array): the form tf.losses lacks, with no one-hot tensor built.
 *
 * @example sparseSoftmaxCrossEntropy(tf.tensor1d([0], 'int32'), tf.tensor2d([[2, 0]])).arraySync() // 0.126928 (ln(1 + e⁻²))
 */
export function sparseSoftmaxCrossEntropy<R extends Reduction = 'mean'>(
  labels: Tensor | LabelsLike,
  logits: Tensor,
  options: SparseSoftmaxCrossEntropyOptions<R> = {},
): LossTensor<R> {
  const op = 'sparseSoftmaxCrossEntropy';
  checkOptionKeys(options, SPARSE_KEYS, op);
  return softmaxLoss(op, labels, logits, { ...options }) as LossTensor<R>;
}

/**
 * The softmax cross-entropy of logits `[N, C]` against one-hot labels or probabilities `[N, C]`,
 * as tf.losses.softmaxCrossEntropy (which it equals with default options).
 *
 * @example softmaxCrossEntropy(tf.tensor2d([[1, 0]]), tf.tensor2d([[2, 0]])).arraySync() // 0.126928
 */
export function softmaxCrossEntropy<R extends Reduction = 'mean'>(
  onehotOrProbabilities: TensorOrLike,
  logits: Tensor,
  options: SoftmaxCrossEntropyOptions<R> = {},
): LossTensor<R> {
  const op = 'softmaxCrossEntropy';
  checkOptionKeys(options, SOFTMAX_KEYS, op);
  return softmaxLoss(op, onehotOrProbabilities, logits, { ...options }) as LossTensor<R>;
}

/**
 * The sigmoid cross-entropy of logits against labels in [0, 1] of the same shape, elementwise, as
 * tf.losses.sigmoidCrossEntropy (which it equals with default options).
 *
 * @example sigmoidCrossEntropy(tf.tensor1d([1]), tf.tensor1d([0])).arraySync() // 0.693147 (ln 2)
 */
export function sigmoidCrossEntropy<R extends Reduction = 'mean'>(
  labels: TensorOrLike,
  logits: Tensor,
  options: SigmoidCrossEntropyOptions<R> = {},
): LossTensor<R> {
  const op = 'sigmoidCrossEntropy';
  checkOptionKeys(options, SIGMOID_KEYS, op);
  checkLogits(logits, op);
  return xentLossOp(logits, {
    op,
    loss: (x: LogitsView) =>
      binaryCrossEntropyWithLogits(x, toXent(labels) as TensorLike, xentOptions({ ...options })),
    lossWithGrad: (x: LogitsView, out: Float32Array) =>
      binaryCrossEntropyWithLogitsWithGrad(x, toXent(labels) as TensorLike, {
        ...xentOptions({ ...options }),
        out,
      }).loss,
  }) as LossTensor<R>;
}
