import type { KernelName } from './exports.js';

/** Kernel ids for the worker protocol: the index in this list. */
export const KERNEL_NAMES: readonly KernelName[] = [
  'ceIndexForward',
  'ceIndexGrad',
  'ceProbForward',
  'ceProbGrad',
  'bceLogits',
  'bceLogitsGrad',
  'softmaxRows',
  'logSoftmaxRows',
  'logSumExpRows',
  'entropyRows',
  'expArray',
  'firstOutsideUnit',
];
