// When a call takes the WASM kernels: the one rule every fast path asks, in one place.
import { kernelRuntime } from '../kernels/runtime.js';

/**
 * Inputs with fewer elements take the plain-TS path, whose per-call cost is lower. Tests inject a
 * policy by setting `minElements` (0 sends every eligible call through the kernels, Infinity none).
 */
export const kernelPolicy = { minElements: 4096 };

/**
 * Whether a call over `elements` values should take the kernels: big enough to pay for the call,
 * and the kernels loaded. Asked before anything is allocated for either path.
 */
export function kernelsTake(elements: number): boolean {
  return elements >= kernelPolicy.minElements && kernelRuntime() !== undefined;
}
