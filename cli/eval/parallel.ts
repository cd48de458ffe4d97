import { open, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CliError } from '../errors.js';
import { type ByteRange, planRanges, type RangeOutcome, type RangeSettings } from './ranges.js';
import type { EvaluatorPart, RowEvaluator, TableSettings } from './rows.js';
import { DelimitedScanner, type SpanSink } from './scanner.js';
import { type Format, type ReadProgress, type ResumePoint, readTable } from './sources.js';

/** What a reading thread is started with. */
export interface WorkerSetup {
  settings: TableSettings;
  names: string[];
  range: RangeSettings;
}
export type WorkerRequest = { kind: 'range'; index: number; range: ByteRange } | { kind: 'finish' };
export type WorkerMessage =
  | { kind: 'range'; index: number; outcome: RangeOutcome; rows: number }
  | { kind: 'done'; part: EvaluatorPart }
  | { kind: 'failed'; message: string };

/** The worker's file, built beside the CLI bundle (cli/vite.config.ts); a variable, so Vite leaves the URL alone. */
const WORKER_FILE = './eval-worker.js';
/** Ranges per thread: a thread slowed by a neighbour's load then costs its share of ranges, not a fixed half. */
const RANGES_PER_THREAD = 4;
/** The smallest range worth a thread's time; below two of them the file is read on the main thread. */
const MIN_RANGE_BYTES = 8 * 1024 * 1024;
const PROBE_BYTES = 64 * 1024;

export interface EvaluateOptions {
  file: string;
  format: Format;
  evaluator: RowEvaluator;
  progress: ReadProgress;
  stdin: NodeJS.ReadableStream;
  maxLineBytes: number;
  /** Called as rows are read, with the number read so far. */
  onRows?: (rows: number) => void;
}

/**
 * Reading threads by default: one per core, up to four. Each holds an isolate of its own (some
 * 15-30 MB), so memory grows with the count; --threads-like tuning is XENT_EVAL_THREADS.
 */
const MAX_DEFAULT_THREADS = 4;

/** Threads, and the smallest range, from the environment (XENT_EVAL_THREADS, XENT_EVAL_RANGE_BYTES), for tests and tuning. */
function tuning(): { threads: number; rangeBytes: number } {
  const threads = Number(
    process.env.XENT_EVAL_THREADS ?? Math.min(availableParallelism(), MAX_DEFAULT_THREADS),
  );
  const rangeBytes = Number(process.env.XENT_EVAL_RANGE_BYTES ?? MIN_RANGE_BYTES);
  return {
    threads: Number.isSafeInteger(threads) && threads > 0 ? threads : 1,
    rangeBytes: Number.isSafeInteger(rangeBytes) && rangeBytes > 0 ? rangeBytes : MIN_RANGE_BYTES,
  };
}

/**
 * Reads a predictions file into `evaluator`. A large plain CSV or TSV file is split into byte
 * ranges read by worker threads, each into a meter of its own, merged at the end: the header and
 * first row are read here first (they settle the columns), and any range the scanner cannot read
 * alone (a cell quoted over several lines) sends the whole file back to one thread. Standard
 * input, gzip, JSON Lines and Parquet, and any table whose evaluator has a batch listener, are
 * read on this thread.
 */
export async function evaluateTable(options: EvaluateOptions): Promise<void> {
  const { file, format, evaluator, progress, stdin, maxLineBytes, onRows } = options;
  const sink: SpanSink = onRows
    ? {
        header: (names) => evaluator.header(names),
        row(cells, line) {
          evaluator.row(cells, line);
          onRows(evaluator.rowsRead);
        },
        rowSpans(cells, line) {
          evaluator.rowSpans(cells, line);
          onRows(evaluator.rowsRead);
        },
      }
    : evaluator;
  const read = (resume?: ResumePoint) => readTable(file, format, sink, progress, stdin, maxLineBytes, resume);
  const { threads, rangeBytes } = tuning();
  // A batch listener (--plot keeping the scores) sees only the batches read on this thread.
  const oneThread = threads < 2 || evaluator.onBatch !== undefined;
  if (oneThread || file === '-' || file.endsWith('.gz') || (format !== 'csv' && format !== 'tsv'))
    return read();
  const size = await stat(file).then(
    (info) => (info.isFile() ? info.size : 0),
    () => 0,
  );
  if (size < 2 * rangeBytes) return read();
  const start = await readFirstRow(file, format, evaluator, maxLineBytes);
  if (start === undefined || size - start.offset < 2 * rangeBytes) return read(start);
  progress.totalBytes = size;
  progress.bytes = start.offset;
  const count = Math.min(threads * RANGES_PER_THREAD, Math.floor((size - start.offset) / rangeBytes));
  const ranges = planRanges(start.offset, size, count);
  const setup: WorkerSetup = {
    settings: { ...evaluator.settings, columns: evaluator.scoreColumns },
    names: evaluator.columnNames,
    range: { format, maxLineBytes, lineEnding: start.lineEnding, dataStart: start.offset },
  };
  const rowsBefore = evaluator.rowsRead;
  const outcomes = await readRanges(ranges, setup, Math.min(threads, ranges.length), (rows, bytes) => {
    progress.bytes += bytes;
    // The bar draws on whole thousands of rows (its cheap test); ranges end anywhere.
    const total = rowsBefore + rows;
    onRows?.(total - (total % 1024));
  });
  if (outcomes.parts === undefined) {
    const first = outcomes.stopped;
    if (first?.outcome.kind === 'row error') {
      const { line, message } = first.outcome;
      const before = outcomes.lines.slice(0, first.index).reduce((sum, lines) => sum + lines, start.line);
      throw new CliError(`${file}:${before + line}${message.slice(`${file}:${line}`.length)}`);
    }
    progress.bytes = start.offset;
    return read(start);
  }
  for (const part of outcomes.parts) evaluator.absorb(part);
}

