// A pool of worker threads that run kernels on row ranges of the shared memory. Workers start
// lazily (on the first input big enough to split), are reused for every later call, never keep
// a process alive (unref), and take jobs through Atomics on a control block in the memory
// itself, so a dispatch costs microseconds and no message copies. The calling thread takes
// chunks too (and, for inputs outside the memory, copies them in and the output out while the
// workers compute), then waits for the others (Atomics.wait in Node; a spin in a browser's main
// thread, where waiting is not allowed).

import { checkNumber } from '../options.js';
import {
  callKernel,
  checkKernelArguments,
  KERNEL_NAMES,
  type KernelArguments,
  type KernelName,
  MAX_ARGUMENTS,
} from './exports.js';
import { nodeBuiltin } from './nodeBuiltin.js';
import { CONTROL_ADDRESS, type KernelRuntime } from './runtime.js';
import {
  ABORTED,
  browserWorkerSource,
  CLAIM,
  DONE,
  JOB_ARGS,
  JOB_CHUNKS,
  JOB_RESULTS,
  JOB_TABLE,
  KERNEL,
  nodeWorkerSource,
  PENDING,
  READY,
  SEQUENCE,
  SLOT_BYTES,
  TABLE_COMPLETED,
  TABLE_READY,
  TABLE_TAKEN,
  WORKER_FAILED,
} from './workerSource.js';

const MAX_THREADS = 64;
/** How long a Node caller waits for a new worker to come up before running without it. */
const START_TIMEOUT_MS = 5000;
/** A job that takes longer than this means a worker died. */
const JOB_TIMEOUT_MS = 120_000;
const WORKER_BLOCKED =
  "xent runs its kernels on one thread: a Web Worker from a blob: URL could not start. If this page's " +
  "Content-Security-Policy refuses it, add blob: to its worker-src directive (worker-src 'self' blob:).";

interface NodeWorker {
  unref(): void;
  terminate(): Promise<number>;
  on(event: 'error', listener: (error: unknown) => void): void;
}
type WorkerHandle = NodeWorker | Worker;

interface WorkerThreadsModule {
  Worker: new (
    source: string,
    options: { eval: true; workerData: unknown; execArgv: string[] },
  ) => NodeWorker;
}

function defaultThreads(): number {
  const os = nodeBuiltin<{ availableParallelism?: () => number }>('node:os');
  if (os?.availableParallelism) return os.availableParallelism();
  const hardware = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator
    ?.hardwareConcurrency;
  return typeof hardware === 'number' && hardware > 0 ? hardware : 1;
}

let requestedThreads: number | undefined;

/**
 * Sets how many threads the kernels use (the caller's thread included); 1 turns the pool off.
 * The default is the number of cores (os.availableParallelism(), navigator.hardwareConcurrency).
 */
export function setKernelThreads(threads: number): void {
  requestedThreads = checkNumber(threads, {
    op: 'setKernelThreads',
    option: 'threads',
    min: 1,
    max: MAX_THREADS,
    integer: true,
  });
}

export function kernelThreads(): number {
  return Math.min(requestedThreads ?? defaultThreads(), MAX_THREADS);
}

class Pool {
  private readonly handles: WorkerHandle[] = [];
  private readonly slots: Int32Array[] = [];
  /** The chunk table, kept for the next job (one job runs at a time): its address and capacity. */
  private table = { address: 0, chunks: 0 };
  private readonly blockingWait: boolean;

  constructor(private readonly runtime: KernelRuntime) {
    this.blockingWait = nodeBuiltin('node:worker_threads') !== undefined;
  }

  private broken = false;

  /** Whether a worker failed, so the pool is no longer used (its callers run alone). */
  get failed(): boolean {
    return this.broken;
  }

  /** Workers that are up, starting more (up to `wanted`) if there are fewer. */
  ready(wanted: number): number {
    if (this.broken) return 0;
    while (this.handles.length < wanted && this.start()) {}
    let count = 0;
    while (count < Math.min(wanted, this.handles.length) && Atomics.load(this.slots[count], READY) === 1)
      count++;
    return count;
  }

