// f32x4 helpers shared by every kernel: partial vectors at a row's end, horizontal reductions,
// and the fold of float32 partial sums into float64.

/**
 * How many f32x4 vectors a float32 partial sum takes in before it is folded into the float64
 * total: each lane then holds at most this many terms (512 values a fold), so a row sum's
 * float32 rounding error is that of a 128-term sum however long the row is. Every kernel that
 * sums a row folds at this length; folding at 64 cost the smoothed cross-entropy 3 %.
 */
// @ts-expect-error: decorator
@inline export const FOLD_VECTORS: i32 = 128;

/** FOLD_VECTORS in floats: how much of a row one float32 partial sum covers. */
// @ts-expect-error: decorator
@inline export const FOLD_FLOATS: i32 = FOLD_VECTORS * 4;

/** The four lanes of v added in float64. */
// @ts-expect-error: decorator
@inline
export function sumToF64(v: v128): f64 {
  const low = f64x2.promote_low_f32x4(v);
  const high = f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3));
  const both = f64x2.add(low, high);
  return f64x2.extract_lane(both, 0) + f64x2.extract_lane(both, 1);
}

/** The last `count` (1–3) floats at `p` in the low lanes, the other lanes `fill`. */
// @ts-expect-error: decorator
@inline
export function loadTail(p: usize, count: i32, fill: f32): v128 {
  let v = f32x4.splat(fill);
  v = f32x4.replace_lane(v, 0, load<f32>(p));
  if (count > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (count > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}

/** Writes the low `count` (1–3) lanes of v to `p`. */
// @ts-expect-error: decorator
@inline
export function storeTail(p: usize, count: i32, v: v128): void {
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (count > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (count > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}

/** The largest lane of v in every lane (NaN lanes skipped, as `pmax` does). */
// @ts-expect-error: decorator
@inline
export function lanesMax(v: v128): v128 {
  const half = f32x4.pmax(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  return f32x4.pmax(half, v128.shuffle<f32>(half, half, 1, 0, 3, 2));
}

/** How many lanes of a comparison mask are set (a short row's count of values equal to its max). */
// @ts-expect-error: decorator
@inline
export function laneCount(mask: v128): i32 {
  return <i32>popcnt(i32x4.bitmask(mask));
}

/** Vector k (0–3) of a short row of n ≤ 16 floats, −Infinity in the lanes past n. */
// @ts-expect-error: decorator
@inline
export function shortRowVector(p: usize, n: i32, k: i32): v128 {
  const first = k << 2;
  const q = p + (<usize>first << 2);
  if (n >= first + 4) return v128.load(q);
  return n > first ? loadTail(q, n - first, -Infinity) : f32x4.splat(-Infinity);
}
