// The template of the row-wise losses: one loss element per row along the class axis (axis 1 of
// (N, C, d1, …), the only axis of (C)), such as z-loss. A loss supplies a row's value and the
// row's gradient; the template reads the input, walks the rows, reduces, and writes the gradient
// after the loss pass (so `out` may be the input's own buffer). The elementwise losses have
// their own template (elementwise.ts); the class losses with a kernel, theirs (classProblem.ts).
import { XentError } from '../errors.js';
import type { Reduction } from '../options.js';
import {
  type AxisLayout,
  allocate,
  axisLayout,
  type FloatArray,
  formatShape,
  Tensor,
  type TensorLike,
  toTensor,
  withoutAxis,
} from '../tensor.js';
import {
  type GradientRequest,
  gradientBuffer,
  type LossWithGrad,
  reduceLoss,
  reductionScale,
} from './common.js';

/** The rows of a class-axis input: `layout.outer` samples × `layout.inner` positions, C each. */
export interface Rows {
  input: Tensor;
  layout: AxisLayout;
  /** The input's shape without the class axis: one loss element per row. */
  lossShape: number[];
}

/** One row: its index, its first element's offset and the distance between its C elements. */
export type RowVisitor = (row: number, start: number, stride: number) => void;

export interface RowwiseLoss extends Rows {
  op: string;
  reduction: Reduction;
  /** The loss of one row (it reads the row's own elements only). */
  rowValue: (row: number, start: number, stride: number) => number;
  /** Writes d rowValue / d input for the row's C elements into `out`, each times `factor`. */
  rowGradient: (row: number, start: number, stride: number, factor: number, out: FloatArray) => void;
}

/** Reads a class-axis input: (C) or (N, C, d1, …) with at least one class. */
export function readRows(x: TensorLike, op: string, argument: string): Rows {
  const input = toTensor(x, { op, argument });
  if (input.rank === 0 || input.shape[input.rank === 1 ? 0 : 1] === 0) {
    throw new XentError(
      'INVALID_SHAPE',
      `${argument} has shape ${formatShape(input.shape)}; pass ${argument} with a non-empty class axis, (C) or (N, C, d1, …)`,
      { op, argument, actual: input.shape },
    );
  }
  const axis = input.rank === 1 ? 0 : 1;
  return { input, layout: axisLayout(input.shape, axis), lossShape: withoutAxis(input.shape, axis) };
}

/** Visits every row in order: row = o·inner + k starts at o·C·inner + k, stride inner. */
export function forEachRow({ outer, length, inner }: AxisLayout, visit: RowVisitor): void {
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < inner; k++) visit(o * inner + k, o * length * inner + k, inner);
  }
}

/** The loss: per-row values in the input's dtype for 'none', else a float64 sum ('mean' over rows). */
export function rowwiseLoss(loss: RowwiseLoss): number | Tensor {
  const { layout, reduction, input } = loss;
  const rows = layout.outer * layout.inner;
  const values = reduction === 'none' ? allocate(input.dtype, rows) : new Float64Array(rows);
  forEachRow(layout, (row, start, stride) => {
    values[row] = loss.rowValue(row, start, stride);
  });
  return reduceLoss(values, loss.lossShape, reduction, rows);
}

/** The loss and its gradient: the loss pass first, then each row's gradient, read before written. */
export function rowwiseLossWithGrad(
  loss: RowwiseLoss,
  gradient: GradientRequest,
): LossWithGrad<number | Tensor> {
  const value = rowwiseLoss(loss);
  const out = gradientBuffer(gradient, loss.input);
  const scale = reductionScale(loss.reduction, loss.layout.outer * loss.layout.inner);
  forEachRow(loss.layout, (row, start, stride) => {
    loss.rowGradient(row, start, stride, scale * gradient.upstream(row), out);
  });
  return { loss: value, grad: new Tensor(out, loss.input.shape) };
}
