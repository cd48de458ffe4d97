// The fast path of crossEntropyLoss(WithGrad): float32 logits whose class axis is contiguous
// ((N, C) or (C)), index or float32 probability targets, big enough to pay for the call. The
// problem arrives validated (src/losses/classProblem.ts); the kernels give each lane's loss, and
// the reduction is the reference path's own (src/losses/classReduction.ts).
import { crossEntropyIndexKernel, crossEntropyProbabilityKernel } from '../kernels/crossEntropy.js';
import type { ClassLossResult, ClassProblem } from '../losses/classProblem.js';
import { classGradientScale, meanDenominator, reduceClassLoss } from '../losses/classReduction.js';
import type { GradientRequest } from '../losses/common.js';
import { allMaskedError } from '../math/logSumExp.js';
import { Tensor } from '../tensor.js';
import { kernelsTake } from './policy.js';

function eligible(problem: ClassProblem, gradient: GradientRequest | undefined): boolean {
  const { input, target } = problem;
  return (
    problem.kind === 'logits' &&
    problem.inner === 1 &&
    input.data instanceof Float32Array &&
    (target.kind === 'index' || target.data instanceof Float32Array) &&
    (gradient?.out === undefined || gradient.out instanceof Float32Array) &&
    kernelsTake(input.size)
  );
}

/** The loss (and gradient) through the kernels, or undefined where they do not take the problem. */
export function classLossFast(
  problem: ClassProblem,
  gradient?: GradientRequest,
): ClassLossResult | undefined {
  if (!eligible(problem, gradient)) return undefined;
  const { input, classes, lanes, target, weight, sampleWeight, op } = problem;
  const x = input.data as Float32Array;
  const denominator = problem.reduction === 'mean' ? meanDenominator(problem) : 1;
  let kernelGradient: { out: Float32Array; scale: number; rowScale: Float64Array } | undefined;
  if (gradient !== undefined) {
    const rowScale = new Float64Array(lanes);
    for (let lane = 0; lane < lanes; lane++)
      rowScale[lane] = gradient.upstream(lane) * (sampleWeight?.[lane] ?? 1);
    const out = (gradient.out as Float32Array | undefined) ?? new Float32Array(input.size);
    kernelGradient = { out, scale: classGradientScale(problem, denominator), rowScale };
  }
  const options = { weight, labelSmoothing: problem.labelSmoothing };
  // The losses are reduced where the kernels wrote them; 'none' copies them into its result.
  const reduce = (rowLoss: Float64Array, maskedRow: number) => {
    if (maskedRow >= 0) throw allMaskedError(op, 'input', maskedRow * classes, input.shape);
    return reduceClassLoss(problem, rowLoss, denominator);
  };
  const loss =
    target.kind === 'index'
      ? crossEntropyIndexKernel(
          x,
          lanes,
          classes,
          target.data,
          { ...options, ignoreIndex: target.ignoreIndex },
          kernelGradient,
          reduce,
        )
      : crossEntropyProbabilityKernel(
          x,
          lanes,
          classes,
          target.data as Float32Array,
          options,
          kernelGradient,
          reduce,
        );
  if (loss === undefined) return undefined;
  return { loss, grad: kernelGradient && new Tensor(kernelGradient.out, input.shape) };
}
