// Machinery shared by the losses whose value is a sum of independent per-element terms (the
// binary and multi-label family, focal and KL losses): target checks, weights read in place, and
// the two passes (loss, then gradient) that keep an in-place gradient safe.
import { checkProbabilities } from '../checks/probability.js';
import { checkSameShape } from '../checks/shape.js';
import { checkNoNaN } from '../checks/values.js';
import type { Reduction } from '../options.js';
import {
  allocate,
  type FloatArray,
  shapesEqual,
  sizeOf,
  Tensor,
  type TensorLike,
  toTensor,
} from '../tensor.js';
import {
  broadcastTo,
  type GradientRequest,
  gradientBuffer,
  type LossWithGrad,
  reduceLoss,
} from './common.js';

/** Every reduction an elementwise loss knows; 'batchmean' is the KL loss's sum / input.shape[0]. */
export type ElementwiseReduction = Reduction | 'batchmean';

/**
 * A loss written as per-element terms, grouped into loss elements: one term per loss element for
 * the elementwise losses, the C labels of a sample for the multi-label loss.
 */
export interface ElementwiseLoss {
  op: string;
  /** The tensor the gradient is taken with respect to (its shape and dtype). */
  input: Tensor;
  reduction: ElementwiseReduction;
  /** The loss's shape for reduction 'none'. */
  lossShape: readonly number[];
  /** Consecutive input elements that form one loss element. */
  group: number;
  /** What each group's sum is divided by (1, or C for a mean over labels). */
  groupDivisor: number;
  /** What the sum over loss elements is divided by for the reductions other than 'none'. */
  divisor: number;
  /** ln(base): every term is divided by it (1 for nats). */
  logBase: number;
  /** The term of input element `i` (it may read element `i` of the input, never another). */
  value(i: number): number;
  /** d value(i) / d input[i]. */
  derivative(i: number): number;
}

/** An elementwise loss: one loss element per input element. */
export function perElementLoss(
  op: string,
  input: Tensor,
  { reduction, logBase }: { reduction: ElementwiseReduction; logBase: number },
  terms: Pick<ElementwiseLoss, 'value' | 'derivative'>,
): ElementwiseLoss {
  return {
    op,
    input,
    reduction,
    logBase,
    lossShape: input.shape,
    group: 1,
    groupDivisor: 1,
    divisor: reductionDivisor(reduction, input.shape, input),
    value: terms.value,
    derivative: terms.derivative,
  };
}

/**
 * Reads an input and a target of the same shape; the target must hold probabilities in [0, 1]
 * unless `checkTarget` is false (the caller then checks it its own way).
 */
export function readInputAndTarget(
  input: TensorLike,
  target: TensorLike,
  { op, inputName, checkTarget = true }: { op: string; inputName: string; checkTarget?: boolean },
): { input: Tensor; target: Tensor } {
  const inputs = toTensor(input, { op, argument: inputName });
  const targets = toTensor(target, { op, argument: 'target' });
  checkSameShape(inputs, targets, { op, names: [inputName, 'target'], why: SAME_SHAPE });
  if (checkTarget)
    checkProbabilities(targets.data, { op, argument: 'target', shape: targets.shape, fix: TARGET_FIX });
  return { input: inputs, target: targets };
}

/** The divisor of a reduction: the loss-element count for 'mean', the batch for 'batchmean'. */
export function reductionDivisor(
  reduction: ElementwiseReduction,
  lossShape: readonly number[],
  input: Tensor,
): number {
  if (reduction === 'mean') return sizeOf(lossShape);
  // As torch.nn.functional.kl_div: a 0-d input has no batch axis and is not divided.
  if (reduction === 'batchmean') return input.rank === 0 ? 1 : input.shape[0];
  return 1;
}

function groupSum(loss: ElementwiseLoss, group: number): number {
  const start = group * loss.group;
  let sum = 0;
  for (let i = start; i < start + loss.group; i++) sum += loss.value(i);
  return sum / (loss.groupDivisor * loss.logBase);
}

const SAME_SHAPE = 'they must match element for element';

/** The loss: per-element values in the input's dtype for 'none', else a float64 sum (no N×C buffer). */
export function computeLoss(loss: ElementwiseLoss): number | Tensor {
  const count = sizeOf(loss.lossShape);
  if (loss.reduction === 'none') {
    const values = allocate(loss.input.dtype, count);
    for (let g = 0; g < count; g++) values[g] = groupSum(loss, g);
    return reduceLoss(values, loss.lossShape, 'none', 1);
  }
  let total = 0;
  for (let g = 0; g < count; g++) total += groupSum(loss, g);
  return total / loss.divisor;
}

/**
 * The loss and d loss / d input. The loss pass runs first and reads the whole input; the gradient
 * pass then reads element i just before it writes out[i], so `out` may be the input's own buffer.
 */
export function computeLossWithGrad(
  loss: ElementwiseLoss,
  gradient: GradientRequest,
): LossWithGrad<number | Tensor> {
  const { input } = loss;
  const { upstream } = gradient;
  const value = computeLoss(loss);
  const out = gradientBuffer(gradient, input);
  const scale = loss.reduction === 'none' ? 1 : 1 / loss.divisor;
  const count = sizeOf(loss.lossShape);
  for (let g = 0; g < count; g++) {
    const factor = (upstream(g) * scale) / (loss.groupDivisor * loss.logBase);
    const start = g * loss.group;
    for (let i = start; i < start + loss.group; i++) out[i] = loss.derivative(i) * factor;
  }
  return { loss: value, grad: new Tensor(out, input.shape) };
}

/** A weight read in place by flat input index: `data[i % period]`. */
export interface BroadcastWeight {
  data: FloatArray;
  period: number;
}

/** Binary cross-entropy from logits with the arrays it reads, which its fast path (src/fast/binaryLogits.ts) takes. */
export interface BinaryLogitsProblem extends ElementwiseLoss {
  target: Tensor;
  weight: BroadcastWeight | undefined;
  posWeight: BroadcastWeight | undefined;
}

/** Reads weight i of an optional broadcast weight (1 when there is none). */
export function weightReader(weight: BroadcastWeight | undefined): (i: number) => number {
  if (weight === undefined) return () => 1;
  const { data, period } = weight;
  return (i) => data[i % period];
}

/**
 * Reads an optional weight that broadcasts to `shape` (NumPy rules; NaN rejected). A weight whose
 * shape is the input's trailing axes, the common per-label `(C)`, repeats with a period and is read
 * in place; any other broadcast is expanded once by `broadcastTo`.
 */
export function resolveBroadcastWeight(
  weight: TensorLike | undefined,
  shape: readonly number[],
  op: string,
  argument: string,
): BroadcastWeight | undefined {
  if (weight === undefined) return undefined;
  const tensor = toTensor(weight, { op, argument });
  checkNoNaN(tensor.data, { op, argument, shape: tensor.shape });
  let first = 0;
  while (first < tensor.rank && tensor.shape[first] === 1) first++;
  const core = tensor.shape.slice(first);
  if (core.length <= shape.length && shapesEqual(core, shape.slice(shape.length - core.length))) {
    return { data: tensor.data, period: Math.max(tensor.size, 1) };
  }
  return { data: broadcastTo(tensor, shape, { op, argument }), period: Math.max(sizeOf(shape), 1) };
}

/** The fix a target outside [0, 1] gets, shared by every loss with probability targets. */
export const TARGET_FIX = 'a target must be a probability in [0, 1] (for class indices use crossEntropyLoss)';
