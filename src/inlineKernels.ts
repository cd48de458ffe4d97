// The `xent/inline-kernels` entry: the kernel binary inline, as a data: URL, for builds that
// cannot emit kernels.wasm as a file (a bundler that does not follow `new URL(…, import.meta.url)`,
// a single-file page). Its 44 kB of base64 are in the bundle only when this entry is imported:
//   import { inlineKernels } from 'xent/inline-kernels';
//   await initKernels({ binary: inlineKernels });
import { kernelsBase64 } from './kernels/generated/inline.js';

/** kernels.wasm as a `data:application/wasm;base64,…` URL, for initKernels({ binary }). */
export const inlineKernels: string = `data:application/wasm;base64,${kernelsBase64}`;
