// The fast path of binaryCrossEntropyWithLogits(WithGrad): float32 logits and targets, big
// enough to pay for the call, with weight and posWeight that are one number or one per label
// (the last axis). The problem arrives validated (src/losses/binary.ts); this runs the WASM
// kernels and applies the reduction, gradOutput and out exactly as the reference path
// (computeLoss / computeLossWithGrad in src/losses/elementwise.ts) does.

import type { BinaryLogitsProblem } from '../losses/binary.js';
import type { GradOptions, LossWithGrad } from '../losses/common.js';
import { resolveGradOutput, resolveOut } from '../losses/common.js';
import type { BroadcastWeight } from '../losses/elementwise.js';
import { Tensor } from '../tensor.js';
import { binaryCrossEntropyWithLogitsKernel } from './binaryCrossEntropy.js';
import { kernelPolicy } from './policy.js';

interface Layout {
  x: Float32Array;
  t: Float32Array;
  rows: number;
  labels: number;
  weight: ArrayLike<number> | undefined;
  posWeight: ArrayLike<number> | undefined;
}

/** A weight as one value per label, or null when it varies along other axes (the kernel cannot take it). */
function perLabel(weight: BroadcastWeight | undefined, labels: number): ArrayLike<number> | undefined | null {
  if (weight === undefined) return undefined;
  if (weight.period === labels) return weight.data;
  if (weight.period === 1) return new Float32Array(labels).fill(weight.data[0]);
  return null;
}

function layout(problem: BinaryLogitsProblem): Layout | undefined {
  const { input, target } = problem;
  const x = input.data;
  const t = target.data;
  if (!(x instanceof Float32Array) || !(t instanceof Float32Array) || input.size < kernelPolicy.minElements) {
    return undefined;
  }
  const labels = input.rank === 0 ? 1 : input.shape[input.rank - 1];
  if (labels < 1 || input.size === 0) return undefined;
  const weight = perLabel(problem.weight, labels);
  const posWeight = perLabel(problem.posWeight, labels);
  if (weight === null || posWeight === null) return undefined;
  return { x, t, rows: input.size / labels, labels, weight, posWeight };
}

function reduce(problem: BinaryLogitsProblem, rowLoss: Float64Array): number {
  let total = 0;
  for (let r = 0; r < rowLoss.length; r++) total += rowLoss[r];
  return problem.reduction === 'mean' ? total / problem.divisor : total;
}

/** The loss through the kernels, or undefined to use the reference path. */
export function binaryLogitsLossKernel(problem: BinaryLogitsProblem): number | Tensor | undefined {
  const at = layout(problem);
  if (at === undefined) return undefined;
  const elements = problem.reduction === 'none' ? new Float32Array(problem.input.size) : undefined;
  const options = { weight: at.weight, posWeight: at.posWeight };
  const rowLoss = binaryCrossEntropyWithLogitsKernel(
    at.x,
    at.t,
    at.rows,
    at.labels,
    options,
    undefined,
    elements,
  );
  if (rowLoss === undefined) return undefined;
  kernelPolicy.calls++;
  return elements === undefined ? reduce(problem, rowLoss) : new Tensor(elements, problem.lossShape);
}

/** The loss and its gradient through the kernels, or undefined to use the reference path. */
export function binaryLogitsLossWithGradKernel(
  problem: BinaryLogitsProblem,
  options: GradOptions,
): LossWithGrad<number | Tensor> | undefined {
  const { input, op, reduction } = problem;
  // The same checks, in the same order, as the reference path, so both throw the same errors.
  const out = resolveOut(options.out, input.size, input.dtype, op);
  const upstream = resolveGradOutput(options.gradOutput, reduction, problem.lossShape, op);
  const at = layout(problem);
  if (at === undefined || !(out instanceof Float32Array)) return undefined;
  // 'none' needs each element's loss, which only the forward kernel writes: it runs first (it
  // reads the logits before an in-place gradient overwrites them).
  const loss = reduction === 'none' ? binaryLogitsLossKernel(problem) : undefined;
  let gradOutput: Float32Array | undefined;
  let scale = 1;
  if (reduction === 'none') {
    if (options.gradOutput !== undefined)
      gradOutput = Float32Array.from({ length: input.size }, (_, i) => upstream(i));
  } else {
    scale = upstream(0) / problem.divisor;
  }
  const kernelOptions = { weight: at.weight, posWeight: at.posWeight };
  const gradient = { out, scale, gradOutput };
  const rowLoss = binaryCrossEntropyWithLogitsKernel(at.x, at.t, at.rows, at.labels, kernelOptions, gradient);
  if (rowLoss === undefined) return undefined;
  kernelPolicy.calls++;
  return { loss: loss ?? reduce(problem, rowLoss), grad: new Tensor(out, input.shape) };
}
