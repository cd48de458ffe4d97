// Kernel calls that must not compile: `npm run typecheck` (tsc --noEmit) checks this file, and
// each `@ts-expect-error` fails the check if its line ever compiles, e.g. were the kernel
// interface (src/kernels/generated/kernels.ts) loosened to `(...args: number[]) => number`.
// test/kernels/kernelTypes.test.ts also compiles it without the directives and checks that each
// line is an error about the kernel call. Types only: nothing here runs.
import type { KernelExports } from '../../src/kernels/exports.js';
import { runRows } from '../../src/kernels/rows.js';
import type { KernelRuntime } from '../../src/kernels/runtime.js';

declare const kernels: KernelExports;
declare const runtime: KernelRuntime;
declare const logits: Float32Array;

// A call that fits the kernel compiles.
kernels.softmaxRows(0, 64, 1, 4);
runRows(runtime, 'softmaxRows', 1, 4, (start, n) => [start * 16, 64 + start * 16, n, 4]);

// @ts-expect-error: softmaxRows takes (x, out, rows, classes): an argument is missing.
kernels.softmaxRows(0, 64, 1);

// @ts-expect-error: addresses are numbers, not the array they point into.
kernels.entropyRows(logits, 1, 4, 0);

// @ts-expect-error: ceIndexForward's nine arguments given to ceIndexGrad (twelve).
runRows(runtime, 'ceIndexGrad', 1, 4, (_start, n) => [0, n, 4, 0, -100, 0, 0, 4, 0]);

// @ts-expect-error: a thirteenth argument to the widest kernel.
runRows(runtime, 'ceIndexGrad', 1, 4, (_start, n) => [0, 0, n, 4, 0, -100, 0, 0, 4, 0, 0, 1, 0]);

// @ts-expect-error: no kernel has this name.
runRows(runtime, 'softmax', 1, 4, (_start, n) => [0, 0, n, 4]);
