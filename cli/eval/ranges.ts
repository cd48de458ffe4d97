import { readSync } from 'node:fs';
import { RowError } from '../errors.js';
import { DelimitedScanner, type LineEnding, type SpanSink } from './scanner.js';
import { READ_CHUNK_BYTES } from './sources.js';

/** A byte range of a file: it holds the lines that start in [start, end). */
export interface ByteRange {
  start: number;
  end: number;
}

/** Splits [start, end) into `count` ranges of about equal size. */
export function planRanges(start: number, end: number, count: number): ByteRange[] {
  const ranges: ByteRange[] = [];
  const size = (end - start) / count;
  for (let i = 0; i < count; i++) {
    ranges.push({
      start: Math.round(start + i * size),
      end: i === count - 1 ? end : Math.round(start + (i + 1) * size),
    });
  }
  return ranges.filter((range) => range.end > range.start);
}

export interface RangeSettings {
  format: 'csv' | 'tsv';
  maxLineBytes: number;
  lineEnding: LineEnding;
  /** Where the rows begin: a range starting here starts on a line; any other starts after its first newline. */
  dataStart: number;
}

/** What reading one range came to: its lines, or the line (counted from the range's first) the scanner left to csv-parse. */
export type RangeOutcome =
  | { kind: 'read'; lines: number }
  | { kind: 'row error'; lines: number; line: number; message: string }
  | { kind: 'not plain'; line: number };

/**
 * Reads the lines that start in `range` of the open file `fd` into `sink`, with line numbers
 * counted from the range's first line (1). A line belongs to the range its first byte is in, so
 * the ranges of a file read each line once, a line that runs past a range's end included.
 */
export function scanRange(
  fd: number,
  range: ByteRange,
  sink: SpanSink,
  settings: RangeSettings,
): RangeOutcome {
  const begin = range.start === settings.dataStart ? range.start : lineStartFrom(fd, range);
  if (begin >= range.end) return { kind: 'read', lines: 0 };
  const scanner = new DelimitedScanner({
    format: settings.format,
    sink,
    maxLineBytes: settings.maxLineBytes,
    resume: { lineEnding: settings.lineEnding, line: 0 },
    stopAt: range.end - begin,
  });
  let position = begin;
  const chunk = Buffer.allocUnsafe(READ_CHUNK_BYTES);
  try {
    for (;;) {
      const read = readSync(fd, chunk, 0, chunk.length, position);
      position += read;
      const rest = read === 0 ? scanner.end() : scanner.push(chunk.subarray(0, read));
      if (rest !== undefined) return { kind: 'not plain', line: scanner.line + 1 };
      if (read === 0 || scanner.stopped) return { kind: 'read', lines: scanner.line };
    }
  } catch (error) {
    if (!(error instanceof RowError)) throw error;
    return { kind: 'row error', lines: scanner.line, line: scanner.line, message: error.message };
  }
}

/** The first byte after the first newline at or after range.start - 1 (range.end if none is in the range). */
function lineStartFrom(fd: number, range: ByteRange): number {
  const chunk = Buffer.allocUnsafe(Math.min(READ_CHUNK_BYTES, range.end - range.start + 1));
  for (let position = range.start - 1; position < range.end; ) {
    const read = readSync(fd, chunk, 0, chunk.length, position);
    if (read === 0) return range.end;
    const newline = chunk.subarray(0, read).indexOf(0x0a);
    if (newline >= 0) return position + newline + 1;
    position += read;
  }
  return range.end;
}
