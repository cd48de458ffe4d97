// PaLM's z-loss on the row-wise template (rowwise.ts): a row's value is c·(log Z)², its gradient
// 2c·log Z·softmax(x); log Z is computed once per row, in the problem, and shared by both.
import { formatValue, XentError } from '../errors.js';
import { laneStatistics } from '../math/logSumExp.js';
import { checkOptionKeys } from '../optionKeys.js';
import { type Reduction, readNumber, Z_LOSS_COEFFICIENT } from '../options.js';
import type { Tensor, TensorLike } from '../tensor.js';
import {
  GRAD_KEYS,
  type GradOptions,
  LOSS_KEYS,
  type LossOptions,
  type LossValue,
  type LossWithGrad,
  readGradientRequest,
  readLossOptions,
} from './common.js';
import { forEachRow, type RowwiseLoss, readRows, rowwiseLoss, rowwiseLossWithGrad } from './rowwise.js';

export interface ZLossOptions<R extends Reduction = Reduction> extends LossOptions<R> {
  /** The penalty's weight c ≥ 0 (default 1e-4, PaLM's). */
  coefficient?: number;
}

/** The row `row` of the input, written with ':' on the class axis. */
function formatRow(row: number, input: Tensor): string {
  if (input.rank === 1) return '[:]';
  const inner = input.shape.slice(2);
  const position: number[] = [];
  let k = row;
  for (let axis = inner.length - 1; axis >= 0; axis--) {
    position.unshift(k % inner[axis]);
    k = Math.floor(k / inner[axis]);
  }
  return `[${[k, ':', ...position].join(', ')}]`;
}

const Z_LOSS_KEYS = [...LOSS_KEYS, 'coefficient'] as const satisfies readonly (keyof ZLossOptions)[];

function zLossProblem(logits: TensorLike, options: ZLossOptions, op: string): RowwiseLoss {
  const { reduction, logBase } = readLossOptions(options, op);
  const coefficient = readNumber(options.coefficient, Z_LOSS_COEFFICIENT, op);
  const rows = readRows(logits, op, 'logits');
  const { input, layout } = rows;
  const x = input.data;
  // ln Z of every row, float64; the loss is in base b: (log_b Z)² = (ln Z / ln b)².
  const logZ = new Float64Array(layout.outer * layout.inner);
  forEachRow(layout, (row, start, stride) => {
    const value = laneStatistics(x, start, layout.length, stride).logSumExp;
    if (value === Number.NEGATIVE_INFINITY) {
      throw new XentError(
        'ALL_MASKED',
        `logits${formatRow(row, input)} is all ${formatValue(value)}, so log Z is −Infinity; leave at least one finite logit in every row`,
        { op, argument: 'logits', index: start, value },
      );
    }
    logZ[row] = value;
  });
  return {
    ...rows,
    op,
    reduction,
    rowValue: (row) => {
      const inBase = logZ[row] / logBase;
      return coefficient * inBase * inBase;
    },
    rowGradient: (row, start, stride, factor, out) => {
      // d(c·(ln Z / ln b)²)/dx = 2c·(ln Z / ln b)·softmax(x) / ln b.
      const scale = (2 * coefficient * (logZ[row] / logBase) * factor) / logBase;
      for (let j = 0, e = start; j < layout.length; j++, e += stride)
        out[e] = Math.exp(x[e] - logZ[row]) * scale;
    },
  };
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
  checkOptionKeys(options, Z_LOSS_KEYS, 'zLoss');
  return rowwiseLoss(zLossProblem(logits, options, 'zLoss')) as LossValue<R>;
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
  checkOptionKeys(options, [...Z_LOSS_KEYS, ...GRAD_KEYS], 'zLossWithGrad');
  const problem = zLossProblem(logits, options, 'zLossWithGrad');
  return rowwiseLossWithGrad(problem, readGradientRequest(options, problem)) as LossWithGrad<LossValue<R>>;
}
