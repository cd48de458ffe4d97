// The fast path of softmax, logSoftmax and logSumExp: float32 input, the reduced axis the last
// (contiguous) one, temperature 1, big enough to pay for the call. Results match the reference
// path's conventions (src/activations.ts): ALL_MASKED for a softmax lane of only −Infinity,
// −Infinity for its logSumExp, float32 out for float32 in.
import { logSoftmaxKernel, logSumExpKernel, softmaxKernel } from '../kernels/activations.js';
import { allMaskedError } from '../math/logSumExp.js';
import { type AxisLayout, Tensor } from '../tensor.js';
import { kernelsTake } from './policy.js';

/** What the softmax family reads: the input, the lanes along the axis, and 1 / temperature. */
export interface SoftmaxProblem {
  op: string;
  tensor: Tensor;
  layout: AxisLayout;
  inverseTemperature: number;
}

function eligible(problem: SoftmaxProblem): problem is SoftmaxProblem & { tensor: { data: Float32Array } } {
  const { tensor, layout, inverseTemperature } = problem;
  return (
    tensor.data instanceof Float32Array &&
    layout.inner === 1 &&
    inverseTemperature === 1 &&
    kernelsTake(tensor.size)
  );
}

/** softmax or logSoftmax through the kernels, or undefined where they do not take the problem. */
export function softmaxFamilyFast(
  which: 'softmax' | 'logSoftmax',
  problem: SoftmaxProblem,
): Tensor | undefined {
  if (!eligible(problem)) return undefined;
  const { tensor, layout, op } = problem;
  const run = which === 'softmax' ? softmaxKernel : logSoftmaxKernel;
  const result = run(tensor.data, layout.outer, layout.length);
  if (result === undefined) return undefined;
  if (result.maskedRow >= 0) throw allMaskedError(op, 'x', result.maskedRow * layout.length, tensor.shape);
  return new Tensor(result.out, tensor.shape);
}

/** logSumExp of every lane through the kernels (float32, one value per lane), or undefined. */
export function logSumExpFast(problem: SoftmaxProblem): Float32Array | undefined {
  if (!eligible(problem)) return undefined;
  const { tensor, layout } = problem;
  const values = logSumExpKernel(tensor.data, layout.outer, layout.length);
  return values && Float32Array.from(values);
}
