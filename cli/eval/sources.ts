import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import {
  asyncBufferFromFile,
  type ColumnData,
  parquetMetadataAsync,
  parquetRead,
  parquetSchema,
} from 'hyparquet';
import { CliError, RowError } from '../errors.js';
import { DelimitedScanner, type LineEnding, resumeLines, type SpanSink } from './scanner.js';

/** Receives a table row by row; `line` is 1-based with the header counted (Parquet: the row). */
export interface RowSink {
  header(names: string[]): void;
  row(cells: ArrayLike<unknown>, line: number): void;
}

export type Format = 'csv' | 'tsv' | 'jsonl' | 'parquet';
export const FORMATS: readonly Format[] = ['csv', 'tsv', 'jsonl', 'parquet'];

const EXTENSIONS: Record<string, Format> = {
  csv: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  parquet: 'parquet',
};

/** The format from `--format`, else from the extension (a trailing .gz is looked through). */
export function formatOf(file: string, override: string | undefined): Format {
  if (override !== undefined) {
    if (!(FORMATS as readonly string[]).includes(override)) {
      throw new CliError(`xent eval: unknown format "${override}"; use one of ${FORMATS.join(', ')}`);
    }
    return override as Format;
  }
  if (file === '-') return 'csv';
  const extension = /\.([^./]+)(\.gz)?$/i.exec(file)?.[1]?.toLowerCase();
  const format = extension === undefined ? undefined : EXTENSIONS[extension];
  if (format === undefined) {
    throw new CliError(
      `xent eval: cannot tell the format of ${file} from its extension; use .csv, .tsv, .jsonl or .parquet, or pass --format`,
    );
  }
  return format;
}

/** What the progress bar reads: how far the reader has got. */
export interface ReadProgress {
  bytes: number;
  /** The file's size (compressed, for .gz), when known. */
  totalBytes: number | undefined;
}

async function sizeOf(file: string): Promise<number> {
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw new CliError(`xent eval: cannot read ${file}: it is a directory`);
    return info.size;
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code;
    throw new CliError(`xent eval: cannot read ${file}: ${reason}`);
  }
}

/**
 * The longest line (a CSV record, a JSON Lines object) read by default: 16 MiB holds a row of
 * 50,000 class probabilities many times over, and stops a runaway line (a missing newline, a
 * binary file) in a fraction of a second instead of after minutes and gigabytes.
 */
export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

/** Reads `file` (or stdin for `-`) in `format`, streaming rows into `sink`. */
export async function readTable(
  file: string,
  format: Format,
  sink: SpanSink,
  progress: ReadProgress,
  stdin: NodeJS.ReadableStream,
  maxLineBytes = DEFAULT_MAX_LINE_BYTES,
  resume?: ResumePoint,
): Promise<void> {
  if (file !== '-') progress.totalBytes = await sizeOf(file);
  if (resume !== undefined) progress.bytes = resume.offset;
  if (format === 'parquet') return readParquet(file, sink, progress, stdin);
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      progress.bytes += chunk.length;
      callback(null, chunk);
    },
  });
  const input =
    file === '-' ? stdin : createReadStream(file, { highWaterMark: READ_CHUNK_BYTES, start: resume?.offset });
  const streams: (NodeJS.ReadableStream | NodeJS.ReadWriteStream)[] = [input, counter];
  if (file.endsWith('.gz')) streams.push(createGunzip());
  else if (file === '-') streams.push(gunzipIfGzip());
  let headerSeen = resume !== undefined;
  const tracked: SpanSink = {
    header(names) {
      headerSeen = true;
      sink.header(names);
    },
    row: (cells, line) => sink.row(cells, line),
    ...(sink.rowSpans ? { rowSpans: sink.rowSpans.bind(sink) } : {}),
  };
  const lines = format === 'jsonl' ? undefined : new LineReader(format, tracked, maxLineBytes, resume);
  const parser = lines?.consume ?? jsonLinesParser(file, tracked, maxLineBytes);
  try {
    // The scanner is an async function stage, which the array form of pipeline() is not typed for.
    await (pipeline as (...stages: unknown[]) => Promise<void>)(...streams, parser);
  } catch (error) {
    throw asCliError(error, file, { maxLineBytes, lastRecordLine: lines?.lastRecordLine() ?? 0 });
  }
  if (!headerSeen)
    throw new CliError(`${file}: the file is empty; it needs a header (or a first JSON object) and rows`);
}

/** Where a read of a CSV or TSV file picks up after its first lines were read elsewhere. */
export interface ResumePoint {
  /** The byte the next line starts at. */
  offset: number;
  /** The number of the last line read. */
  line: number;
  lineEnding: LineEnding;
}

