// The choice between the kernels' two builds (src/kernels/features.ts): relaxed SIMD where the
// runtime validates it, SIMD128 elsewhere, either one forced by XENT_KERNEL_VARIANT. Run this
// file (and the other kernel tests) under Node 22 with XENT_KERNEL_VARIANT=relaxed as well:
// npm run test:kernels:relaxed.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { XentError } from '../../src/errors.js';
import { hasRelaxedSimd, KERNEL_VARIANT_VARIABLE, kernelVariant } from '../../src/kernels/features.js';
import { kernelRuntime } from '../../src/kernels/runtime.js';
import { type LoadedKernels, loadKernelsSync } from '../../src/kernels/wasm.js';

const nodeMajor = Number(process.versions.node.split('.')[0]);

afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

/** e^d through a build's own expArray export, on its own memory. */
function expThrough(kernels: LoadedKernels, d: Float32Array): Float32Array {
  const at = 65536;
  const bytes = d.length * 4;
  new Float32Array(kernels.memory.buffer, at, d.length).set(d);
  kernels.exports.expArray(at, at + bytes, d.length);
  return new Float32Array(kernels.memory.buffer, at + bytes, d.length).slice();
}

describe('kernel variant', () => {
  it('hasRelaxedSimd() is true from Node 22 on (V8 12.4 ships relaxed SIMD), false on Node 20', () => {
    expect(hasRelaxedSimd()).toBe(nodeMajor >= 22);
  });

  it('kernelVariant() takes relaxed SIMD where the runtime has it, unless XENT_KERNEL_VARIANT says otherwise', () => {
    vi.stubEnv(KERNEL_VARIANT_VARIABLE, '');
    expect(kernelVariant()).toBe(hasRelaxedSimd() ? 'relaxed' : 'simd128');
    vi.stubEnv(KERNEL_VARIANT_VARIABLE, 'simd128');
    expect(kernelVariant()).toBe('simd128');
    vi.stubEnv(KERNEL_VARIANT_VARIABLE, 'relaxed');
    if (hasRelaxedSimd()) expect(kernelVariant()).toBe('relaxed');
    else
      expect(() => kernelVariant()).toThrow(
        /XENT_KERNEL_VARIANT=relaxed names no kernel build this runtime has/,
      );
    vi.stubEnv(KERNEL_VARIANT_VARIABLE, 'fma');
    expect(() => kernelVariant()).toThrow(XentError);
    expect(() => kernelVariant()).toThrow(
      "XENT_KERNEL_VARIANT=fma names no kernel build this runtime has: set it to 'simd128', or 'relaxed'",
    );
  });

  it('the kernels in use are the build XENT_KERNEL_VARIANT names, or the detected one', () => {
    const forced = process.env[KERNEL_VARIANT_VARIABLE];
    const expected =
      forced === undefined || forced === '' ? (hasRelaxedSimd() ? 'relaxed' : 'simd128') : forced;
    expect(kernelRuntime()?.kernels.variant).toBe(expected);
  });

  it('both builds, over a shared and a plain memory, have the same exports, and their exp agrees with Math.exp to the documented 2 + 1.2·|d| ulp', () => {
    const variants = hasRelaxedSimd() ? (['simd128', 'relaxed'] as const) : (['simd128'] as const);
    const builds: LoadedKernels[] = [];
    for (const variant of variants) {
      vi.stubEnv(KERNEL_VARIANT_VARIABLE, variant);
      builds.push(loadKernelsSync());
      // Without SharedArrayBuffer the loader clears the module's shared-memory flag.
      vi.stubGlobal('SharedArrayBuffer', undefined);
      builds.push(loadKernelsSync());
      vi.unstubAllGlobals();
    }
    expect(builds.map((kernels) => [kernels.variant, kernels.shared])).toEqual(
      variants.flatMap((variant) => [
        [variant, true],
        [variant, false],
      ]),
    );
    for (const kernels of builds) {
      expect(kernels.memory.buffer instanceof ArrayBuffer).toBe(!kernels.shared);
    }
    const d = Float32Array.from({ length: 4001 }, (_, i) => -87 * (i / 4000));
    for (const kernels of builds) {
      expect(Object.keys(kernels.exports).sort()).toEqual(Object.keys(builds[0].exports).sort());
      const e = expThrough(kernels, d);
      for (let i = 0; i < d.length; i++) {
        const exact = Math.exp(d[i]);
        // One float32 ulp at e^d: 2^(exponent − 23).
        const ulp = 2 ** (Math.floor(Math.log2(exact)) - 23);
        const bound = (2 + 1.2 * Math.abs(d[i])) * ulp;
        if (!(Math.abs(e[i] - exact) <= bound)) {
          throw new Error(`${kernels.variant}: exp(${d[i]}) = ${e[i]}, expected ${exact} within ${bound}`);
        }
      }
    }
  });
});