  private start(): boolean {
    const { module, memory } = this.runtime.kernels;
    const index = this.handles.length;
    const address = CONTROL_ADDRESS + index * SLOT_BYTES;
    const buffer = memory.buffer;
    const slot = new Int32Array(buffer, address, SLOT_BYTES / 4);
    slot.fill(0);
    const threads = nodeBuiltin<WorkerThreadsModule>('node:worker_threads');
    let handle: WorkerHandle;
    if (threads !== undefined) {
      // execArgv: [] — a worker inherits the parent's flags, and one like --input-type=module
      // changes how its eval'd source is read.
      const worker = new threads.Worker(nodeWorkerSource, {
        eval: true,
        workerData: { module, memory, address },
        execArgv: [],
      });
      // A worker that dies never claims a part, so the caller runs it; this only keeps the
      // error from crashing the process and stops using the pool.
      worker.on('error', () => {
        this.broken = true;
      });
      worker.unref();
      handle = worker;
    } else if (typeof Worker === 'function' && typeof Blob === 'function') {
      const url = URL.createObjectURL(new Blob([browserWorkerSource], { type: 'text/javascript' }));
      const worker = new Worker(url);
      // What a page whose Content-Security-Policy refuses workers from blob: URLs gets instead
      // of a worker; without this the pool would wait for it to come up.
      worker.onerror = () => {
        if (!this.broken) console.warn(WORKER_BLOCKED);
        this.broken = true;
      };
      worker.postMessage({ module, memory, address });
      handle = worker;
    } else {
      return false;
    }
    this.handles.push(handle);
    this.slots.push(slot);
    // A Node thread can block here while the worker boots; a browser page cannot, so there
    // the new worker joins in on a later call.
    if (this.blockingWait) Atomics.wait(slot, READY, 0, START_TIMEOUT_MS);
    return true;
  }

  /**
   * Runs `name` once per chunk (each `calls[i]` its arguments) on this thread and on `workers`
   * workers, which take chunks as they come free; returns each chunk's result. With `staging`,
   * chunk i may run only once `staging.stage(i)` has copied its inputs in, and
   * `staging.finish(i)` copies its output out once it ran; this thread does both, in chunk
   * order, while the workers compute, keeping at most `staging.slots` chunks staged at once.
   */
  run<K extends KernelName>(
    name: K,
    calls: readonly KernelArguments<K>[],
    workers: number,
    staging?: Staging,
  ): number[] {
    const chunks = calls.length;
    const job = this.post(name, calls, workers, staging === undefined);
    const { table, results } = job;
    try {
      this.work(name, calls, job, staging);
    } catch (error) {
      // Release workers waiting for a chunk that will never be staged, then let them stop
      // before the caller frees what they read.
      Atomics.store(table, TABLE_READY / 4, ABORTED);
      Atomics.notify(table, TABLE_READY / 4);
      this.join(job.sequences);
      throw error;
    }
    this.join(job.sequences);
    const out = Array.from(results.subarray(0, chunks));
    if (out.includes(WORKER_FAILED)) throw new Error(`xent kernels: ${name} failed on a worker`);
    return out;
  }

  /** Writes the job's table and wakes `workers` workers on it. */
  private post<K extends KernelName>(
    name: K,
    calls: readonly KernelArguments<K>[],
    workers: number,
    allReady: boolean,
  ): Job {
    const id = KERNEL_NAMES.indexOf(name);
    const chunks = calls.length;
    const { address, results, args } = this.tableFor(chunks);
    const table = this.runtime.i32(address, 3);
    table[TABLE_TAKEN / 4] = 0;
    table[TABLE_READY / 4] = allReady ? chunks : 0;
    table[TABLE_COMPLETED / 4] = 0;
    const resultView = this.runtime.i32(results, chunks);
    resultView.fill(PENDING);
    const argView = this.runtime.f64(args, chunks * MAX_ARGUMENTS);
    for (let i = 0; i < chunks; i++) {
      // A longer list would run into the next chunk's arguments.
      checkKernelArguments(name, calls[i]);
      argView.set(calls[i], i * MAX_ARGUMENTS);
    }
    const sequences: number[] = [];
    for (let w = 0; w < workers; w++) {
      const slot = this.slots[w];
      slot[KERNEL] = id;
      slot[JOB_TABLE] = address;
      slot[JOB_RESULTS] = results;
      slot[JOB_ARGS] = args;
      slot[JOB_CHUNKS] = chunks;
      Atomics.store(slot, CLAIM, 0);
      const next = (Atomics.load(slot, SEQUENCE) + 1) | 0;
      sequences.push(next);
      Atomics.store(slot, SEQUENCE, next);
      Atomics.notify(slot, SEQUENCE);
    }
    return { table, results: resultView, sequences };
  }

