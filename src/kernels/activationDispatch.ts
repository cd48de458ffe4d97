// The fast path of softmax, logSoftmax and logSumExp: float32 input, the reduced axis the last
// (contiguous) one, temperature 1, big enough to pay for the call. Results match the reference
// path's conventions (src/activations.ts): ALL_MASKED for a softmax lane of only −Infinity,
// −Infinity for its logSumExp, float32 out for float32 in.
import { allMaskedError } from '../activations.js';
import { type AxisLayout, allocate, Tensor } from '../tensor.js';
import { logSoftmaxKernel, logSumExpKernel, softmaxKernel } from './activations.js';
import { kernelPolicy } from './policy.js';

function eligible(
  tensor: Tensor,
  layout: AxisLayout,
  inverseTemperature: number,
): tensor is Tensor & { data: Float32Array } {
  return (
    tensor.data instanceof Float32Array &&
    layout.inner === 1 &&
    inverseTemperature === 1 &&
    tensor.size >= kernelPolicy.minElements
  );
}

/** softmax or logSoftmax through the kernels, or undefined to use the reference path. */
export function softmaxFamilyKernel(
  which: 'softmax' | 'logSoftmax',
  tensor: Tensor,
  layout: AxisLayout,
  inverseTemperature: number,
  op: string,
): Tensor | undefined {
  if (!eligible(tensor, layout, inverseTemperature)) return undefined;
  const run = which === 'softmax' ? softmaxKernel : logSoftmaxKernel;
  const result = run(tensor.data, layout.outer, layout.length);
  if (result === undefined) return undefined;
  kernelPolicy.calls++;
  if (result.maskedRow >= 0) throw allMaskedError(op, 'x', result.maskedRow * layout.length, tensor.shape);
  return new Tensor(result.out, tensor.shape);
}

/** logSumExp over the last axis through the kernels (one value per lane), or undefined. */
export function logSumExpKernelLanes(
  tensor: Tensor,
  layout: AxisLayout,
  inverseTemperature: number,
): Float32Array | undefined {
  if (!eligible(tensor, layout, inverseTemperature)) return undefined;
  const values = logSumExpKernel(tensor.data, layout.outer, layout.length);
  if (values === undefined) return undefined;
  kernelPolicy.calls++;
  const out = allocate('float32', layout.outer) as Float32Array;
  out.set(values);
  return out;
}
