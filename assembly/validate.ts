// Input checks that the TypeScript side would otherwise run one value at a time.

/** The index of the first of n floats outside [0, 1] (NaN included), or −1. */
export function firstOutsideUnit(p: usize, n: i32): i32 {
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  let i = 0;
  // Four vectors per step, one branch: valid input is the rule. A step with any value out of
  // range ends the vector loop, and the scalar loop finds which.
  for (; i + 16 <= n; i += 16) {
    const q = p + (<usize>i << 2);
    const v0 = v128.load(q);
    const v1 = v128.load(q, 16);
    const v2 = v128.load(q, 32);
    const v3 = v128.load(q, 48);
    const in01 = v128.and(inUnit(v0, zero, one), inUnit(v1, zero, one));
    const in23 = v128.and(inUnit(v2, zero, one), inUnit(v3, zero, one));
    if (!i32x4.all_true(v128.and(in01, in23))) break;
  }
  for (; i < n; i++) {
    const v = load<f32>(p + (<usize>i << 2));
    if (!(v >= 0 && v <= 1)) return i;
  }
  return -1;
}

// @ts-expect-error: decorator
@inline
function inUnit(v: v128, zero: v128, one: v128): v128 {
  return v128.and(f32x4.ge(v, zero), f32x4.le(v, one));
}
