// Vector (f32x4) exp and log1p for the kernels. WebAssembly SIMD128 has no fused multiply-add
// (only relaxed SIMD does, and Node 20 lacks it), so every step is a separate mul and add.

// exp, "rr2-p5" (the form XNNPACK uses): x = n·ln2 + t with n = round(x·log2e) found with the
// magic-bias trick, t reduced in two steps (ln2 split into a hi part with trailing zero bits, so
// n·ln2_hi is exact, and a lo part), then e^t ≈ 1 + t·p(t) with a degree-5 minimax polynomial,
// and 2^n built directly in the exponent bits. Measured over every float32 in [−87.34, 0]
// (scripts/exp-ulp.mjs, against Math.fround(Math.exp(x))): at most 2 ULP; 95.2 % exact, 4.5 %
// off by 1, 0.3 % by 2. Valid for x ≤ 0, which
// is all the kernels need (logits minus their row max); below the cutoff, where e^x is
// subnormal, the result is exactly 0, so −Infinity gives 0 and NaN stays NaN.
// @ts-expect-error: decorator
@inline const LOG2E: f32 = reinterpret<f32>(0x3fb8aa3b);
// 0x1.8000FEp23: adding it rounds to an integer and leaves n + 127 in the low mantissa bits.
// @ts-expect-error: decorator
@inline const MAGIC: f32 = reinterpret<f32>(0x4b40007f);
// @ts-expect-error: decorator
@inline const MINUS_LN2_HI: f32 = reinterpret<f32>(0xbf317200);
// @ts-expect-error: decorator
@inline const MINUS_LN2_LO: f32 = reinterpret<f32>(0xb5bfbe8e);
// @ts-expect-error: decorator
@inline const C5: f32 = reinterpret<f32>(0x3c07cfce);
// @ts-expect-error: decorator
@inline const C4: f32 = reinterpret<f32>(0x3d2b9d0d);
// @ts-expect-error: decorator
@inline const C3: f32 = reinterpret<f32>(0x3e2aad40);
// @ts-expect-error: decorator
@inline const C2: f32 = reinterpret<f32>(0x3efffee3);
// @ts-expect-error: decorator
@inline const C1: f32 = reinterpret<f32>(0x3f7ffffb);
// -0x1.5D589Ep6 ≈ −87.34: below it e^x is not a normal float.
// @ts-expect-error: decorator
@inline const CUTOFF: f32 = reinterpret<f32>(0xc2aeac4f);

// @ts-expect-error: decorator
@inline
export function expNonPositive(x: v128): v128 {
  let n = f32x4.add(f32x4.mul(x, f32x4.splat(LOG2E)), f32x4.splat(MAGIC));
  const scale = i32x4.shl(n, 23);
  n = f32x4.sub(n, f32x4.splat(MAGIC));
  let t = f32x4.add(f32x4.mul(n, f32x4.splat(MINUS_LN2_HI)), x);
  t = f32x4.add(f32x4.mul(n, f32x4.splat(MINUS_LN2_LO)), t);
  let p = f32x4.add(f32x4.mul(f32x4.splat(C5), t), f32x4.splat(C4));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(C3));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(C2));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(C1));
  t = f32x4.mul(t, scale);
  const e = f32x4.add(f32x4.mul(t, p), scale);
  return v128.andnot(e, f32x4.lt(x, f32x4.splat(CUTOFF)));
}

// log1p(f) for f in [√½ − 1, √2 − 1] through s = f / (2 + f): log1p(f) = 2·atanh(s) =
// 2s·(1 + s²/3 + s⁴/5 + s⁶/7 + s⁸/9); |s| ≤ 0.1716, so the series' remainder is below 2⁻²⁸.
// @ts-expect-error: decorator
@inline
function log1pReduced(f: v128): v128 {
  const s = f32x4.div(f, f32x4.add(f32x4.splat(2), f));
  const z = f32x4.mul(s, s);
  let p = f32x4.add(f32x4.mul(z, f32x4.splat(<f32>(1.0 / 9.0))), f32x4.splat(<f32>(1.0 / 7.0)));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(<f32>(1.0 / 5.0)));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(<f32>(1.0 / 3.0)));
  p = f32x4.mul(p, z);
  const twoS = f32x4.add(s, s);
  return f32x4.add(f32x4.mul(twoS, p), twoS);
}

// @ts-expect-error: decorator
@inline const LN2: f32 = 0.6931471805599453;

// log1p(e) for e in [0, 1], as softplus(−|x|) needs: for e ≤ √2 − 1 the argument f = e is used
// as it is (no rounding of 1 + e, so tiny e keep their full precision); above, 1 + e = 2(1 + f)
// with f = (e − 1) / 2, computed exactly enough.
// @ts-expect-error: decorator
@inline
export function log1pUnit(e: v128): v128 {
  const big = f32x4.gt(e, f32x4.splat(<f32>0.41421356));
  const f = v128.bitselect(f32x4.mul(f32x4.sub(e, f32x4.splat(1)), f32x4.splat(0.5)), e, big);
  return f32x4.add(log1pReduced(f), v128.and(big, f32x4.splat(LN2)));
}

// log(p) for positive normal p: p = 2^k · m with m in [√½, √2), log p = k·ln2 + log1p(m − 1).
// @ts-expect-error: decorator
@inline
export function logPositive(p: v128): v128 {
  // Subtracting the bits of √½ centres the mantissa range on 1.
  const shifted = i32x4.sub(p, i32x4.splat(0x3f3504f3));
  const k = i32x4.shr_s(shifted, 23);
  const m = i32x4.add(v128.and(shifted, i32x4.splat(0x007fffff)), i32x4.splat(0x3f3504f3));
  const log1pM = log1pReduced(f32x4.sub(m, f32x4.splat(1)));
  return f32x4.add(f32x4.mul(f32x4.convert_i32x4_s(k), f32x4.splat(LN2)), log1pM);
}
