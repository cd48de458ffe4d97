import { XentError } from './errors.js';
import { logSumExpFast, type SoftmaxProblem, softmaxFamilyFast } from './fast/softmax.js';
import { allMaskedError, type LaneStatistics, laneStatistics } from './math/logSumExp.js';
import { logSigmoidScalar, sigmoidScalar } from './math/sigmoid.js';
import { checkOptionKeys } from './optionKeys.js';
import { readNumber, TEMPERATURE } from './options.js';
import {
  allocate,
  axisLayout,
  type FloatArray,
  normalizeAxis,
  Tensor,
  type TensorLike,
  toTensor,
  withoutAxis,
} from './tensor.js';

export interface SoftmaxOptions {
  /** The axis the distribution runs along; negative counts from the end. Default −1 (the last). */
  axis?: number;
  /** Divides the logits before the softmax: above 1 flattens, below 1 sharpens. Default 1. */
  temperature?: number;
}

const SOFTMAX_KEYS = ['axis', 'temperature'] as const satisfies readonly (keyof SoftmaxOptions)[];

type LaneVisitor = (base: number, stride: number, statistics: LaneStatistics, lane: number) => void;

/** Runs `visit` on every lane along `axis`, with the lane's max and log-sum-exp. */
function forEachLane({ tensor, layout, inverseTemperature, op }: SoftmaxProblem, visit: LaneVisitor): void {
  const { outer, length, inner } = layout;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * length * inner + i;
      const statistics = laneStatistics(tensor.data, base, length, inner, inverseTemperature);
      if (statistics.logSumExp === -Infinity && length > 0) throw allMaskedError(op, 'x', base, tensor.shape);
      visit(base, inner, statistics, o * inner + i);
    }
  }
}

function prepare(x: TensorLike, options: SoftmaxOptions, op: string): SoftmaxProblem & { axis: number } {
  checkOptionKeys(options, SOFTMAX_KEYS, op);
  const tensor = toTensor(x, { op, argument: 'x' });
  if (tensor.rank === 0) {
    throw new XentError('INVALID_SHAPE', 'x is a scalar; pass at least one axis of logits', {
      op,
      argument: 'x',
    });
  }
  const axis = normalizeAxis(options.axis ?? -1, tensor.rank, op);
  const temperature = readNumber(options.temperature, TEMPERATURE, op);
  return { op, tensor, axis, layout: axisLayout(tensor.shape, axis), inverseTemperature: 1 / temperature };
}

/**
 * softmax(x)ᵢ = exp(xᵢ/T) / Σⱼ exp(xⱼ/T) along `axis`.
 *
 * Method: per lane, the max is subtracted before exponentiating, so large logits never overflow.
 *
 * Special cases: −Infinity logits (masks) get probability 0; a lane whose every logit is
 * −Infinity throws `ALL_MASKED`; NaN or +Infinity in a lane makes that lane NaN, as in PyTorch.
 *
 * @example softmax([1, 2, 3]).data // Float64Array [0.0900…, 0.2447…, 0.6652…]
 */
export function softmax(x: TensorLike, options: SoftmaxOptions = {}): Tensor {
  const problem = prepare(x, options, 'softmax');
  return softmaxFamilyFast('softmax', problem) ?? softmaxReference(problem);
}

function softmaxReference(problem: SoftmaxProblem): Tensor {
  const { tensor, layout, inverseTemperature } = problem;
  const out = allocate(tensor.dtype, tensor.size);
  const data = tensor.data;
  forEachLane(problem, (base, stride, { max, sumExp }) => {
    const inverseSum = 1 / sumExp;
    for (let k = 0; k < layout.length; k++) {
      const at = base + k * stride;
      out[at] = Math.exp(data[at] * inverseTemperature - max) * inverseSum;
    }
  });
  return new Tensor(out, tensor.shape);
}

