// softmax, logSoftmax and logSumExp over rows. A row whose every value is −Infinity has no
// distribution: its softmax and logSoftmax are written as NaN and the first such row is
// returned (−1 when there is none), so the caller can decide between NaN and an error.
import { rowLogSumExp } from './logSumExp';
import { logOf, nextRow, sumExp, sumExpStore, totalOf } from './expSum';
import { scaleShift } from './rowAffine';
import { hasNaN, rangeMax, rangeMin, rowRange } from './rowRange';
import { loadTail, storeTail } from './vectors';

/**
 * Whether the row at p is all −Infinity (max m, NaN-free): then its output row is filled with
 * NaN, for both softmax and logSoftmax.
 */
function maskedRow(p: usize, o: usize, n: i32, m: f32): bool {
  if (m != -Infinity || hasNaN(p, n)) return false;
  for (let i = 0; i < n; i++) store<f32>(o + ((<usize>i) << 2), NaN);
  return true;
}

export function softmaxRows(x: usize, out: usize, rows: i32, classes: i32): i32 {
  const rowBytes = (<usize>classes) << 2;
  let masked = -1;
  for (let r = 0; r < rows; r++) {
    const p = x + <usize>r * rowBytes;
    const o = out + <usize>r * rowBytes;
    const range = rowRange(p, classes);
    const m = rangeMax(range);
    if (maskedRow(p, o, classes, m)) {
      if (masked < 0) masked = r;
      continue;
    }
    const sum = sumExpStore(p, o, classes, m, rangeMin(range), nextRow(p, r, rows, rowBytes));
    scaleShift(o, 0, classes, <f32>(1 / totalOf(sum)), 0);
  }
  return masked;
}

export function logSoftmaxRows(x: usize, out: usize, rows: i32, classes: i32): i32 {
  const rowBytes = (<usize>classes) << 2;
  let masked = -1;
  for (let r = 0; r < rows; r++) {
    const p = x + <usize>r * rowBytes;
    const o = out + <usize>r * rowBytes;
    const range = rowRange(p, classes);
    const m = rangeMax(range);
    if (maskedRow(p, o, classes, m)) {
      if (masked < 0) masked = r;
      continue;
    }
    const sum = sumExp(p, classes, m, rangeMin(range), nextRow(p, r, rows, rowBytes));
    // x − lse as (x − m) − log s: exact subtraction first, then one rounding.
    const vm = f32x4.splat(m);
    const logS = <f32>logOf(sum);
    const vl = f32x4.splat(logS);
    let i = 0;
    const whole = classes & ~3;
    for (; i < whole; i += 4) {
      const offset = (<usize>i) << 2;
      v128.store(o + offset, f32x4.sub(f32x4.sub(v128.load(p + offset), vm), vl));
    }
    if (i < classes) {
      const offset = (<usize>i) << 2;
      const count = classes - i;
      storeTail(o + offset, count, f32x4.sub(f32x4.sub(loadTail(p + offset, count, 0), vm), vl));
    }
  }
  return masked;
}

/** log Σ exp over each row, as float64; −Infinity for a fully masked row. */
export function logSumExpRows(x: usize, rows: i32, classes: i32, out: usize): void {
  const rowBytes = (<usize>classes) << 2;
  for (let r = 0; r < rows; r++) {
    const p = x + <usize>r * rowBytes;
    store<f64>(out + ((<usize>r) << 3), rowLogSumExp(p, classes, nextRow(p, r, rows, rowBytes)));
  }
}
