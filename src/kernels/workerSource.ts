// The worker's code, as a string: a worker started from a string (Node `eval`, a Blob URL in a
// browser) needs no file path or bundler plugin. Each worker instantiates the same module over
// the same shared memory and then sleeps on its slot of the control block; a job is a kernel id
// and up to 12 numeric arguments, and the worker reports the kernel's result and a done count.
import { KERNEL_NAMES } from './kernelNames.js';

export const SLOT_BYTES = 128;
/** Int32 fields of a slot. */
export const SEQUENCE = 0;
export const DONE = 1;
export const KERNEL = 2;
export const RESULT = 3;
export const READY = 4;
/** 0 when a part is posted; the worker sets 1 to take it, the caller 2 to run it itself. */
export const CLAIM = 5;
/** Float64 arguments start at this byte offset of a slot. */
export const ARGUMENTS_OFFSET = 32;
export const MAX_ARGUMENTS = 12;
/** The result a worker reports when its kernel threw. */
export const WORKER_FAILED = -2;

const body = `
const names = ${JSON.stringify(KERNEL_NAMES)};
function serve(module, memory, address) {
  const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports;
  const slot = new Int32Array(memory.buffer, address, ${SLOT_BYTES / 4});
  const args = new Float64Array(memory.buffer, address + ${ARGUMENTS_OFFSET}, ${MAX_ARGUMENTS});
  // Read the sequence before announcing readiness: a job posted right after must look new.
  let seen = Atomics.load(slot, ${SEQUENCE});
  Atomics.store(slot, ${READY}, 1);
  Atomics.notify(slot, ${READY});
  for (;;) {
    Atomics.wait(slot, ${SEQUENCE}, seen);
    seen = Atomics.load(slot, ${SEQUENCE});
    // The caller may have run this part itself already (it does when a worker is slow to wake).
    if (Atomics.compareExchange(slot, ${CLAIM}, 0, 1) !== 0) {
      Atomics.store(slot, ${DONE}, seen);
      Atomics.notify(slot, ${DONE});
      continue;
    }
    let result;
    try {
      result = kernels[names[slot[${KERNEL}]]](
        args[0], args[1], args[2], args[3], args[4], args[5],
        args[6], args[7], args[8], args[9], args[10], args[11]);
    } catch (error) {
      // A trap here is a bug in the caller's addresses; report it instead of hanging the caller.
      result = ${WORKER_FAILED};
      console.error(error);
    }
    slot[${RESULT}] = result === undefined ? -1 : result;
    Atomics.store(slot, ${DONE}, seen);
    Atomics.notify(slot, ${DONE});
  }
}
`;

/**
 * For node:worker_threads with `eval: true` (the setup comes in workerData). No require or import:
 * eval'd code is CommonJS or an ES module depending on the flags, and getBuiltinModule works in both.
 */
export const nodeWorkerSource = `${body}
const { workerData } = process.getBuiltinModule('node:worker_threads');
serve(workerData.module, workerData.memory, workerData.address);
`;

/** For a browser Worker from a Blob URL (the setup comes in the first message). */
export const browserWorkerSource = `${body}
self.onmessage = (event) => serve(event.data.module, event.data.memory, event.data.address);
`;
