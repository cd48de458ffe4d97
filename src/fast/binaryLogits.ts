// The fast path of binaryCrossEntropyWithLogits(WithGrad): float32 logits and targets, big
// enough to pay for the call, with weight and posWeight that are one number or one per label
// (the last axis). The problem arrives validated (src/losses/binary.ts); the reduction is the
// reference path's own (reduceLoss), and gradOutput and out are those the request checked.
import { binaryCrossEntropyWithLogitsKernel } from '../kernels/binaryCrossEntropy.js';
import { type GradientRequest, type LossWithGrad, reduceLoss } from '../losses/common.js';
import type { BinaryLogitsProblem, BroadcastWeight } from '../losses/elementwise.js';
import { Tensor } from '../tensor.js';
import { kernelsTake } from './policy.js';

interface Layout {
  x: Float32Array;
  t: Float32Array;
  rows: number;
  labels: number;
  weights: { weight: ArrayLike<number> | undefined; posWeight: ArrayLike<number> | undefined };
}

/** A weight as one value per label, or null when it varies along other axes (the kernel cannot take it). */
function perLabel(weight: BroadcastWeight | undefined, labels: number): ArrayLike<number> | undefined | null {
  if (weight === undefined) return undefined;
  if (weight.period === labels) return weight.data;
  if (weight.period === 1) return new Float32Array(labels).fill(weight.data[0]);
  return null;
}

/** The arrays the kernel reads, or undefined where the kernels do not take the problem. */
function layout(problem: BinaryLogitsProblem, gradient: GradientRequest | undefined): Layout | undefined {
  const { input, target } = problem;
  const x = input.data;
  const t = target.data;
  if (!(x instanceof Float32Array) || !(t instanceof Float32Array) || input.size === 0) return undefined;
  // The kernels work in nats; a loss in another base (rare) takes the reference path.
  if (problem.logBase !== 1) return undefined;
  if (gradient?.out !== undefined && !(gradient.out instanceof Float32Array)) return undefined;
  if (!kernelsTake(input.size)) return undefined;
  const labels = input.rank === 0 ? 1 : input.shape[input.rank - 1];
  const weight = perLabel(problem.weight, labels);
  const posWeight = perLabel(problem.posWeight, labels);
  if (weight === null || posWeight === null) return undefined;
  return { x, t, rows: input.size / labels, labels, weights: { weight, posWeight } };
}

function run(problem: BinaryLogitsProblem, at: Layout): number | Tensor | undefined {
  const { reduction, input, lossShape, divisor } = problem;
  const elements = reduction === 'none' ? new Float32Array(input.size) : undefined;
  const kernel = binaryCrossEntropyWithLogitsKernel;
  const rowLoss = kernel(at.x, at.t, at.rows, at.labels, at.weights, undefined, elements);
  if (rowLoss === undefined) return undefined;
  return elements === undefined
    ? reduceLoss(rowLoss, lossShape, reduction, divisor)
    : new Tensor(elements, lossShape);
}

/** The loss through the kernels, or undefined where they do not take the problem. */
export function binaryLogitsLossFast(problem: BinaryLogitsProblem): number | Tensor | undefined {
  const at = layout(problem, undefined);
  return at && run(problem, at);
}

/** The loss and its gradient through the kernels, or undefined where they do not take the problem. */
export function binaryLogitsLossWithGradFast(
  problem: BinaryLogitsProblem,
  gradient: GradientRequest,
): LossWithGrad<number | Tensor> | undefined {
  const at = layout(problem, gradient);
  if (at === undefined) return undefined;
  const { input, reduction, lossShape, divisor } = problem;
  // 'none' needs each element's loss, which only the forward kernel writes: it runs first (it
  // reads the logits before an in-place gradient overwrites them).
  const elementLoss = reduction === 'none' ? run(problem, at) : undefined;
  if (reduction === 'none' && elementLoss === undefined) return undefined;
  let gradOutput: Float32Array | undefined;
  let scale = 1;
  if (reduction !== 'none') scale = gradient.upstream(0) / divisor;
  else if (gradient.hasGradOutput)
    gradOutput = Float32Array.from({ length: input.size }, (_, i) => gradient.upstream(i));
  const out = (gradient.out as Float32Array | undefined) ?? new Float32Array(input.size);
  const rowLoss = binaryCrossEntropyWithLogitsKernel(at.x, at.t, at.rows, at.labels, at.weights, {
    out,
    scale,
    gradOutput,
  });
  if (rowLoss === undefined) return undefined;
  const loss = elementLoss ?? reduceLoss(rowLoss, lossShape, reduction, divisor);
  return { loss, grad: new Tensor(out, input.shape) };
}