/**
 * logSoftmax(x)ᵢ = xᵢ/T − log Σⱼ exp(xⱼ/T) along `axis`, computed directly (never log of a softmax,
 * which underflows to −Infinity for very unlikely classes).
 *
 * Special cases: as `softmax`; a −Infinity logit gives −Infinity.
 *
 * @example logSoftmax([0, 0]).data // Float64Array [-0.6931…, -0.6931…]
 */
export function logSoftmax(x: TensorLike, options: SoftmaxOptions = {}): Tensor {
  const problem = prepare(x, options, 'logSoftmax');
  return softmaxFamilyFast('logSoftmax', problem) ?? logSoftmaxReference(problem);
}

function logSoftmaxReference(problem: SoftmaxProblem): Tensor {
  const { tensor, layout, inverseTemperature } = problem;
  const out = allocate(tensor.dtype, tensor.size);
  const data = tensor.data;
  forEachLane(problem, (base, stride, { max, sumExp }) => {
    const logSum = Math.log(sumExp);
    for (let k = 0; k < layout.length; k++) {
      const at = base + k * stride;
      out[at] = data[at] * inverseTemperature - max - logSum;
    }
  });
  return new Tensor(out, tensor.shape);
}

/**
 * logSumExp(x) = T · log Σᵢ exp(xᵢ/T) along `axis`: a number for a 1-D input, else a tensor with
 * that axis removed. As T → 0 it approaches max(x).
 *
 * Special cases: a lane of only −Infinity gives −Infinity (the log of an empty sum), as in
 * PyTorch; an empty lane gives −Infinity; NaN propagates.
 *
 * @example logSumExp([0, 0]) // 0.6931… (ln 2)
 */
export function logSumExp(x: number[] | FloatArray, options?: SoftmaxOptions): number;
export function logSumExp(x: TensorLike, options?: SoftmaxOptions): number | Tensor;
export function logSumExp(x: TensorLike, options: SoftmaxOptions = {}): number | Tensor {
  const problem = prepare(x, options, 'logSumExp');
  const { tensor, axis } = problem;
  const lanes = logSumExpFast(problem) ?? logSumExpReference(problem);
  return tensor.rank === 1 ? lanes[0] : new Tensor(lanes, withoutAxis(tensor.shape, axis));
}

function logSumExpReference({ tensor, layout, inverseTemperature }: SoftmaxProblem): FloatArray {
  const temperature = 1 / inverseTemperature;
  const out = allocate(tensor.dtype, layout.outer * layout.inner);
  const { outer, length, inner } = layout;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const { logSumExp } = laneStatistics(
        tensor.data,
        o * length * inner + i,
        length,
        inner,
        inverseTemperature,
      );
      out[o * inner + i] = temperature * logSumExp;
    }
  }
  return out;
}

function elementwise(x: TensorLike, f: (value: number) => number, op: string): Tensor {
  const tensor = toTensor(x, { op, argument: 'x' });
  const out: FloatArray = allocate(tensor.dtype, tensor.size);
  for (let i = 0; i < out.length; i++) out[i] = f(tensor.data[i]);
  return new Tensor(out, tensor.shape);
}

/**
 * σ(x) = 1 / (1 + e^−x), elementwise: a number for a number, else a tensor of the input's shape.
 *
 * Special cases: σ(±Infinity) = 1 and 0; NaN stays NaN.
 *
 * @example sigmoid(0) // 0.5
 */
export function sigmoid(x: number): number;
export function sigmoid(x: TensorLike): Tensor;
export function sigmoid(x: TensorLike): number | Tensor {
  return typeof x === 'number' ? sigmoidScalar(x) : elementwise(x, sigmoidScalar, 'sigmoid');
}

/**
 * log σ(x) = −log(1 + e^−x), elementwise, stable for large |x| (log σ(−1000) = −1000, not −Infinity).
 *
 * @example logSigmoid(0) // -0.6931…
 */
export function logSigmoid(x: number): number;
export function logSigmoid(x: TensorLike): Tensor;
export function logSigmoid(x: TensorLike): number | Tensor {
  return typeof x === 'number' ? logSigmoidScalar(x) : elementwise(x, logSigmoidScalar, 'logSigmoid');
}
