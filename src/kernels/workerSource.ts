// The worker's code, as a string: a worker started from a string (Node `eval`, a Blob URL in a
// browser) needs no file path or bundler plugin. Each worker instantiates the same module over
// the same shared memory and then sleeps on its slot of the control block. A job is a kernel id
// and a table of chunks (the rows of a call, cut in pieces): the caller and every woken worker
// take chunks with an atomic counter until none is left, so a worker that wakes late, or a core
// that runs slower, costs its share of the chunks instead of a wait for a fixed half. A chunk
// whose inputs the caller is still copying in (staging) is waited for on the table's ready count.

import { KERNEL_NAMES, MAX_ARGUMENTS } from './exports.js';

export const SLOT_BYTES = 128;
/** Int32 fields of a slot. */
export const SEQUENCE = 0;
export const DONE = 1;
export const KERNEL = 2;
export const READY = 4;
/** 0 when a job is posted; the worker sets 1 to join it, the caller 2 once it no longer may. */
export const CLAIM = 5;
/** Uint32 byte addresses of the job's chunk table: its header of counters (TABLE_*), each
 * chunk's result (Int32) and each chunk's MAX_ARGUMENTS float64 arguments (the widest kernel's
 * count, from the generated interface); then the count. */
export const JOB_TABLE = 6;
export const JOB_RESULTS = 7;
export const JOB_ARGS = 8;
export const JOB_CHUNKS = 9;
/** The result a chunk reports when its kernel threw on a worker. */
export const WORKER_FAILED = -2;
/** A chunk's result until whoever took it has run it. */
export const PENDING = -3;
/** Byte offsets, in a chunk table's header, of its Int32 counters. */
export const TABLE_TAKEN = 0;
/** How many chunks (from the first) have their inputs staged; ABORTED when the caller gave up. */
export const TABLE_READY = 4;
/** How many chunks the workers have finished (the caller sleeps on it when it has nothing to do). */
export const TABLE_COMPLETED = 8;
/** The ready count of a job that the caller abandoned: a worker runs no further chunk. */
export const ABORTED = -1;

/** `args[a], args[a + 1], …` for every argument slot: a kernel ignores the slots past its own. */
const argumentList = Array.from({ length: MAX_ARGUMENTS }, (_, k) => `args[a + ${k}]`).join(', ');

const body = `
const names = ${JSON.stringify(KERNEL_NAMES)};
function serve(module, memory, address) {
  const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports;
  const slot = new Int32Array(memory.buffer, address, ${SLOT_BYTES / 4});
  // Read the sequence before announcing readiness: a job posted right after must look new.
  let seen = Atomics.load(slot, ${SEQUENCE});
  Atomics.store(slot, ${READY}, 1);
  Atomics.notify(slot, ${READY});
  for (;;) {
    Atomics.wait(slot, ${SEQUENCE}, seen);
    seen = Atomics.load(slot, ${SEQUENCE});
    // The caller may have finished the job already (it does when a worker is slow to wake).
    if (Atomics.compareExchange(slot, ${CLAIM}, 0, 1) === 0) runChunks(kernels, memory, slot);
    Atomics.store(slot, ${DONE}, seen);
    Atomics.notify(slot, ${DONE});
  }
}
function runChunks(kernels, memory, slot) {
  const kernel = kernels[names[slot[${KERNEL}]]];
  const chunks = slot[${JOB_CHUNKS}];
  // Views made per job: the memory may have grown since the last one.
  const table = new Int32Array(memory.buffer, slot[${JOB_TABLE}] >>> 0, 3);
  const results = new Int32Array(memory.buffer, slot[${JOB_RESULTS}] >>> 0, chunks);
  const args = new Float64Array(memory.buffer, slot[${JOB_ARGS}] >>> 0, chunks * ${MAX_ARGUMENTS});
  for (let i = Atomics.add(table, ${TABLE_TAKEN / 4}, 1); i < chunks; i = Atomics.add(table, ${TABLE_TAKEN / 4}, 1)) {
    // The caller copies each chunk's inputs in (staging) while the chunks before it run.
    let ready = Atomics.load(table, ${TABLE_READY / 4});
    while (ready >= 0 && ready <= i) {
      Atomics.wait(table, ${TABLE_READY / 4}, ready);
      ready = Atomics.load(table, ${TABLE_READY / 4});
    }
    if (ready === ${ABORTED}) return;
    const a = i * ${MAX_ARGUMENTS};
    let result;
    try {
      result = kernel(${argumentList});
    } catch (error) {
      // A trap here is a bug in the caller's addresses; report it instead of hanging the caller.
      result = ${WORKER_FAILED};
      console.error(error);
    }
    Atomics.store(results, i, result === undefined ? -1 : result);
    Atomics.add(table, ${TABLE_COMPLETED / 4}, 1);
    Atomics.notify(table, ${TABLE_COMPLETED / 4});
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
