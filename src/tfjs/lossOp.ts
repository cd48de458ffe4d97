// One TF.js op whose value and gradient come from one call of xent's fused loss-and-gradient
// kernels. The forward writes the gradient into a Float32Array that the backward closes over:
// customGrad runs the forward in a tidy, so a gradient tensor made there would be disposed unless
// save()d, and saving clones it (a full copy on the wasm backend). An array holds no TF.js memory,
// so a forward whose backward never runs leaks nothing. The backward applies the upstream
// gradient dy to the array (nothing to do when it is 1, the usual case; never a tf.mul over the
// whole gradient) and makes it a tensor: on cpu that tensor keeps the array itself, no copy; on
// wasm the backend copies it into its heap, and the array goes back to a pool (gradientPool.ts).
import { customGrad, engine, type GradSaveFunc, scalar, type Tensor, tensor } from '@tensorflow/tfjs-core';
import type { Tensor as XentTensor } from '../index.js';
import { asAdapterError } from './adapterError.js';
import { backendCopiesValues, tensorValues } from './backendMemory.js';
import { type LentGradient, lendGradient } from './gradientPool.js';

/** Logits as xent reads them: the tensor's values, where they are, with its shape. */
export interface LogitsView {
  data: Float32Array;
  shape: number[];
}

/** What a loss asks of xent: the loss alone, or the loss with its gradient written into `out`. */
export interface XentLossCall {
  op: string;
  loss(logits: LogitsView): number | XentTensor;
  lossWithGrad(logits: LogitsView, out: Float32Array): number | XentTensor;
}

/** Whether TF.js is recording for a gradient now (inside tf.grad, variableGrads, minimize, fit). */
function recordingGradients(): boolean {
  const current = engine() as unknown as { isTapeOn?: () => boolean };
  return current.isTapeOn?.() ?? true;
}

function logitsView(x: Tensor): LogitsView {
  return { data: tensorValues(x) as Float32Array, shape: x.shape };
}

function lossTensor(loss: number | XentTensor): Tensor {
  if (typeof loss === 'number') return scalar(loss);
  return tensor(Float32Array.from(loss.data), [...loss.shape], 'float32');
}

function calling<T>(op: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw asAdapterError(error, op);
  }
}

/**
 * Scales `gradient` in place by the upstream gradient: one number for a scalar loss, else one
 * value per loss element, each covering `gradient.length / upstream.length` consecutive entries
 * (a row of C for the softmax losses, one entry for the sigmoid loss).
 */
function applyUpstream(gradient: Float32Array, upstream: ArrayLike<number>): void {
  const span = gradient.length / upstream.length;
  for (let element = 0, start = 0; element < upstream.length; element++, start += span) {
    const scale = upstream[element];
    if (scale === 1) continue;
    for (let i = start; i < start + span; i++) gradient[i] *= scale;
  }
}

/**
 * The loss of `logits` as a TF.js tensor: a scalar for 'mean' and 'sum', per-element values for
 * 'none'. Under a gradient tape its gradient with respect to `logits` is xent's.
 */
export function xentLossOp(logits: Tensor, call: XentLossCall): Tensor {
  if (!recordingGradients()) return lossTensor(calling(call.op, () => call.loss(logitsView(logits))));
  const forward = (x: Tensor, _save: GradSaveFunc) => {
    const loan: LentGradient | undefined = backendCopiesValues() ? lendGradient(x.size) : undefined;
    const gradient = loan?.array ?? new Float32Array(x.size);
    const loss = calling(call.op, () => call.lossWithGrad(logitsView(x), gradient));
    return {
      value: lossTensor(loss),
      gradFunc: (dy: Tensor) => {
        applyUpstream(gradient, tensorValues(dy));
        const made = tensor(gradient, x.shape, 'float32');
        loan?.giveBack();
        return made;
      },
    };
  };
  return customGrad(forward as Parameters<typeof customGrad>[0])(logits);
}