  /**
   * This thread's share: finish what is done, stage while a slot is free, else run the next
   * staged chunk no one took, else sleep until a worker completes one.
   */
  private work<K extends KernelName>(
    name: K,
    calls: readonly KernelArguments<K>[],
    { table, results }: Job,
    staging: Staging | undefined,
  ): void {
    const chunks = calls.length;
    const slots = staging?.slots ?? chunks;
    let staged = staging === undefined ? chunks : 0;
    let finished = 0;
    let waitedSince = 0;
    while (finished < chunks) {
      if (finished < staged && Atomics.load(results, finished) !== PENDING) {
        staging?.finish(finished);
        finished++;
        waitedSince = 0;
        continue;
      }
      if (staging !== undefined && staged < chunks && staged - finished < slots) {
        staging.stage(staged);
        staged++;
        Atomics.store(table, TABLE_READY / 4, staged);
        Atomics.notify(table, TABLE_READY / 4);
        continue;
      }
      const next = Atomics.load(table, TABLE_TAKEN / 4);
      if (next < staged) {
        if (Atomics.compareExchange(table, TABLE_TAKEN / 4, next, next + 1) === next)
          Atomics.store(results, next, callKernel(this.runtime.exports, name, calls[next]));
        continue;
      }
      // A worker holds the oldest chunk: sleep until one completes (the count read before the
      // check, so a completion in between ends the wait at once).
      const completed = Atomics.load(table, TABLE_COMPLETED / 4);
      if (Atomics.load(results, finished) !== PENDING) continue;
      waitedSince ||= Date.now();
      if (Date.now() - waitedSince > JOB_TIMEOUT_MS)
        throw new Error('xent kernels: a worker stopped answering');
      if (this.blockingWait) Atomics.wait(table, TABLE_COMPLETED / 4, completed, 1000);
    }
  }

  /** Waits until every worker woken for the job has left it (or never joined it). */
  private join(sequences: readonly number[]): void {
    for (let w = 0; w < sequences.length; w++) {
      const slot = this.slots[w];
      // A worker that has not joined yet (asleep, or its core busy) is told not to: every chunk
      // is done. One that joined may still be on its last chunk.
      if (Atomics.compareExchange(slot, CLAIM, 0, 2) === 0) continue;
      const sequence = sequences[w];
      const started = Date.now();
      // Wait on the value just checked: reading DONE again for the wait could see the final
      // value and then sleep until the timeout.
      for (let done = Atomics.load(slot, DONE); done !== sequence; done = Atomics.load(slot, DONE)) {
        if (this.blockingWait) Atomics.wait(slot, DONE, done, 1000);
        if (Date.now() - started > JOB_TIMEOUT_MS)
          throw new Error('xent kernels: a worker stopped answering');
      }
    }
  }

  /** Addresses of the chunk table's header, results and arguments, grown to `chunks` if needed. */
  private tableFor(chunks: number): { address: number; results: number; args: number } {
    if (this.table.chunks < chunks) {
      // Every worker that used the old table has reported done (run waits for them).
      if (this.table.address !== 0) this.runtime.allocator.release(this.table.address);
      const capacity = Math.max(chunks, 64);
      this.table = { address: this.runtime.allocator.allocate(tableBytes(capacity).bytes), chunks: capacity };
    }
    const { address } = this.table;
    const layout = tableBytes(this.table.chunks);
    return { address, results: address + layout.results, args: address + layout.args };
  }
}

/** How a job's inputs get into the memory and its output out of it, chunk by chunk. */
export interface Staging {
  /** The most chunks staged and not yet finished at once (the staging area's slots). */
  readonly slots: number;
  /** Copies chunk i's inputs into its slot. */
  stage(chunk: number): void;
  /** Copies chunk i's output out of its slot, once its kernel ran. */
  finish(chunk: number): void;
}

interface Job {
  /** The table's header of counters (TABLE_*). */
  table: Int32Array;
  results: Int32Array;
  /** The sequence number each woken worker reports done with. */
  sequences: number[];
}

/** Byte offsets in a chunk table: a header of Int32 counters, Int32 results, then float64 arguments. */
function tableBytes(chunks: number): { results: number; args: number; bytes: number } {
  const results = 16;
  const args = results + Math.ceil(chunks / 2) * 8;
  return { results, args, bytes: args + chunks * MAX_ARGUMENTS * 8 };
}

let pool: Pool | undefined;

/** The pool, if this runtime can have one (shared memory and a worker API). */
export function workerPool(runtime: KernelRuntime): Pool | undefined {
  if (!runtime.kernels.shared) return undefined;
  pool ??= new Pool(runtime);
  return pool;
}

export type { Pool };

/**
 * Starts the workers that kernelThreads() asks for and resolves, with how many are up, once they
 * are (or after START_TIMEOUT_MS). A browser worker comes up only while the page's main thread is
 * idle, so one started inside a long synchronous loop of calls would never join it: initKernels()
 * awaits this, and the loop that follows has its threads from the first call.
 */
export async function startWorkers(runtime: KernelRuntime): Promise<number> {
  const pool = workerPool(runtime);
  const wanted = kernelThreads() - 1;
  if (pool === undefined || wanted < 1) return 0;
  const started = Date.now();
  while (!pool.failed && pool.ready(wanted) < wanted && Date.now() - started < START_TIMEOUT_MS)
    await new Promise((resolve) => setTimeout(resolve, 5));
  return pool.ready(wanted);
}
