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
  const rowBytes = columns * 4;
  return streamRows(runtime, rows, columns, inputs, output, (chunk, count, at) =>
    runRows(runtime, name, count, columns, (start, n) =>
      build(
        chunk + start,
        n,
        at.map((address) => address + start * rowBytes),
      ),
    ),
  );
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

/**
 * Calls `each(chunkStart, chunkRows, addresses)` over chunks of rows, with `addresses[i]` the
 * byte address where row `chunkStart` of `inputs[i]` sits in the kernels' memory, and
 * `addresses[inputs.length]` where the kernel should write the chunk of `output` (if any). An
 * array already in the memory is used where it is (zero-copy, one chunk for everything); others
 * are copied in chunk by chunk. An output that is `inputs[0]` itself is written in place.
 * Every chunk runs; returns the first status ≥ 0 (offset to count from row 0), or −1.
 */
export function streamRows(
  runtime: KernelRuntime,
  rows: number,
  columns: number,
  inputs: readonly Float32Array[],
  output: Float32Array | undefined,
  each: (chunkStart: number, chunkRows: number, addresses: readonly number[]) => number,
): number {
  const rowBytes = columns * 4;
  const inside = inputs.map((array) => runtime.addressOf(array));
  const outputInside = output === undefined ? -1 : runtime.addressOf(output);
  const inPlace = output !== undefined && output === inputs[0];
  const staged = inside.some((address) => address < 0) || (output !== undefined && outputInside < 0);
  const chunkRows = staged
    ? Math.max(1, Math.min(rows, Math.floor(CHUNK_BYTES / Math.max(rowBytes, 1))))
    : rows;
  const chunkBytes = chunkRows * rowBytes;
  const staging = inside.map((address) => (address < 0 ? runtime.allocator.allocate(chunkBytes) : -1));
  const needOutputStaging = output !== undefined && outputInside < 0 && !(inPlace && staging[0] >= 0);
  const outputStaging = needOutputStaging ? runtime.allocator.allocate(chunkBytes) : -1;
  let first = -1;
  try {
    for (let start = 0; start < rows; start += chunkRows) {
      const count = Math.min(chunkRows, rows - start);
      const from = start * columns;
      const to = from + count * columns;
      const addresses = inputs.map((array, i) => {
        if (inside[i] >= 0) return inside[i] + start * rowBytes;
        runtime.f32(staging[i], count * columns).set(array.subarray(from, to));
        return staging[i];
      });
      let outputAddress = -1;
      if (output !== undefined) {
        if (outputInside >= 0) outputAddress = outputInside + start * rowBytes;
        else outputAddress = inPlace && staging[0] >= 0 ? staging[0] : outputStaging;
        addresses.push(outputAddress);
      }
      const status = each(start, count, addresses);
      if (status >= 0 && first < 0) first = start + status;
      if (output !== undefined && outputInside < 0)
        output.set(runtime.f32(outputAddress, count * columns), from);
    }
    return first;
  } finally {
    for (const address of staging) if (address >= 0) runtime.allocator.release(address);
    if (outputStaging >= 0) runtime.allocator.release(outputStaging);
  }
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
