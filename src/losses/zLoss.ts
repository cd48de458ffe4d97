import { formatValue, XentError } from '../errors.js';
import { laneStatistics } from '../math/logSumExp.js';
import { type Reduction, readNumber, Z_LOSS_COEFFICIENT } from '../options.js';
import {
  type AxisLayout,
  allocate,
  axisLayout,
  formatShape,
  Tensor,
  type TensorLike,
  toTensor,
  withoutAxis,
} from '../tensor.js';
import {
  type GradOptions,
  gradientBuffer,
  type LossOptions,
  type LossValue,
  type LossWithGrad,
  readGradientRequest,
  readLossOptions,
  reduceLoss,
  reductionScale,
} from './common.js';

export interface ZLossOptions<R extends Reduction = Reduction> extends LossOptions<R> {
  /** The penalty's weight c ≥ 0 (default 1e-4, PaLM's). */
  coefficient?: number;
}

interface ZLossProblem {
  op: string;
  logits: Tensor;
  reduction: Reduction;
  /** ln(base): log Z is taken in that base, (log_b Z)² = (ln Z / ln b)². */
  logBase: number;
  coefficient: number;
  layout: AxisLayout;
  lossShape: number[];
  /** log Z of every row (outer × inner of them), float64. */
  logZ: Float64Array;
}

/** The row at outer block `o`, inner offset `k`, written with ':' on the class axis. */
function formatRow(o: number, k: number, logits: Tensor): string {
  if (logits.rank === 1) return '[:]';
  const inner = withoutAxis(logits.shape, 1).slice(1);
  const position: number[] = [];
  for (let axis = inner.length - 1; axis >= 0; axis--) {
    position.unshift(k % inner[axis]);
    k = Math.floor(k / inner[axis]);
  }
  return `[${[o, ':', ...position].join(', ')}]`;
}

function zLossProblem(logits: TensorLike, options: ZLossOptions, op: string): ZLossProblem {
  const { reduction, logBase } = readLossOptions(options, op);
  const coefficient = readNumber(options.coefficient, Z_LOSS_COEFFICIENT, op);
  const input = toTensor(logits, { op, argument: 'logits' });
  if (input.rank === 0 || input.shape[input.rank === 1 ? 0 : 1] === 0) {
    throw new XentError(
      'INVALID_SHAPE',
      `logits has shape ${formatShape(input.shape)}; pass logits with a non-empty class axis, (C) or (N, C, d1, …)`,
      { op, argument: 'logits', actual: input.shape },
    );
  }
  const axis = input.rank === 1 ? 0 : 1;
  const layout = axisLayout(input.shape, axis);
  const logZ = new Float64Array(layout.outer * layout.inner);
  for (let o = 0; o < layout.outer; o++) {
    for (let k = 0; k < layout.inner; k++) {
      const start = o * layout.length * layout.inner + k;
      const value = laneStatistics(input.data, start, layout.length, layout.inner).logSumExp;
      if (value === Number.NEGATIVE_INFINITY) {
        throw new XentError(
          'ALL_MASKED',
          `logits${formatRow(o, k, input)} is all ${formatValue(value)}, so log Z is −Infinity; leave at least one finite logit in every row`,
          { op, argument: 'logits', index: start, value },
        );
      }
      logZ[o * layout.inner + k] = value;
    }
  }
  return {
    op,
    logits: input,
    reduction,
    logBase,
    coefficient,
    layout,
    lossShape: withoutAxis(input.shape, axis),
    logZ,
  };
}

function zLossValue(problem: ZLossProblem): number | Tensor {
  const { logZ, coefficient, reduction, logBase } = problem;
  const values =
    reduction === 'none' ? allocate(problem.logits.dtype, logZ.length) : new Float64Array(logZ.length);
  for (let r = 0; r < logZ.length; r++) {
    const inBase = logZ[r] / logBase;
    values[r] = coefficient * inBase * inBase;
  }
  return reduceLoss(values, problem.lossShape, reduction, logZ.length);
}

/**
 * The z-loss of PaLM: a small penalty on the squared log-partition function log Z = logsumexp(x)
 * of each row, which keeps the softmax normaliser near 1 and the logits from drifting.
 *
 * Method: log Z over the class axis (axis 1 of (N, C, d1, …), the only axis of (C)) with the max
 * subtracted, then l = c·(log Z)² per row; 'mean' averages over the rows (N·d1·…).
 *
 * Special cases: a row of all −Infinity throws ALL_MASKED; −Infinity entries among finite ones are
 * masks and contribute nothing; +Infinity gives Infinity; NaN propagates to its row; a 0-d input
 * or an empty class axis throws INVALID_SHAPE; a negative coefficient throws INVALID_OPTION.
 *
 * Equivalents: PaLM / T5X `z_loss = coefficient · logsumexp(x)²` (there summed with the
 * cross-entropy); PyTorch `coefficient * torch.logsumexp(x, 1).pow(2)`; Keras and TF.js have none.
 *
 * @example zLoss([0, 0], { coefficient: 1 }) // 0.4804530139182014 ((ln 2)²)
 */
export function zLoss<R extends Reduction = 'mean'>(
  logits: TensorLike,
  options: ZLossOptions<R> = {},
): LossValue<R> {
  return zLossValue(zLossProblem(logits, options, 'zLoss')) as LossValue<R>;
}

/**
 * `zLoss` and its gradient with respect to the logits: 2·c·log Z·softmax(x) × the reduction's
 * scale × `gradOutput`, written in one pass per row (in place when `out` is the logits' buffer).
 *
 * @example zLossWithGrad([0, 0], { coefficient: 1 }).grad.data // Float64Array [0.693…, 0.693…] (ln 2 each)
 */
export function zLossWithGrad<R extends Reduction = 'mean'>(
  logits: TensorLike,
  options: ZLossOptions<R> & GradOptions = {},
): LossWithGrad<LossValue<R>> {
  const op = 'zLossWithGrad';
  const problem = zLossProblem(logits, options, op);
  const { logZ, layout, coefficient, logBase } = problem;
  const x = problem.logits.data;
  const { reduction, lossShape } = problem;
  const gradient = readGradientRequest(options, { op, input: problem.logits, reduction, lossShape });
  const { upstream } = gradient;
  const loss = zLossValue(problem);
  const out = gradientBuffer(gradient, problem.logits);
  const scale = reductionScale(problem.reduction, logZ.length);
  for (let o = 0; o < layout.outer; o++) {
    for (let k = 0; k < layout.inner; k++) {
      const row = o * layout.inner + k;
      // d(c·(ln Z / ln b)²)/dx = 2c·(ln Z / ln b)·softmax(x) / ln b.
      const factor = (2 * coefficient * (logZ[row] / logBase) * scale * upstream(row)) / logBase;
      const start = o * layout.length * layout.inner + k;
      for (let j = 0, e = start; j < layout.length; j++, e += layout.inner) {
        out[e] = Math.exp(x[e] - logZ[row]) * factor;
      }
    }
  }
  return { loss: loss as LossValue<R>, grad: new Tensor(out, problem.logits.shape) };
}