/**
 * Reads the header and the first row into `evaluator` (which settles the columns) and says where
 * the next line starts; undefined when the scanner leaves the start of the file to csv-parse or
 * the file has no row.
 */
async function readFirstRow(
  file: string,
  format: 'csv' | 'tsv',
  evaluator: RowEvaluator,
  maxLineBytes: number,
): Promise<ResumePoint | undefined> {
  let rowRead = false;
  const firstRow = new Error('first row read');
  const scanner = new DelimitedScanner({
    format,
    maxLineBytes,
    sink: {
      header: (names) => evaluator.header(names),
      row(cells, line) {
        evaluator.row(cells, line);
        rowRead = true;
        throw firstRow;
      },
      rowSpans(cells, line) {
        evaluator.rowSpans(cells, line);
        rowRead = true;
        throw firstRow;
      },
    },
  });
  const handle = await open(file);
  try {
    for (let position = 0; position <= maxLineBytes + PROBE_BYTES; position += PROBE_BYTES) {
      const chunk = Buffer.alloc(PROBE_BYTES);
      const { bytesRead } = await handle.read(chunk, 0, PROBE_BYTES, position);
      if (bytesRead === 0 || scanner.push(chunk.subarray(0, bytesRead)) !== undefined) return undefined;
    }
    return undefined;
  } catch (error) {
    if (error !== firstRow) throw error;
  } finally {
    await handle.close();
  }
  if (!rowRead || scanner.lineEnding === undefined) return undefined;
  return { offset: scanner.offset, line: scanner.line, lineEnding: scanner.lineEnding };
}

interface RangesRead {
  /** Each thread's share, when every range was read. */
  parts: EvaluatorPart[] | undefined;
  /** Lines per range read. */
  lines: number[];
  /** The first range, in file order, that stopped at a bad row or a line left to csv-parse. */
  stopped: { index: number; outcome: RangeOutcome } | undefined;
}

/** Hands the ranges, in order, to `threads` workers as each becomes free; after a stop, none is handed out. */
function readRanges(
  ranges: ByteRange[],
  setup: WorkerSetup,
  threads: number,
  onRange: (rows: number, bytes: number) => void,
): Promise<RangesRead> {
  const url = new URL(WORKER_FILE, import.meta.url);
  const lines: number[] = [];
  const parts: EvaluatorPart[] = [];
  let stopped: RangesRead['stopped'];
  let next = 0;
  let rows = 0;
  let running = threads;
  return new Promise((resolve, reject) => {
    const workers = Array.from({ length: threads }, () => new Worker(url, { workerData: setup }));
    const fail = (error: Error) => {
      for (const worker of workers) void worker.terminate();
      reject(error);
    };
    const handOut = (worker: Worker) => {
      if (stopped === undefined && next < ranges.length) {
        worker.postMessage({ kind: 'range', index: next, range: ranges[next] } satisfies WorkerRequest);
        next++;
      } else worker.postMessage({ kind: 'finish' } satisfies WorkerRequest);
    };
    for (const worker of workers) {
      worker.on('message', (message: WorkerMessage) => {
        if (message.kind === 'failed') return fail(new Error(message.message));
        if (message.kind === 'range') {
          const { index, outcome } = message;
          if (outcome.kind === 'read') lines[index] = outcome.lines;
          else if (stopped === undefined || index < stopped.index) stopped = { index, outcome };
          rows += message.rows;
          onRange(rows, ranges[index].end - ranges[index].start);
          return handOut(worker);
        }
        parts.push(message.part);
        void worker.terminate();
        if (--running === 0) resolve({ parts: stopped === undefined ? parts : undefined, lines, stopped });
      });
      worker.on('error', fail);
      handOut(worker);
    }
  });
}
