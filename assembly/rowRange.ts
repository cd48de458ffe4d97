// The range of a row (its largest and smallest value) in one pass, and the test that tells a
// fully masked row (every value −Infinity) from one with a NaN.
import { lanesMax, loadTail } from './vectors';

/**
 * A row's largest and smallest value (NaN skipped), as one v128: lane 0 the max, lane 1 the min.
 * The second result travels in the return value, not in a module global or an out address: an
 * AssemblyScript local has no address, and static scratch memory would be shared by the worker
 * threads (one memory, one module instance per thread).
 */
export type RowRange = v128;

// @ts-expect-error: decorator
@inline
export function rangeMax(range: RowRange): f32 {
  return f32x4.extract_lane(range, 0);
}

// @ts-expect-error: decorator
@inline
export function rangeMin(range: RowRange): f32 {
  return f32x4.extract_lane(range, 1);
}

/**
 * The largest and smallest of n floats: a row whose range fits the exp's (min − max ≥
 * EXP_CUTOFF, nearly every row) skips the mask on each value. `pmax` and `pmin` are one
 * instruction where `max` and `min` need NaN fix-ups; a NaN they skip still reaches the sum of
 * exponentials and turns the row's result into NaN.
 */
export function rowRange(p: usize, n: i32): RowRange {
  let m0 = f32x4.splat(-Infinity);
  let m1 = m0;
  let l0 = f32x4.splat(Infinity);
  let l1 = l0;
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const q = p + (<usize>i << 2);
    const v0 = v128.load(q);
    const v1 = v128.load(q, 16);
    m0 = f32x4.pmax(m0, v0);
    m1 = f32x4.pmax(m1, v1);
    l0 = f32x4.pmin(l0, v0);
    l1 = f32x4.pmin(l1, v1);
  }
  if (i + 4 <= n) {
    const v = v128.load(p + (<usize>i << 2));
    m0 = f32x4.pmax(m0, v);
    l0 = f32x4.pmin(l0, v);
    i += 4;
  }
  if (i < n) {
    m1 = f32x4.pmax(m1, loadTail(p + (<usize>i << 2), n - i, -Infinity));
    l1 = f32x4.pmin(l1, loadTail(p + (<usize>i << 2), n - i, Infinity));
  }
  let low = f32x4.pmin(l0, l1);
  low = f32x4.pmin(low, v128.shuffle<f32>(low, low, 2, 3, 0, 1));
  low = f32x4.pmin(low, v128.shuffle<f32>(low, low, 1, 0, 3, 2));
  return f32x4.replace_lane(lanesMax(f32x4.pmax(m0, m1)), 1, f32x4.extract_lane(low, 0));
}

/** Whether any of n floats is NaN (only asked about rows whose max came out −Infinity). */
export function hasNaN(p: usize, n: i32): bool {
  for (let i = 0; i < n; i++) {
    const x = load<f32>(p + (<usize>i << 2));
    if (x != x) return true;
  }
  return false;
}
