import { closeSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ByteRange, planRanges, type RangeSettings, scanRange } from '../../cli/eval/ranges.js';
import { type CellSpans, DelimitedScanner, type SpanSink } from '../../cli/eval/scanner.js';
import { READ_CHUNK_BYTES } from '../../cli/eval/sources.js';

// A file split into byte ranges must read every line once, in order, with the line numbers the
// whole file gives it: a line belongs to the range its first byte is in, wherever the cuts fall.
const tmp = mkdtempSync(join(tmpdir(), 'xent-eval-ranges-'));

interface Row {
  cells: string[];
  line: number;
}

function recorder(rows: Row[], lineBase = 0): SpanSink {
  return {
    header() {},
    row: (cells, line) => rows.push({ cells: Array.from(cells as string[]), line: line + lineBase }),
    rowSpans: (cells: CellSpans, line) => rows.push({ cells: cells.texts(), line: line + lineBase }),
  };
}

/** The whole file in one pass: the rows after the header, and where the rows begin. */
function readWhole(text: string) {
  const rows: Row[] = [];
  let dataStart = -1;
  let headerLine = 0;
  const scanner = new DelimitedScanner({
    format: 'csv',
    maxLineBytes: 1 << 30,
    sink: {
      ...recorder(rows),
      header() {
        dataStart = -2;
      },
    },
  });
  // The header is the first line here; the scanner's offset after it is where ranges begin.
  const bytes = Buffer.from(text);
  const headerEnd = bytes.indexOf(0x0a) + 1;
  expect(scanner.push(bytes.subarray(0, headerEnd))).toBeUndefined();
  expect(dataStart).toBe(-2);
  dataStart = scanner.offset;
  headerLine = scanner.line;
  expect(scanner.push(bytes.subarray(headerEnd))).toBeUndefined();
  expect(scanner.end()).toBeUndefined();
  return { rows, dataStart, headerLine, lineEnding: scanner.lineEnding ?? '\n' };
}

/** The rows of `ranges` read one by one, their line numbers made global as `xent eval` makes them. */
function readRanges(file: string, ranges: ByteRange[], settings: RangeSettings, headerLine: number): Row[] {
  const fd = openSync(file, 'r');
  const rows: Row[] = [];
  let linesBefore = headerLine;
  try {
    for (const range of ranges) {
      const outcome = scanRange(fd, range, recorder(rows, linesBefore), settings);
      expect(outcome.kind).toBe('read');
      linesBefore += (outcome as { lines: number }).lines;
    }
  } finally {
    closeSync(fd);
  }
  return rows;
}

function checkAllCuts(name: string, text: string, cutsPerCase: number[]): void {
  const file = join(tmp, name);
  writeFileSync(file, text);
  const whole = readWhole(text);
  const settings: RangeSettings = {
    format: 'csv',
    maxLineBytes: 1 << 30,
    lineEnding: whole.lineEnding,
    dataStart: whole.dataStart,
  };
  const size = Buffer.byteLength(text);
  for (const count of cutsPerCase) {
    const ranges = planRanges(whole.dataStart, size, count);
    expect(ranges[0].start).toBe(whole.dataStart);
    expect(ranges.at(-1)?.end).toBe(size);
    expect(readRanges(file, ranges, settings, whole.headerLine)).toEqual(whole.rows);
  }
  // Two ranges, cut at every byte: lines that start right at a cut, end at it, or cross it.
  for (let cut = whole.dataStart + 1; cut < size; cut++) {
    const ranges = [
      { start: whole.dataStart, end: cut },
      { start: cut, end: size },
    ];
    expect(readRanges(file, ranges, settings, whole.headerLine)).toEqual(whole.rows);
  }
}

describe('reading a file in byte ranges', () => {
  it('reads each line once at every cut, blank lines and a last line without newline included', () => {
    const lines = ['p,y', '0.25,1', '', '0.5,0', '1e-3,1', '', '', '0.75,1', '0.125,0'];
    checkAllCuts('lf.csv', lines.join('\n'), [1, 2, 3, 5, 8, 40]);
    checkAllCuts('lf-final.csv', `${lines.join('\n')}\n`, [1, 2, 3, 5, 8, 40]);
    checkAllCuts('crlf.csv', `${lines.join('\r\n')}\r\n`, [1, 2, 7, 40]);
  });

  it('gives a line longer than several ranges (and than a read) to the range it starts in', () => {
    const huge = `${'9'.repeat(READ_CHUNK_BYTES * 2 + 17)},1`;
    const text = ['p,y', '0.5,1', huge, '0.25,0', huge, ''].join('\n');
    const whole = readWhole(text);
    const file = join(tmp, 'huge.csv');
    writeFileSync(file, text);
    const settings: RangeSettings = {
      format: 'csv',
      maxLineBytes: 1 << 30,
      lineEnding: '\n',
      dataStart: whole.dataStart,
    };
    for (const count of [2, 3, 16, 64]) {
      const ranges = planRanges(whole.dataStart, Buffer.byteLength(text), count);
      expect(readRanges(file, ranges, settings, whole.headerLine)).toEqual(whole.rows);
    }
    expect(whole.rows.map((row) => row.line)).toEqual([2, 3, 4, 5]);
  });

  it('reads a file smaller than one read, and a range with no line start in it reads nothing', () => {
    const text = 'p,y\n0.5,1\n0.25,0\n';
    checkAllCuts('small.csv', text, [1, 2, 4, 13]);
    const fd = openSync(join(tmp, 'small.csv'), 'r');
    const settings: RangeSettings = { format: 'csv', maxLineBytes: 1 << 30, lineEnding: '\n', dataStart: 4 };
    const rows: Row[] = [];
    expect(scanRange(fd, { start: 5, end: 9 }, recorder(rows), settings)).toEqual({ kind: 'read', lines: 0 });
    closeSync(fd);
    expect(rows).toEqual([]);
  });

  it('stops at a line the scanner cannot read alone, naming its line in the range', () => {
    const text = 'p,y\n0.5,1\n0.25,"0\n1"\n0.5,0\n';
    const file = join(tmp, 'quoted.csv');
    writeFileSync(file, text);
    const fd = openSync(file, 'r');
    const settings: RangeSettings = { format: 'csv', maxLineBytes: 1 << 30, lineEnding: '\n', dataStart: 4 };
    const outcome = scanRange(fd, { start: 4, end: text.length }, recorder([]), settings);
    closeSync(fd);
    expect(outcome).toEqual({ kind: 'not plain', line: 2 });
  });
});