/** Bytes read from a file at once: large reads keep the per-chunk cost small beside the scan. */
export const READ_CHUNK_BYTES = 64 * 1024;

/**
 * CSV and TSV: the scanner reads the plain lines; from the first line it cannot read on, csv-parse
 * reads the rest, its line count set to the scanner's by empty lines in front.
 */
class LineReader {
  private readonly scanner: DelimitedScanner;
  private general: ReturnType<typeof csvParser> | undefined;

  constructor(
    private readonly format: 'csv' | 'tsv',
    private readonly sink: SpanSink,
    private readonly maxLineBytes: number,
    resume: ResumePoint | undefined,
  ) {
    this.scanner = new DelimitedScanner({ format, sink, maxLineBytes, ...(resume ? { resume } : {}) });
  }

  lastRecordLine(): number {
    return this.general?.lastRecordLine() ?? this.scanner.lastRecordLine;
  }

  readonly consume = async (source: AsyncIterable<Buffer>): Promise<void> => {
    const chunks = source[Symbol.asyncIterator]();
    for (;;) {
      const next = await chunks.next();
      const rest = next.done ? this.scanner.end() : this.scanner.push(next.value);
      if (rest !== undefined) return this.handOver(rest, next.done ? undefined : chunks);
      if (next.done) return;
    }
  };

  private async handOver(rest: Buffer, chunks: AsyncIterator<Buffer> | undefined): Promise<void> {
    const { scanner } = this;
    this.general = csvParser(this.format, this.sink, this.maxLineBytes, scanner);
    async function* remaining() {
      yield* resumeLines(scanner.line, scanner.lineEnding);
      yield rest;
      if (chunks === undefined) return;
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
    }
    await pipeline(Readable.from(remaining(), { objectMode: false }), this.general.parser);
  }
}

/** gzip's first two bytes (RFC 1952): how stdin, which has no file name, is recognised as gzip. */
const GZIP_MAGIC = [0x1f, 0x8b];

/** Passes text through, or gunzips it when its first bytes are gzip's magic number. */
function gunzipIfGzip(): Transform {
  let gunzip: Transform | undefined;
  let decided = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (!decided) {
        decided = true;
        if (chunk[0] === GZIP_MAGIC[0] && chunk[1] === GZIP_MAGIC[1]) {
          gunzip = createGunzip();
          gunzip.on('data', (data: Buffer) => this.push(data));
          gunzip.on('error', (error) => this.destroy(error));
        }
      }
      if (gunzip) gunzip.write(chunk, callback);
      else callback(null, chunk);
    },
    flush(callback) {
      if (!gunzip) return callback();
      gunzip.once('end', () => callback());
      gunzip.end();
    },
  });
}

const tooLong = (file: string, line: number, maxLineBytes: number) =>
  new CliError(
    `${file}:${line}: the line is longer than ${maxLineBytes.toLocaleString('en-US')} bytes; is a newline missing? (--max-line-bytes N raises the limit)`,
  );

function asCliError(
  error: unknown,
  file: string,
  context: { maxLineBytes: number; lastRecordLine: number },
): Error {
  if (error instanceof CliError) return error;
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof CliError) return cause;
  const { message, lines, code } = error as { message: string; lines?: number; code?: string };
  if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR')
    return new CliError(`${file}: not a valid gzip file`);
  // csv-parse finds an unclosed quote at the end of the file; the quote opened on the line after
  // the last whole record, which is where the reader has to look.
  if (code === 'CSV_QUOTE_NOT_CLOSED')
    return new CliError(
      `${file}:${context.lastRecordLine + 1}: a quoted cell opens here and is never closed (the file ends inside it at line ${lines})`,
    );
  if (code === 'CSV_MAX_RECORD_SIZE') return tooLong(file, context.lastRecordLine + 1, context.maxLineBytes);
  if (lines !== undefined)
    return new CliError(`${file}:${lines}: ${message.replace(/^Invalid Record Length: /, '')}`);
  return error instanceof Error && !(error as NodeJS.ErrnoException).syscall
    ? error
    : new CliError(`${file}: ${message}`);
}

