import { formatValue, XentError } from './errors.js';
import { logSumExpKernelLanes, softmaxFamilyKernel } from './kernels/activationDispatch.js';
import { checkNumber } from './options.js';
import {
  type AxisLayout,
  allocate,
  axisLayout,
  type FloatArray,
  formatIndex,
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

/**
 * The max of one lane `x[base + k·stride]`, k < length (scaled by 1/temperature), and the sum of
 * exponentials after subtracting it: every exponential lies in (0, 1], so nothing overflows, and
 * log p = (x − max) − log(sumExp) keeps full precision even when the max is huge.
 */
export interface LaneStatistics {
  max: number;
  sumExp: number;
  /** max + log(sumExp): −Infinity for a lane of −Infinity, +Infinity if one logit is +Infinity. */
  logSumExp: number;
}

export function laneStatistics(
  x: ArrayLike<number>,
  base: number,
  length: number,
  stride: number,
  inverseTemperature: number,
): LaneStatistics {
  let max = -Infinity;
  for (let k = 0; k < length; k++) {
    const value = x[base + k * stride] * inverseTemperature;
    if (value > max || Number.isNaN(value)) max = value;
    if (Number.isNaN(max)) break;
  }
  // +Infinity dominates the sum (log-sum-exp is +Infinity, as in torch.logsumexp); NaN poisons it.
  if (max === Infinity || Number.isNaN(max)) return { max, sumExp: Number.NaN, logSumExp: max };
  if (max === -Infinity) return { max, sumExp: 0, logSumExp: -Infinity };
  let sumExp = 0;
  for (let k = 0; k < length; k++) sumExp += Math.exp(x[base + k * stride] * inverseTemperature - max);
  return { max, sumExp, logSumExp: max + Math.log(sumExp) };
}

/** The error for a lane whose every logit is −Infinity: no class has any probability. */
export function allMaskedError(
  op: string,
  argument: string,
  flat: number,
  shape: readonly number[],
): XentError {
  return new XentError(
    'ALL_MASKED',
    `every logit in the lane starting at ${argument}${formatIndex(flat, shape)} is -Infinity, so its softmax is undefined; leave at least one class unmasked (or ignore that target)`,
    { op, argument, index: flat, value: -Infinity },
  );
}

function resolveTemperature(temperature: unknown, op: string): number {
  if (temperature === undefined) return 1;
  const value = checkNumber(temperature, { op, option: 'temperature', min: 0, minExclusive: true });
  if (!Number.isFinite(value)) {
    throw new XentError(
      'INVALID_OPTION',
      `invalid temperature: ${formatValue(value)}; use a positive finite number`,
      {
        op,
        argument: 'temperature',
        value,
      },
    );
  }
  return value;
}

type LaneVisitor = (base: number, stride: number, statistics: LaneStatistics, lane: number) => void;

/** Runs `visit` on every lane along `axis`, with the lane's max and log-sum-exp. */
function forEachLane(
  tensor: Tensor,
  layout: AxisLayout,
  inverseTemperature: number,
  op: string,
  visit: LaneVisitor,
): void {
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

function prepare(x: TensorLike, options: SoftmaxOptions, op: string) {
  const tensor = toTensor(x, { op, argument: 'x' });
  if (tensor.rank === 0) {
    throw new XentError('INVALID_SHAPE', 'x is a scalar; pass at least one axis of logits', {
      op,
      argument: 'x',
    });
  }
  const axis = normalizeAxis(options.axis ?? -1, tensor.rank, op);
  const temperature = resolveTemperature(options.temperature, op);
  return { tensor, axis, layout: axisLayout(tensor.shape, axis), inverseTemperature: 1 / temperature };
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
  const op = 'softmax';
  const { tensor, layout, inverseTemperature } = prepare(x, options, op);
  const fast = softmaxFamilyKernel('softmax', tensor, layout, inverseTemperature, op);
  if (fast !== undefined) return fast;
  const out = allocate(tensor.dtype, tensor.size);
  const data = tensor.data;
  forEachLane(tensor, layout, inverseTemperature, op, (base, stride, { max, sumExp }) => {
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
  const op = 'logSoftmax';
  const { tensor, layout, inverseTemperature } = prepare(x, options, op);
  const fast = softmaxFamilyKernel('logSoftmax', tensor, layout, inverseTemperature, op);
  if (fast !== undefined) return fast;
  const out = allocate(tensor.dtype, tensor.size);
  const data = tensor.data;
  forEachLane(tensor, layout, inverseTemperature, op, (base, stride, { max, sumExp }) => {
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
  const op = 'logSumExp';
  const { tensor, axis, layout, inverseTemperature } = prepare(x, options, op);
  const temperature = 1 / inverseTemperature;
  const fast = logSumExpKernelLanes(tensor, layout, inverseTemperature);
  if (fast !== undefined)
    return tensor.rank === 1 ? fast[0] : new Tensor(fast, withoutAxis(tensor.shape, axis));
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
  if (tensor.rank === 1) return out[0];
  return new Tensor(out, withoutAxis(tensor.shape, axis));
}

/** 1 / (1 + e^−x), evaluated so that neither branch overflows. */
export function sigmoidScalar(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** log σ(x) = min(x, 0) − log1p(e^−|x|): exact for large |x| where log(σ(x)) would give −Infinity. */
export function logSigmoidScalar(x: number): number {
  return Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x)));
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
