// Runs a row kernel over many rows: split over the worker pool when the input is big enough to
// pay for it, and streamed through a small staging area when an array is not already in the
// kernels' memory (so no call ever copies a whole N × C input: the staging is a few MiB). With
// the pool, the copies are pipelined: this thread copies chunk after chunk into a ring of slots
// while the workers (and this thread, between copies) compute the chunks already copied, so a
// plain Float32Array costs the copies themselves, shared out over the compute, rather than the
// copies plus a pool left idle while they run. The copies stay on this thread: the caller's
// array is not shared memory, so no worker can read it.
import { callKernel, checkKernelArguments, type KernelArguments, type KernelName } from './exports.js';
import { kernelThreads, type Pool, type Staging, workerPool } from './pool.js';
import type { KernelRuntime } from './runtime.js';

/** Below this many elements a split costs more than it saves. */
export const PARALLEL_MIN_ELEMENTS = 1 << 15;
/** A split cuts the rows into about this many chunks per thread, of at least CHUNK_MIN_ELEMENTS. */
const CHUNKS_PER_THREAD = 8;
const CHUNK_MIN_ELEMENTS = 1 << 13;
/** Bytes per staged chunk of one streamed array without the pool (it stays in the last-level cache). */
const CHUNK_BYTES = 1 << 21;
/**
 * Bytes per chunk of one array when the copies are pipelined, and ring slots per thread: small
 * enough that the ring stays in cache and the first chunk is soon ready, big enough that the
 * per-chunk handshake is lost in the work.
 */
const PIPELINE_CHUNK_BYTES = 1 << 19;
const PIPELINE_SLOTS_PER_THREAD = 4;

/** Builds one call's arguments for `count` rows starting at `start` (within the chunk). */
export type RowArguments<K extends KernelName> = (start: number, count: number) => KernelArguments<K>;

/**
 * Runs `name` over `rows` rows, in parallel where it pays: the rows are cut into chunks that this
 * thread and the pool's workers take as they come free. Returns the first row (from 0) whose
 * chunk reported a status ≥ 0, or −1.
 */
export function runRows<K extends KernelName>(
  runtime: KernelRuntime,
  name: K,
  rows: number,
  columns: number,
  build: RowArguments<K>,
): number {
  const threads = kernelThreads();
  if (threads > 1 && rows > 1 && rows * columns >= PARALLEL_MIN_ELEMENTS) {
    const pool = workerPool(runtime);
    const workers = pool === undefined ? 0 : pool.ready(Math.min(threads, rows) - 1);
    if (workers > 0 && pool !== undefined) {
      const bySize = Math.floor((rows * columns) / CHUNK_MIN_ELEMENTS);
      const chunks = Math.min(
        rows,
        Math.max(workers + 1, Math.min(bySize, (workers + 1) * CHUNKS_PER_THREAD)),
      );
      const starts: number[] = [];
      const calls: KernelArguments<K>[] = [];
      for (let c = 0; c < chunks; c++) {
        const start = Math.floor((rows * c) / chunks);
        const end = Math.floor((rows * (c + 1)) / chunks);
        starts.push(start);
        calls.push(build(start, end - start));
      }
      const results = pool.run(name, calls, workers);
      for (let c = 0; c < chunks; c++) if (results[c] >= 0) return starts[c] + results[c];
      return -1;
    }
  }
  const args = build(0, rows);
  checkKernelArguments(name, args);
  const result = callKernel(runtime.exports, name, args);
  return result >= 0 ? result : -1;
}

/** Builds the arguments of one call over `count` rows from `row`, `addresses` as streamKernel gives them. */
export type StreamedArguments<K extends KernelName> = (
  row: number,
  count: number,
  addresses: readonly number[],
) => KernelArguments<K>;

/** The arrays of one streamed call: `rows` × `columns` float32 each, wherever they live. */
export interface RowStream {
  rows: number;
  columns: number;
  inputs: readonly Float32Array[];
  /** Where the kernel writes rows × columns (a gradient, each element's loss); may be `inputs[0]`. */
  output?: Float32Array | undefined;
}

/**
 * Runs `name` over the rows of a stream: `build` gets the byte addresses of row `row` of each
 * input, then of the output, in the kernels' memory. Arrays outside the memory are copied
 * through it; with the worker pool, the copies overlap the compute (pipelineRows). Returns the
 * first row whose call reported a status ≥ 0, or −1.
 */
export function streamKernel<K extends KernelName>(
  runtime: KernelRuntime,
  name: K,
  stream: RowStream,
  build: StreamedArguments<K>,
): number {
  const { rows, columns, inputs, output } = stream;
  const outside = [...inputs, ...(output === undefined ? [] : [output])].some(
    (array) => runtime.addressOf(array) < 0,
  );
  const crew = outside ? pipelineCrew(runtime, rows, columns) : undefined;
  if (crew !== undefined) return pipelineRows(runtime, crew, name, stream, build);
  return sequentialRows(runtime, name, stream, build, outside);
}

/**
 * Without the pipeline: arrays in the memory are used where they are, in one chunk (runRows may
 * still split it across the pool); others are copied through a one-slot ring, chunk by chunk.
 */
