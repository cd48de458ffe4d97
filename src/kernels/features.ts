// Which build of the WASM kernels this runtime runs: the relaxed-SIMD build (fused multiply-add
// in the exp and log polynomials, assembly/math.ts) where the engine validates relaxed SIMD
// (Node ≥ 22, Chromium ≥ 114, Firefox ≥ 120), the SIMD128 build elsewhere (Node 20, Safari).
import { XentError } from '../errors.js';

/** The two builds of the kernels, with the same exports (scripts/build-wasm.mjs). */
export type KernelVariant = 'relaxed' | 'simd128';

/** The environment variable that forces one build, in Node (the tests run under both). */
export const KERNEL_VARIANT_VARIABLE = 'XENT_KERNEL_VARIANT';

/** Whether this runtime's WebAssembly accepts the module written in `hex` (a feature probe). */
export function validates(hex: string): boolean {
  if (typeof WebAssembly !== 'object') return false;
  return WebAssembly.validate(Uint8Array.from(hex.match(/../g) ?? [], (byte) => Number.parseInt(byte, 16)));
}

/** Whether this runtime has WASM relaxed SIMD (a minimal module using one relaxed op validates). */
export function hasRelaxedSimd(): boolean {
  // (module (func (param v128 v128 v128) (result v128)
  //   (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2))))
  // magic and version; type (v128 ×3) → v128; one function of it; code: local.get 0, 1, 2,
  // f32x4.relaxed_madd (0xfd 0x105), end.
  return validates('0061736d0100000001080160037b7b7b017b030201000a0d010b00200020012002fd85020b');
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
  if (forced === 'simd128' || (forced === 'relaxed' && hasRelaxedSimd())) return forced;
  throw new XentError(
    'INVALID_OPTION',
    `${KERNEL_VARIANT_VARIABLE}=${forced} names no kernel build this runtime has: set it to 'simd128', or 'relaxed' where WebAssembly has relaxed SIMD (Node ≥ 22), or unset it to choose by feature detection`,
    { op: 'loadKernels', argument: KERNEL_VARIANT_VARIABLE, value: forced },
  );
}