function csvParser(
  format: 'csv' | 'tsv',
  sink: RowSink,
  maxLineBytes: number,
  from: { headerSeen: boolean; lastRecordLine: number },
) {
  let first = !from.headerSeen;
  let lastRecordLine = from.lastRecordLine;
  const parser = parse({
    delimiter: format === 'tsv' ? '\t' : ',',
    max_record_size: maxLineBytes,
    // Spreadsheets write a byte-order mark and CRLF line ends; neither should break the header.
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    trim: format === 'tsv',
  });
  // Records arrive synchronously while a chunk is parsed, so parser.info.lines is this record's
  // (last) line. A 'data' listener costs far less than on_record, which builds a context per row.
  parser.on('data', (record: string[]) => {
    try {
      if (first) {
        first = false;
        sink.header(record.map((name) => name.trim()));
      } else {
        sink.row(record, parser.info.lines);
      }
      lastRecordLine = parser.info.lines;
    } catch (error) {
      parser.destroy(error as Error);
    }
  });
  return { parser, lastRecordLine: () => lastRecordLine };
}

/** JSON Lines: one object per line; the first object's keys are the columns. */
function jsonLinesParser(file: string, sink: RowSink, maxLineBytes: number): Transform {
  let rest = '';
  let line = 0;
  let names: string[] | undefined;
  const handle = (text: string) => {
    line++;
    if (text.length > maxLineBytes) throw tooLong(file, line, maxLineBytes);
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new RowError(file, line, undefined, `not valid JSON (${(error as Error).message})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new RowError(file, line, undefined, 'each line must be a JSON object of column: value');
    }
    const record = value as Record<string, unknown>;
    if (names === undefined) {
      names = Object.keys(record);
      sink.header(names);
    }
    const columns = names;
    sink.row(
      columns.map((name) => record[name]),
      line,
    );
  };
  return new Transform({
    readableObjectMode: true,
    decodeStrings: true,
    transform(chunk: Buffer, _encoding, callback) {
      try {
        const lines = (rest + chunk.toString('utf8')).split('\n');
        rest = lines.pop() as string;
        for (const text of lines) handle(text);
        if (rest.length > maxLineBytes) throw tooLong(file, line + 1, maxLineBytes);
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback) {
      try {
        if (rest !== '') handle(rest);
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
}

/**
 * Parquet is read one row group at a time, so memory is bounded by the largest row group. From
 * stdin the whole file is buffered first, as Parquet's footer is at its end.
 */
async function readParquet(
  file: string,
  sink: RowSink,
  progress: ReadProgress,
  stdin: NodeJS.ReadableStream,
): Promise<void> {
  let buffer: ArrayBuffer | Awaited<ReturnType<typeof asyncBufferFromFile>>;
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(chunk as Buffer);
    const whole = Buffer.concat(chunks);
    buffer = whole.buffer.slice(whole.byteOffset, whole.byteOffset + whole.byteLength) as ArrayBuffer;
    progress.totalBytes = whole.byteLength;
  } else {
    buffer = await asyncBufferFromFile(file);
  }
  let metadata: Awaited<ReturnType<typeof parquetMetadataAsync>>;
  try {
    metadata = await parquetMetadataAsync(buffer);
  } catch (error) {
    throw new CliError(`${file}: not a readable Parquet file (${(error as Error).message})`);
  }
  const names = parquetSchema(metadata).children.map((child) => child.element.name);
  sink.header(names);
  const totalBytes = progress.totalBytes ?? 0;
  const totalRows = Number(metadata.num_rows);
  // One row, refilled for every row: the rows are handed over from the decoded columns, never
  // built as arrays of their own, so memory holds one row group's columns and no more.
  const cells: unknown[] = new Array(names.length);
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    const chunks = new Map<string, ColumnData[]>();
    await parquetRead({
      file: buffer,
      metadata,
      rowStart,
      rowEnd,
      onChunk(chunk) {
        const list = chunks.get(chunk.columnName) ?? [];
        list.push(chunk);
        chunks.set(chunk.columnName, list);
      },
    });
    const columns = names.map((name) => columnReader(chunks.get(name) ?? []));
    for (let row = rowStart; row < rowEnd; row++) {
      for (let c = 0; c < columns.length; c++) cells[c] = columns[c](row);
      sink.row(cells, row + 1);
    }
    rowStart = rowEnd;
    progress.bytes = totalRows > 0 ? Math.round((totalBytes * rowStart) / totalRows) : totalBytes;
  }
}

/** The value of a column at a row, from the decoded chunks that cover it (undefined where none does). */
function columnReader(chunks: readonly ColumnData[]): (row: number) => unknown {
  let current: ColumnData | undefined = chunks[0];
  return (row) => {
    if (current === undefined || row < current.rowStart || row >= current.rowEnd)
      current = chunks.find((chunk) => row >= chunk.rowStart && row < chunk.rowEnd);
    return current?.columnData[row - current.rowStart];
  };
}
