// The kernels as the TypeScript side sees them: the interface and parameter lists generated from
// the AssemblyScript sources at build time (generated/kernels.ts, by scripts/build-wasm.mjs), and
// what the callers derive from them. Nothing here lists a kernel by hand.
import { KERNEL_PARAMETERS, type KernelExports } from './generated/kernels.js';

export type { KernelExports };

/** A row kernel: every export but heapBase, which reports the module's static data size. */
export type KernelName = Exclude<keyof KernelExports, 'heapBase'>;

/** The arguments of one call of kernel K, as a labelled tuple (its parameter names). */
export type KernelArguments<K extends KernelName> = Parameters<KernelExports[K]>;

/** Kernel ids for the worker protocol: the index in this list (the order asc declares them). */
export const KERNEL_NAMES: readonly KernelName[] = Object.keys(KERNEL_PARAMETERS).filter(
  (name): name is KernelName => name !== 'heapBase',
);

/** The most arguments any kernel takes: the worker protocol's table has this many per call. */
export const MAX_ARGUMENTS = Math.max(...KERNEL_NAMES.map((name) => KERNEL_PARAMETERS[name].length));

/**
 * Throws, naming the kernel, when `args` is not its argument list: a call typed around the
 * interface (a cast, plain JS) would otherwise pass garbage addresses to WASM.
 */
export function checkKernelArguments(name: KernelName, args: readonly number[]): void {
  const parameters: readonly string[] = KERNEL_PARAMETERS[name];
  if (args.length !== parameters.length) {
    throw new Error(
      `xent kernels: ${name} takes ${parameters.length} arguments (${parameters.join(', ')}), got ${args.length}`,
    );
  }
}

/** Calls kernel `name` on this thread; its status, or −1 for a kernel that returns none. */
export function callKernel<K extends KernelName>(
  exports: KernelExports,
  name: K,
  args: KernelArguments<K>,
): number {
  const kernel = exports[name] as (...args: KernelArguments<K>) => number | undefined;
  return kernel(...args) ?? -1;
}
