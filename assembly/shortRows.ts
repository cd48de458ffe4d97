// Log-sum-exp of rows of at most 16 values (a 10-class classifier), four rows at a time with
// lane k holding row k. One such row is too short to fill SIMD lanes on its own: row by row,
// each row paid for its horizontal max, its horizontal sum and a float64 Math.log (40 % of a
// 65536 × 10 forward loss), and each row's exponentials waited on its own max. Here four rows
// are transposed into class vectors: the max, the exponentials, the count of maxima, the sum and
// the log each run once for four rows, as independent chains.
import { EXP_CUTOFF, expAboveCutoff, logPositive } from './math';
import { shortRowVector } from './vectors';

/** Rows up to this long take this path. */
// @ts-expect-error: decorator
@inline export const SHORT_ROW_MAX: i32 = 16;

/**
 * The max of each of four rows of n ≤ 16 floats, at p0 … p3 (lane k row k). `pmax` skips NaN; a
 * row of only −Infinity has max −Infinity.
 */
// @ts-expect-error: decorator
@inline
export function fourRowMax(p0: usize, p1: usize, p2: usize, p3: usize, n: i32): v128 {
  const a = rowLanesMax(p0, n);
  const b = rowLanesMax(p1, n);
  const c = rowLanesMax(p2, n);
  const d = rowLanesMax(p3, n);
  // [a0|a2, b0|b2, a1|a3, b1|b3] and the same for c, d; then each row's two halves.
  const ab = f32x4.pmax(v128.shuffle<f32>(a, b, 0, 4, 1, 5), v128.shuffle<f32>(a, b, 2, 6, 3, 7));
  const cd = f32x4.pmax(v128.shuffle<f32>(c, d, 0, 4, 1, 5), v128.shuffle<f32>(c, d, 2, 6, 3, 7));
  return f32x4.pmax(v128.shuffle<f32>(ab, cd, 0, 1, 4, 5), v128.shuffle<f32>(ab, cd, 2, 3, 6, 7));
}

/** A row's vectors folded by pmax: its max is the largest of the four lanes. */
// @ts-expect-error: decorator
@inline
function rowLanesMax(p: usize, n: i32): v128 {
  let m = shortRowVector(p, n, 0);
  if (n > 4) m = f32x4.pmax(m, shortRowVector(p, n, 1));
  if (n > 8) m = f32x4.pmax(m, shortRowVector(p, n, 2));
  if (n > 12) m = f32x4.pmax(m, shortRowVector(p, n, 3));
  return m;
}

/**
 * log Σ exp(x − m) of four rows of n ≤ 16 floats (at p0 … p3) whose maxes are `vm` (fourRowMax), lane k row
 * k. As in ExpSum (expSum.ts) the values equal to the max are counted, not added to the float32
 * sum, and the log is of count + others with others' full precision (logCountPlus4). A NaN in a
 * row makes its lane NaN; a row of only −Infinity gets NaN too (the caller tells it apart).
 */
// @ts-expect-error: decorator
@inline
export function fourRowLogSums(
  p0: usize, p1: usize, p2: usize, p3: usize, n: i32, vm: v128,
): v128 {
  let sum = f32x4.splat(0);
  let count = i32x4.splat(0);
  for (let j = 0; j < n; j += 4) {
    const r0 = shortRowVector(p0, n, j >> 2);
    const r1 = shortRowVector(p1, n, j >> 2);
    const r2 = shortRowVector(p2, n, j >> 2);
    const r3 = shortRowVector(p3, n, j >> 2);
    // The 4 × 4 transpose: class vector i holds class j + i of the four rows.
    const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
    const t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
    const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
    const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
    const c0 = v128.shuffle<f32>(t0, t2, 0, 1, 4, 5);
    sum = f32x4.add(sum, otherTerms(c0, vm));
    count = i32x4.sub(count, f32x4.eq(c0, vm));
    if (n - j > 1) {
      const c1 = v128.shuffle<f32>(t0, t2, 2, 3, 6, 7);
      sum = f32x4.add(sum, otherTerms(c1, vm));
      count = i32x4.sub(count, f32x4.eq(c1, vm));
    }
    if (n - j > 2) {
      const c2 = v128.shuffle<f32>(t1, t3, 0, 1, 4, 5);
      sum = f32x4.add(sum, otherTerms(c2, vm));
      count = i32x4.sub(count, f32x4.eq(c2, vm));
    }
    if (n - j > 3) {
      const c3 = v128.shuffle<f32>(t1, t3, 2, 3, 6, 7);
      sum = f32x4.add(sum, otherTerms(c3, vm));
      count = i32x4.sub(count, f32x4.eq(c3, vm));
    }
  }
  return logCountPlus4(f32x4.convert_i32x4_s(count), sum);
}

/**
 * exp(x − m) where x is not the max, 0 where it is (x = m compares equal for m = ±Infinity
 * too, as the row-by-row path counts them) and below the exp's cutoff.
 */
// @ts-expect-error: decorator
@inline
function otherTerms(x: v128, vm: v128): v128 {
  const d = f32x4.sub(x, vm);
  const dropped = v128.or(f32x4.eq(x, vm), f32x4.lt(d, f32x4.splat(EXP_CUTOFF)));
  return v128.andnot(expAboveCutoff(d), dropped);
}

/**
 * log(count + others) in each lane (count ≥ 1 an integer, others ≥ 0; NaN stays NaN), as
 * log1p(a) with a = (count − 1) + others, exact when count is 1: log1p(a) = log u + (a − (u − 1)) / u
 * with u = 1 + a rounded. The correction restores what rounding u dropped, so a confident row
 * (count 1, others ≈ its loss, say 1e-8) keeps a's full relative precision, where log(1 + a)
 * would round it away. Relative error a few float32 ulps (test/kernels/shortRows.test.ts).
 */
// @ts-expect-error: decorator
@inline
function logCountPlus4(count: v128, others: v128): v128 {
  const one = f32x4.splat(1);
  const a = f32x4.add(f32x4.sub(count, one), others);
  const u = f32x4.add(a, one);
  const dropped = f32x4.sub(a, f32x4.sub(u, one));
  return f32x4.add(logPositive(u), f32x4.div(dropped, u));
}
