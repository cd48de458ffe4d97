// Observes from outside which calls ran through the WASM kernels: spies on the kernel wrappers'
// exports (src/kernels/), counting the calls that returned a result (undefined means "not
// available, take the reference path").
import { vi } from 'vitest';
import * as activations from '../../src/kernels/activations.js';
import * as binary from '../../src/kernels/binaryCrossEntropy.js';
import * as crossEntropy from '../../src/kernels/crossEntropy.js';

type Spied = { mock: { results: { type: string; value: unknown }[] } };

/** Starts counting kernel runs; `count` is the number of runs since this call. */
export function watchKernelRuns(): { readonly count: number } {
  const spies: Spied[] = [
    vi.spyOn(crossEntropy, 'crossEntropyIndexKernel'),
    vi.spyOn(crossEntropy, 'crossEntropyProbabilityKernel'),
    vi.spyOn(binary, 'binaryCrossEntropyWithLogitsKernel'),
    vi.spyOn(activations, 'softmaxKernel'),
    vi.spyOn(activations, 'logSoftmaxKernel'),
    vi.spyOn(activations, 'logSumExpKernel'),
    vi.spyOn(activations, 'entropyKernel'),
  ];
  const ran = () =>
    spies.reduce(
      (total, spy) =>
        total +
        spy.mock.results.filter((result) => result.type === 'return' && result.value !== undefined).length,
      0,
    );
  const start = ran();
  return {
    get count() {
      return ran() - start;
    },
  };
}
