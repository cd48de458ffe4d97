// The fast path of crossEntropyLoss(WithGrad): float32 logits whose class axis is contiguous
// ((N, C) or (C)), index or float32 probability targets, big enough to pay for the call. The
// problem arrives validated (src/losses/classProblem.ts); this runs the WASM kernels and applies
// sample weights, base and reduction exactly as the reference path (src/losses/classLoss.ts) does.
import { allMaskedError } from '../activations.js';
import type { ClassProblem } from '../losses/classProblem.js';
import { allocate, type FloatArray, Tensor } from '../tensor.js';
import { crossEntropyIndexKernel, crossEntropyProbabilityKernel, type RowLosses } from './crossEntropy.js';
import { kernelPolicy } from './policy.js';

export interface ClassLossResult {
  loss: number | Tensor;
  grad: Tensor | undefined;
}

/** The loss (and gradient into `grad`) through the kernels, or undefined to use the reference path. */
export function classLossKernel(
  problem: ClassProblem,
  grad: FloatArray | undefined,
  upstream: ((lane: number) => number) | undefined,
  scale: number,
  denominator: number,
): ClassLossResult | undefined {
  const { input, classes, lanes, target, weight, sampleWeight, logBase, reduction, op } = problem;
  const x = input.data;
  if (problem.kind !== 'logits' || problem.inner !== 1 || !(x instanceof Float32Array)) return undefined;
  if (input.size < kernelPolicy.minElements || (grad !== undefined && !(grad instanceof Float32Array))) {
    return undefined;
  }
  let rowScale: Float64Array | undefined;
  if (grad !== undefined && upstream !== undefined) {
    rowScale = new Float64Array(lanes);
    for (let lane = 0; lane < lanes; lane++) rowScale[lane] = upstream(lane) * (sampleWeight?.[lane] ?? 1);
  }
  const gradient = grad === undefined ? undefined : { out: grad as Float32Array, scale, rowScale };
  const options = { weight, labelSmoothing: problem.labelSmoothing };
  let result: RowLosses | undefined;
  if (target.kind === 'index') {
    const indexOptions = { ...options, ignoreIndex: target.ignoreIndex };
    result = crossEntropyIndexKernel(x, lanes, classes, target.data, indexOptions, gradient);
  } else if (target.data instanceof Float32Array) {
    result = crossEntropyProbabilityKernel(x, lanes, classes, target.data, options, gradient);
  }
  if (result === undefined) return undefined;
  kernelPolicy.calls++;
  if (result.maskedRow >= 0) throw allMaskedError(op, 'input', result.maskedRow * classes, input.shape);
  const perElement = reduction === 'none' ? allocate(input.dtype, lanes) : undefined;
  const { rowLoss } = result;
  let sum = 0;
  if (perElement === undefined && sampleWeight === undefined && logBase === 1) {
    // The usual call, and the same sum as below: (1 · loss) / 1 is loss.
    for (let lane = 0; lane < lanes; lane++) sum += rowLoss[lane];
  } else {
    for (let lane = 0; lane < lanes; lane++) {
      const element = ((sampleWeight?.[lane] ?? 1) * rowLoss[lane]) / logBase;
      sum += element;
      if (perElement) perElement[lane] = element;
    }
  }
  const loss = perElement
    ? new Tensor(perElement, problem.lossShape)
    : reduction === 'mean'
      ? sum / denominator
      : sum;
  return { loss, grad: grad && new Tensor(grad, input.shape) };
}
