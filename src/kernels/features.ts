// Which build of the WASM kernels this runtime runs: the relaxed-SIMD build (fused multiply-add
// in the exp and log polynomials, assembly/math.ts) where the engine validates relaxed SIMD
// (Node ≥ 22, Chromium ≥ 114, Firefox ≥ 120), the SIMD128 build elsewhere (Node 20, Safari).
import { XentError } from '../errors.js';

/** The two builds of the kernels, with the same exports (scripts/build-wasm.mjs). */
export type KernelVariant = 'relaxed' | 'simd128';

/** The environment variable that forces one build, in Node (the tests run under both). */
export const KERNEL_VARIANT_VARIABLE = 'XENT_KERNEL_VARIANT';

/** Whether this runtime has WASM relaxed SIMD (a minimal module using one relaxed op validates). */
export function hasRelaxedSimd(): boolean {
  if (typeof WebAssembly !== 'object') return false;
  // (module (func (param v128 v128 v128) (result v128)
  //   (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2))))
  const probe = Uint8Array.of(
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // magic, version
    ...[0x01, 0x08, 0x01, 0x60, 0x03, 0x7b, 0x7b, 0x7b, 0x01, 0x7b], // type: (v128 ×3) → v128
    ...[0x03, 0x02, 0x01, 0x00], // one function of that type
    ...[0x0a, 0x0d, 0x01, 0x0b, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02], // code: local.get 0, 1, 2
    ...[0xfd, 0x85, 0x02, 0x0b], // f32x4.relaxed_madd (0xfd 0x105), end
  );
  return WebAssembly.validate(probe);
}

function forcedVariant(): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.[KERNEL_VARIANT_VARIABLE];
  return value === undefined || value === '' ? undefined : value;
}

/**
 * The build to load: the one XENT_KERNEL_VARIANT names ('relaxed' or 'simd128') where it is set,
 * else 'relaxed' where hasRelaxedSimd(). Forcing 'relaxed' where the runtime lacks it is an error,
 * not a silent fallback, so a test run that asks for it cannot pass on the other build.
 */
export function kernelVariant(): KernelVariant {
  const forced = forcedVariant();
  if (forced === undefined) return hasRelaxedSimd() ? 'relaxed' : 'simd128';
  const details = { op: 'loadKernels', argument: KERNEL_VARIANT_VARIABLE, value: forced };
  if (forced !== 'relaxed' && forced !== 'simd128') {
    throw new XentError(
      'INVALID_OPTION',
      `${KERNEL_VARIANT_VARIABLE}=${forced} names no kernel build; set it to 'relaxed' or 'simd128', or unset it to choose by feature detection`,
      details,
    );
  }
  if (forced === 'relaxed' && !hasRelaxedSimd()) {
    throw new XentError(
      'INVALID_OPTION',
      `${KERNEL_VARIANT_VARIABLE}=relaxed, but this runtime has no WebAssembly relaxed SIMD; run Node ≥ 22 or unset it`,
      details,
    );
  }
  return forced;
}
