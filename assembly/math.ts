// Vector (f32x4) exp and log1p for the kernels, and the multiply-add they are made of.
// WebAssembly SIMD128 has no fused multiply-add; relaxed SIMD has one, but Node 20 lacks it. So
// npm run build:wasm builds the kernels twice (scripts/build-wasm.mjs): with ASC_FEATURE_RELAXED_SIMD
// false, where madd is a mul and an add, and true, where it is f32x4.relaxed_madd (one vfmadd on
// x86 with FMA, on ARM64 always), and the loader picks the second where the runtime validates it.

/**
 * a·b + c. relaxed_madd may round once (fused) or twice, as the engine chooses: every caller
 * here is accurate either way, and the tests run under both builds.
 */
// @ts-expect-error: decorator
@inline
export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

// exp(d) for d ≤ 0 (logits minus their row max), as 2^y with y = d·log2e rounded once: n = round(y)
// by the magic-bias trick, f = y − n in [−½, ½], 2^f by a degree-5 minimax polynomial
// (scripts/fit_exp2_polynomial.py) and 2^n built in the exponent bits. That is 15 SIMD
// instructions per 4 values where the two-step ln2 reduction (rr2-p5) took 19, and the kernels are
// bound by this function. The price is y's rounding: it adds about |d|·7e-8 to the relative error,
// the same order as rounding x − max to float32 already costs, so a loss (Σ weighted towards small
// |d|) keeps its ~1e-7 accuracy; scripts/exp-ulp.mjs measures it over every float32.
// @ts-expect-error: decorator
@inline const LOG2E: f32 = reinterpret<f32>(0x3fb8aa3b);
// 0x1.8000FEp23: adding it rounds to an integer and leaves n + 127 in the low mantissa bits.
// @ts-expect-error: decorator
@inline const MAGIC: f32 = reinterpret<f32>(0x4b40007f);
// @ts-expect-error: decorator
@inline const C1: f32 = reinterpret<f32>(0x3f317215);
// @ts-expect-error: decorator
@inline const C2: f32 = reinterpret<f32>(0x3e75fcd7);
// @ts-expect-error: decorator
@inline const C3: f32 = reinterpret<f32>(0x3d635b27);
// @ts-expect-error: decorator
@inline const C4: f32 = reinterpret<f32>(0x3c1e7733);
// @ts-expect-error: decorator
@inline const C5: f32 = reinterpret<f32>(0x3aae086a);
// -0x1.5D589Ep6 ≈ −87.34: below it e^d is not a normal float (and n + 127 would leave [1, 254]).
// @ts-expect-error: decorator
@inline export const EXP_CUTOFF: f32 = reinterpret<f32>(0xc2aeac4f);

/**
 * e^d for EXP_CUTOFF ≤ d ≤ 0 (NaN stays NaN); garbage below, so callers that cannot rule that out
 * (from the row's smallest value) use the masked form below.
 */
// @ts-expect-error: decorator
@inline
export function expAboveCutoff(d: v128): v128 {
  const log2e = f32x4.splat(LOG2E);
  const magic = f32x4.splat(MAGIC);
  let biased: v128;
  let f: v128;
  if (ASC_FEATURE_RELAXED_SIMD) {
    // f = d·log2e − n in one fma from −n = MAGIC − biased: three instructions where the split
    // form takes four, and, fused, without y's rounding.
    biased = madd(d, log2e, magic);
    f = madd(d, log2e, f32x4.sub(magic, biased));
  } else {
    const y = f32x4.mul(d, log2e);
    biased = f32x4.add(y, magic);
    f = f32x4.sub(y, f32x4.sub(biased, magic));
  }
  const scale = i32x4.shl(biased, 23);
  let p = madd(f32x4.splat(C5), f, f32x4.splat(C4));
  p = madd(p, f, f32x4.splat(C3));
  p = madd(p, f, f32x4.splat(C2));
  p = madd(p, f, f32x4.splat(C1));
  p = madd(p, f, f32x4.splat(1));
  return f32x4.mul(p, scale);
}

/** e^d for d ≤ 0, exactly 0 below EXP_CUTOFF (so −Infinity gives 0); NaN stays NaN. */
// @ts-expect-error: decorator
@inline
export function expNonPositive(d: v128): v128 {
  return v128.andnot(expAboveCutoff(d), f32x4.lt(d, f32x4.splat(EXP_CUTOFF)));
}

// log1p(f) for f in [√½ − 1, √2 − 1] through s = f / (2 + f): log1p(f) = 2·atanh(s) =
// 2s·(1 + s²/3 + s⁴/5 + s⁶/7 + s⁸/9); |s| ≤ 0.1716, so the series' remainder is below 2⁻²⁸.
// @ts-expect-error: decorator
@inline
function log1pReduced(f: v128): v128 {
  const s = f32x4.div(f, f32x4.add(f32x4.splat(2), f));
  const z = f32x4.mul(s, s);
  let p = madd(z, f32x4.splat(<f32>(1.0 / 9.0)), f32x4.splat(<f32>(1.0 / 7.0)));
  p = madd(p, z, f32x4.splat(<f32>(1.0 / 5.0)));
  p = madd(p, z, f32x4.splat(<f32>(1.0 / 3.0)));
  p = f32x4.mul(p, z);
  const twoS = f32x4.add(s, s);
  return madd(twoS, p, twoS);
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
  return madd(f32x4.convert_i32x4_s(k), f32x4.splat(LN2), log1pM);
}
