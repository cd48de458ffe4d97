import { parse as parseRecords } from 'csv-parse/sync';
import type { RowSink } from './sources.js';

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const QUOTE = 0x22;
const COMMA = 0x2c;
const TAB = 0x09;
const SPACE = 0x20;
const VERTICAL_TAB = 0x0b;
const FORM_FEED = 0x0c;
const FIRST_NON_ASCII = 0x80;
const BYTE_ORDER_MARK = [0xef, 0xbb, 0xbf];

export type LineEnding = '\n' | '\r\n';

/** One line's cells as byte ranges of the buffer the line is in: read in place, no strings made. */
export class CellSpans {
  bytes: Buffer = Buffer.alloc(0);
  starts = new Int32Array(16);
  ends = new Int32Array(16);
  count = 0;

  reset(bytes: Buffer): void {
    this.bytes = bytes;
    this.count = 0;
  }

  add(start: number, end: number): void {
    if (this.count === this.starts.length) {
      const starts = new Int32Array(this.count * 2);
      const ends = new Int32Array(this.count * 2);
      starts.set(this.starts);
      ends.set(this.ends);
      this.starts = starts;
      this.ends = ends;
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.count++;
  }

  text(cell: number): string {
    return this.bytes.toString('utf8', this.starts[cell], this.ends[cell]);
  }

  /** The cells as the strings csv-parse would have made of them. */
  texts(): string[] {
    return Array.from({ length: this.count }, (_, cell) => this.text(cell));
  }
}

/** A sink that can read a plain line's cells in place; the scanner hands it strings otherwise. */
export interface SpanSink extends RowSink {
  rowSpans?(cells: CellSpans, line: number): void;
}

export interface ScannerOptions {
  format: 'csv' | 'tsv';
  sink: SpanSink;
  maxLineBytes: number;
  /** For the rest of a file whose header was read already: its line ending and the last line read. */
  resume?: { lineEnding: LineEnding; line: number };
  /** Stop before a line that starts at or after this many bytes into the input. */
  stopAt?: number;
}

/**
 * Reads CSV and TSV the way csv-parse (as `readTable` configures it) does, line by line, without
 * building records for the lines that need no CSV parser: a line without quotes or stray carriage
 * returns, or whose quoted cells are simple ("text"), is split at its delimiters in place. Any
 * other line with balanced quotes (or, in TSV, with quotes, spaces or non-ASCII bytes that
 * csv-parse would trim) is parsed alone by csv-parse. Anything
 * that could make csv-parse's records or line numbers differ from a line-by-line reading (an
 * odd quote, which may open a cell over several lines; a lone carriage return; a line longer than
 * the limit; old-Mac line endings) stops the scanner: `push` returns the bytes from that line on,
 * for csv-parse to read from there with `resumeLines` of empty lines in front.
 */
export class DelimitedScanner {
  /** The number of the last line read: 1-based, blank lines counted, as csv-parse counts them. */
  line: number;
  /** The line of the last record (the header or a row) handed on. */
  lastRecordLine = 0;
  /** The input's bytes read so far, up to the start of the next line. */
  offset = 0;
  lineEnding: LineEnding | undefined;
  headerSeen: boolean;
  /** Set when the scanner reached `stopAt`. */
  stopped = false;
  private carry: Buffer | undefined;
  private checkedMark: boolean;
  private readonly spans = new CellSpans();
  private readonly delimiter: number;
  private readonly trims: boolean;

  constructor(private readonly options: ScannerOptions) {
    this.delimiter = options.format === 'tsv' ? TAB : COMMA;
    this.trims = options.format === 'tsv';
    this.line = options.resume?.line ?? 0;
    this.lastRecordLine = this.line;
    this.lineEnding = options.resume?.lineEnding;
    this.headerSeen = options.resume !== undefined;
    this.checkedMark = options.resume !== undefined;
  }

  /** Reads the whole lines of `chunk`; returns the bytes left to csv-parse, if it came to such a line. */
  push(chunk: Buffer): Buffer | undefined {
    let bytes = chunk;
    if (!this.checkedMark) {
      bytes = this.carry === undefined ? chunk : Buffer.concat([this.carry, chunk]);
      this.carry = undefined;
      if (bytes.length < BYTE_ORDER_MARK.length) {
        this.carry = bytes;
        return undefined;
      }
      bytes = this.skipMark(bytes);
    }
    let start = 0;
    if (this.carry !== undefined) {
      // The line begun in the last chunk is joined alone: the chunk itself is never copied.
      const newline = bytes.indexOf(NEWLINE);
      const joined = Buffer.concat([this.carry, newline < 0 ? bytes : bytes.subarray(0, newline + 1)]);
      this.carry = undefined;
      if (newline < 0) return this.keep(joined);
      if (this.reachedStop()) return undefined;
      if (!this.scanLine(joined, 0, joined.length - 1, true))
        return Buffer.concat([joined, bytes.subarray(newline + 1)]);
      start = newline + 1;
    }
    for (;;) {
      const newline = bytes.indexOf(NEWLINE, start);
      if (newline < 0) break;
      if (this.reachedStop()) return undefined;
      if (!this.scanLine(bytes, start, newline, true)) return bytes.subarray(start);
      start = newline + 1;
    }
    return this.keep(bytes.subarray(start));
  }

  /** Keeps the start of a line for the next chunk (a copy: the reader may reuse its buffer), or gives up on a line too long. */
  private keep(rest: Buffer): Buffer | undefined {
    if (rest.length > this.options.maxLineBytes + 1) return rest;
    if (rest.length > 0) this.carry = Buffer.from(rest);
    return undefined;
  }