function sequentialRows<K extends KernelName>(
  runtime: KernelRuntime,
  name: K,
  stream: RowStream,
  build: StreamedArguments<K>,
  outside: boolean,
): number {
  const { rows, columns, inputs, output } = stream;
  const rowBytes = columns * 4;
  const chunkRows = Math.max(1, outside ? Math.min(rows, Math.floor(CHUNK_BYTES / rowBytes)) : rows);
  const arrays = output === undefined ? inputs : [...inputs, output];
  const ring = ringStaging(runtime, stream, chunkRows, 1);
  let first = -1;
  try {
    for (let chunk = 0, from = 0; from < rows; chunk++, from += chunkRows) {
      ring.stage(chunk);
      const addresses = arrays.map((_, i) => ring.address(i, chunk));
      const status = runRows(runtime, name, Math.min(chunkRows, rows - from), columns, (start, n) =>
        build(
          from + start,
          n,
          addresses.map((address) => address + start * rowBytes),
        ),
      );
      ring.finish(chunk);
      if (status >= 0 && first < 0) first = from + status;
    }
    return first;
  } finally {
    ring.release();
  }
}

/** The pool and its workers ready for a pipelined run, or undefined (no pool, or a small input). */
function pipelineCrew(runtime: KernelRuntime, rows: number, columns: number): Crew | undefined {
  const threads = kernelThreads();
  if (threads < 2 || rows < 2 || rows * columns < PARALLEL_MIN_ELEMENTS) return undefined;
  const pool = workerPool(runtime);
  const workers = pool?.ready(Math.min(threads, rows) - 1) ?? 0;
  return pool !== undefined && workers > 0 ? { pool, workers } : undefined;
}

interface Crew {
  pool: Pool;
  workers: number;
}

/**
 * The pipelined staging: rows cut in chunks of about PIPELINE_CHUNK_BYTES, and the pool running
 * the chunks as this thread stages them into the rings (ringStaging).
 */
function pipelineRows<K extends KernelName>(
  runtime: KernelRuntime,
  { pool, workers }: Crew,
  name: K,
  stream: RowStream,
  build: StreamedArguments<K>,
): number {
  const { rows, columns, inputs, output } = stream;
  const chunkRows = Math.max(1, Math.min(rows, Math.floor(PIPELINE_CHUNK_BYTES / (columns * 4))));
  const chunks = Math.ceil(rows / chunkRows);
  const slots = Math.min(chunks, (workers + 1) * PIPELINE_SLOTS_PER_THREAD);
  const arrays = output === undefined ? inputs : [...inputs, output];
  const ring = ringStaging(runtime, stream, chunkRows, slots);
  try {
    const calls = Array.from({ length: chunks }, (_, chunk) => {
      const from = chunk * chunkRows;
      const addresses = arrays.map((_, i) => ring.address(i, chunk));
      return build(from, Math.min(chunkRows, rows - from), addresses);
    });
    const results = pool.run(name, calls, workers, ring);
    for (let c = 0; c < chunks; c++) if (results[c] >= 0) return c * chunkRows + results[c];
    return -1;
  } finally {
    ring.release();
  }
}

/**
 * A ring of `slots` chunk-sized slots for each array outside the memory (inputs, then the
 * output): chunk c sits in slot c mod `slots`. An output that is `inputs[0]` itself is
 * computed in place in the input's slot.
 */
function ringStaging(
  runtime: KernelRuntime,
  { rows, columns, inputs, output }: RowStream,
  chunkRows: number,
  slots: number,
): Staging & { address(array: number, chunk: number): number; release(): void } {
  const rowBytes = columns * 4;
  const slotBytes = chunkRows * rowBytes;
  const arrays = output === undefined ? inputs : [...inputs, output];
  const inside = arrays.map((array) => runtime.addressOf(array));
  const inPlace = output === inputs[0] && inside[0] < 0;
  const owned = arrays.map((_, i) =>
    inside[i] >= 0 || (inPlace && i === inputs.length) ? -1 : runtime.allocator.allocate(slots * slotBytes),
  );
  const rings = owned.map((ring, i) => (inPlace && i === inputs.length ? owned[0] : ring));
  const span = (chunk: number) => {
    const from = chunk * chunkRows;
    return { from: from * columns, length: Math.min(chunkRows, rows - from) * columns };
  };
  const address = (i: number, chunk: number) =>
    inside[i] >= 0 ? inside[i] + chunk * slotBytes : rings[i] + (chunk % slots) * slotBytes;
  return {
    slots,
    address,
    stage(chunk) {
      const { from, length } = span(chunk);
      for (let i = 0; i < inputs.length; i++) {
        if (inside[i] < 0)
          runtime.f32(address(i, chunk), length).set(inputs[i].subarray(from, from + length));
      }
    },
    finish(chunk) {
      if (output === undefined || inside[inputs.length] >= 0) return;
      const { from, length } = span(chunk);
      output.set(runtime.f32(address(inputs.length, chunk), length), from);
    },
    release: () => release(runtime, ...owned),
  };
}

/** Copies a small per-row or per-class array into the memory as float32 (0 when absent). */
export function stageFloat32(runtime: KernelRuntime, values: ArrayLike<number> | undefined): number {
  if (values === undefined) return 0;
  const address = runtime.allocator.allocate(values.length * 4);
  runtime.f32(address, values.length).set(values);
  return address;
}

export function release(runtime: KernelRuntime, ...addresses: number[]): void {
  for (const address of addresses) if (address > 0) runtime.allocator.release(address);
}