  private reachedStop(): boolean {
    if (this.options.stopAt !== undefined && this.offset >= this.options.stopAt) this.stopped = true;
    return this.stopped;
  }

  /** Reads the last line, if the input did not end with a newline; returns it if csv-parse must. */
  end(): Buffer | undefined {
    let bytes = this.carry;
    this.carry = undefined;
    if (bytes === undefined || this.stopped) return undefined;
    if (!this.checkedMark) bytes = this.skipMark(bytes);
    if (this.reachedStop()) return undefined;
    if (bytes.length > 0 && !this.scanLine(bytes, 0, bytes.length, false)) return bytes;
    return undefined;
  }

  private skipMark(bytes: Buffer): Buffer {
    this.checkedMark = true;
    if (BYTE_ORDER_MARK.every((byte, i) => bytes[i] === byte)) {
      this.offset += BYTE_ORDER_MARK.length;
      return bytes.subarray(BYTE_ORDER_MARK.length);
    }
    return bytes;
  }

  /** Reads bytes [start, end) (end: the newline, or the input's end); false leaves the line to csv-parse. */
  private scanLine(bytes: Buffer, start: number, end: number, terminated: boolean): boolean {
    if (end - start > this.options.maxLineBytes) return false;
    let stop = end;
    if (this.lineEnding === undefined) {
      // csv-parse takes the first line ending it meets as the record delimiter.
      const carriageReturn = bytes.indexOf(CARRIAGE_RETURN, start);
      if (carriageReturn < 0 || carriageReturn >= end) this.lineEnding = '\n';
      else if (carriageReturn === end - 1 && terminated) this.lineEnding = '\r\n';
      else return false;
    }
    if (this.lineEnding === '\r\n' && terminated) {
      // A lone newline is no record delimiter in a CRLF file, but csv-parse counts it as a line.
      if (stop === start || bytes[stop - 1] !== CARRIAGE_RETURN) return false;
      stop--;
    }
    const spans = this.spans;
    spans.reset(bytes);
    let cellStart = start;
    let quotes = 0;
    let trimmable = false;
    const delimiter = this.delimiter;
    for (let i = start; i < stop; i++) {
      const byte = bytes[i];
      if (byte === delimiter) {
        spans.add(cellStart, i);
        cellStart = i + 1;
      } else if (byte === QUOTE) quotes++;
      else if (byte === CARRIAGE_RETURN) return false;
      else if (
        this.trims &&
        (byte === SPACE || byte === VERTICAL_TAB || byte === FORM_FEED || byte >= FIRST_NON_ASCII)
      )
        trimmable = true;
    }
    spans.add(cellStart, stop);
    if (quotes % 2 !== 0) return false;
    let record: string[] | undefined;
    const simplyQuoted = quotes > 0 && !this.trims && this.splitQuoted(bytes, start, stop);
    if ((quotes > 0 && !simplyQuoted) || trimmable) {
      let records: string[][];
      try {
        records = parseRecords(bytes.toString('utf8', start, stop), {
          delimiter: String.fromCharCode(delimiter),
          relax_column_count: true,
          skip_empty_lines: true,
          trim: this.trims,
        });
      } catch {
        return false;
      }
      record = records[0] ?? [];
    } else if (stop === start) record = [];
    this.line++;
    this.offset += (terminated ? end + 1 : end) - start;
    if (record?.length === 0) return true;
    this.lastRecordLine = this.line;
    const sink = this.options.sink;
    if (!this.headerSeen) {
      this.headerSeen = true;
      sink.header((record ?? spans.texts()).map((name) => name.trim()));
    } else if (record !== undefined) sink.row(record, this.line);
    else if (sink.rowSpans !== undefined) sink.rowSpans(spans, this.line);
    else sink.row(spans.texts(), this.line);
    return true;
  }

  /**
   * Splits a line whose quoted cells are simple, `"text"` with no doubled quote inside and the
   * delimiter or the line's end right after, into spans of the text between the quotes: what
   * csv-parse makes of them (R quotes every text cell so). False for anything else (a doubled
   * quote, a quote inside an unquoted cell, text after a closing quote), which csv-parse reads.
   */
  private splitQuoted(bytes: Buffer, start: number, stop: number): boolean {
    const spans = this.spans;
    const delimiter = this.delimiter;
    spans.reset(bytes);
    let i = start;
    for (;;) {
      if (i < stop && bytes[i] === QUOTE) {
        const close = bytes.indexOf(QUOTE, i + 1);
        if (close < 0 || close >= stop) return false;
        const after = close + 1;
        if (after < stop && bytes[after] !== delimiter) return false;
        spans.add(i + 1, close);
        if (after >= stop) return true;
        i = after + 1;
      } else {
        let cellEnd = i;
        while (cellEnd < stop && bytes[cellEnd] !== delimiter) {
          if (bytes[cellEnd] === QUOTE) return false;
          cellEnd++;
        }
        spans.add(i, cellEnd);
        if (cellEnd >= stop) return true;
        i = cellEnd + 1;
      }
    }
  }
}

/** Empty lines that put csv-parse's line count where the scanner stopped, in its line ending. */
export function* resumeLines(lines: number, lineEnding: LineEnding | undefined): Generator<Buffer> {
  const perChunk = 1 << 20;
  for (let done = 0; done < lines; done += perChunk) {
    const count = Math.min(perChunk, lines - done);
    yield Buffer.alloc(count * (lineEnding ?? '\n').length, lineEnding ?? '\n');
  }
}
