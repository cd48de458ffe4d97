import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readNumber } from '../../cli/args.js';
import { CliError } from '../../cli/errors.js';
import { readDecimal } from '../../cli/eval/decimal.js';
import { RowEvaluator, type TableSettings } from '../../cli/eval/rows.js';
import { readTable } from '../../cli/eval/sources.js';

// The scanner must change nothing but speed: every file reads to the same report, or fails with
// the same message, as when csv-parse reads every line, set up as `xent eval` set it up before
// the scanner (the reference below). csv-parse's own errors are compared by the line they name.

describe('readDecimal', () => {
  const decimal = fc
    .tuple(
      fc.constantFrom('', '+', '-'),
      fc.stringMatching(/^[0-9]{0,25}$/),
      fc.option(fc.stringMatching(/^[0-9]{0,25}$/)),
      fc.option(
        fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), fc.integer({ min: 0, max: 400 })),
      ),
    )
    .map(([sign, whole, fraction, exponent]) => {
      const digits = fraction === null ? whole : `${whole}.${fraction}`;
      return `${sign}${digits}${exponent === null ? '' : `${exponent[0]}${exponent[1]}${exponent[2]}`}`;
    });

  it('reads every decimal exactly as Number() reads its text, and anything else as readNumber does', () => {
    fc.assert(
      fc.property(fc.oneof(decimal, fc.string(), fc.double().map(String)), (text) => {
        expect(Object.is(readDecimal(Buffer.from(text), 0, Buffer.byteLength(text)), readNumber(text))).toBe(
          true,
        );
      }),
      { numRuns: 20_000 },
    );
  });

  /** The exact decimal of the point halfway between d > 0 and the next double up, by BigInt arithmetic. */
  function halfwayAbove(d: number): string {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, d);
    const raw = view.getBigUint64(0);
    const exponent = Number((raw >> 52n) & 0x7ffn);
    const mantissa = (raw & ((1n << 52n) - 1n)) | (exponent === 0 ? 0n : 1n << 52n);
    // d = mantissa · 2^(e − 1075); halfway = (2·mantissa + 1) · 2^(e − 1076) = N · 5^k / 10^k.
    const k = 1076 - Math.max(exponent, 1);
    const digits = ((2n * mantissa + 1n) * 5n ** BigInt(k)).toString();
    return `0.${digits.padStart(k, '0')}`.replace(/^0\.(0*)/, (_, zeros) => `0.${zeros}`);
  }

  it('rounds 16 to 19 digit numbers next to a halfway point between two doubles as Number() does', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-5, max: 0.999, noNaN: true }),
        fc.integer({ min: 16, max: 19 }),
        fc.integer({ min: -2, max: 2 }),
        (d, keep, nudge) => {
          const halfway = halfwayAbove(d);
          const [, zeros, significant] = /^0\.(0*)(\d+)$/.exec(halfway) as RegExpExecArray;
          const kept = BigInt(significant.slice(0, keep)) + BigInt(nudge);
          const text = `0.${zeros}${kept.toString().padStart(keep, '0')}`;
          expect(Object.is(readDecimal(Buffer.from(text), 0, text.length), Number(text))).toBe(true);
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('reads in place: only the given bytes count', () => {
    const bytes = Buffer.from('x,0.125,7e-3,y');
    expect(readDecimal(bytes, 2, 7)).toBe(0.125);
    expect(readDecimal(bytes, 8, 12)).toBe(0.007);
    expect(readDecimal(bytes, 8, 13)).toBeNaN();
  });

  it('takes the nearest double for long and extreme numbers (checked against hand-picked values)', () => {
    const cases: [string, number][] = [
      ['0.30000000000000004', 0.30000000000000004],
      ['9007199254740993', 9007199254740992],
      ['1e-400', 0],
      ['-0.0', -0],
      ['1e23', 1e23],
      ['123456789012345e-22', 1.23456789012345e-8],
      ['1e400', Infinity],
    ];
    for (const [text, value] of cases)
      expect(Object.is(readDecimal(Buffer.from(text), 0, text.length), value)).toBe(true);
  });
});

function report(evaluator: RowEvaluator): Outcome {
  evaluator.flush();
  const counted = evaluator.rowsRead > evaluator.skipped;
  return {
    kind: 'report',
    result: counted ? evaluator.meter.compute() : undefined,
    rowsRead: evaluator.rowsRead,
    skipped: evaluator.skipped,
  };
}

type Outcome =
  | { kind: 'report'; result: unknown; rowsRead: number; skipped: number }
  | { kind: 'error'; message: string; csvLine?: number };

const MAX_LINE_BYTES = 16 * 1024 * 1024;

/** The reference: csv-parse on every line, with the options and line bookkeeping `xent eval` used. */
async function readWithCsvParse(
  bytes: Buffer,
  format: 'csv' | 'tsv',
  settings: TableSettings,
  maxLineBytes: number,
): Promise<Outcome> {
  const evaluator = new RowEvaluator(settings);
  const parser = parse({
    delimiter: format === 'tsv' ? '\t' : ',',
    max_record_size: maxLineBytes,
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    trim: format === 'tsv',
  });
  let first = true;
  let lastRecordLine = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      parser.on('data', (record: string[]) => {
        try {
          if (first) evaluator.header(record.map((name) => name.trim()));
          else evaluator.row(record, parser.info.lines);
          first = false;
          lastRecordLine = parser.info.lines;
        } catch (error) {
          parser.destroy(error as Error);
        }
      });
      parser.on('error', reject);
      parser.on('end', resolve);
      parser.end(bytes);
    });
  } catch (error) {
    if (error instanceof CliError) return { kind: 'error', message: error.message };
    const { code, lines } = error as { code: string; lines: number };
    const opensEarlier = code === 'CSV_QUOTE_NOT_CLOSED' || code === 'CSV_MAX_RECORD_SIZE';
    return { kind: 'error', message: code, csvLine: opensEarlier ? lastRecordLine + 1 : lines };
  }
  if (first) return { kind: 'error', message: 'the file is empty' };
  return report(evaluator);
}

/** The engine: readTable on stdin, the bytes cut into the given chunks. */
async function readWithScanner(
  chunks: Buffer[],
  format: 'csv' | 'tsv',
  settings: TableSettings,
  maxLineBytes: number,
): Promise<Outcome> {
  const evaluator = new RowEvaluator(settings);
  try {
    await readTable(
      '-',
      format,
      evaluator,
      { bytes: 0, totalBytes: undefined },
      Readable.from(chunks),
      maxLineBytes,
    );
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    return { kind: 'error', message: error.message };
  }
  return report(evaluator);
}

function expectSameOutcome(engine: Outcome, reference: Outcome): void {
  if (reference.kind === 'error' && reference.csvLine !== undefined) {
    // csv-parse's own error: the engine names the same line.
    expect(engine.kind).toBe('error');
    expect((engine as { message: string }).message).toMatch(new RegExp(`^-:${reference.csvLine}:`));
  } else if (reference.kind === 'error' && reference.message === 'the file is empty') {
    expect(engine.kind).toBe('error');
    expect((engine as { message: string }).message).toContain('the file is empty');
  } else expect(engine).toEqual(reference);
}

const probability = fc.double({ min: 0, max: 1, noNaN: true });
/** A probability in the spellings files have: repr, fixed, exponent, signs, bare dots. */
const probabilityText = fc
  .tuple(probability, fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 17 }))
  .map(([p, form, digits]) => {
    switch (form) {
      case 0:
        return String(p);
      case 1:
        return p.toFixed(Math.min(digits, 17));
      case 2:
        return p.toExponential(Math.min(digits, 16));
      case 3:
        return p.toExponential(Math.min(digits, 16)).toUpperCase();
      case 4:
        return `+${p.toFixed(4)}`;
      case 5:
        return p.toFixed(3).replace(/^0/, '');
      case 6:
        return `${p.toFixed(2)}000000000000000000001`;
      default:
        return p < 0.5 ? '0' : '1.';
    }
  });
const oddCell = fc.constantFrom(
  'NaN',
  'nan',
  'inf',
  '-inf',
  'Infinity',
  '1e400',
  '0x1',
  '',
  ' 0.5',
  '0.5 ',
  '"0.5"',
  '"0,5"',
  '"a\nb"',
  '"a""b"',
  'a"b',
  '"open',
  '\u00a00.5',
  '0.5\r',
  '0.5\n',
  '0\r1',
  '-0',
  '1.5',
);
const labelText = fc.constantFrom('0', '1', '1', '0', '2', '1.0', '1e0', ' 1', '"1"', '3', '-1', 'x', '');

/** A table: mostly good rows, a few odd cells, blank lines, BOM, CRLF, a final newline or not. */
const table = fc
  .record({
    format: fc.constantFrom<'csv' | 'tsv'>('csv', 'tsv'),
    classes: fc.constantFrom(1, 3),
    weighted: fc.boolean(),
    labelFirst: fc.boolean(),
    rows: fc.array(
      fc.record({
        scores: fc.array(probability, { minLength: 3, maxLength: 3 }),
        texts: fc.array(probabilityText, { minLength: 3, maxLength: 3 }),
        label: labelText,
        weight: fc.constantFrom('1', '0.5', '2e0', '-1', ''),
        odd: fc.option(fc.tuple(fc.nat(4), oddCell), { freq: 4 }),
        blankAfter: fc.constantFrom('', '', '', '', '\n', ' \n', '\t\n'),
        cellsOff: fc.constantFrom(0, 0, 0, 0, 0, 0, 0, 0, -1, 1),
      }),
      { maxLength: 40 },
    ),
    crlf: fc.boolean(),
    bom: fc.boolean(),
    finalNewline: fc.boolean(),
    skipBadLines: fc.boolean(),
    logits: fc.boolean(),
    maxLineBytes: fc.constantFrom(MAX_LINE_BYTES, MAX_LINE_BYTES, 24),
    cuts: fc.array(fc.nat(2000), { maxLength: 6 }),
  })
  .map((t) => {
    const delimiter = t.format === 'tsv' ? '\t' : ',';
    const scoreNames = t.classes === 1 ? ['p'] : ['a', 'b', 'c'];
    const names = t.labelFirst ? ['y', ...scoreNames] : [...scoreNames, 'y'];
    if (t.weighted) names.push('w');
    const lines = [names.join(delimiter)];
    for (const row of t.rows) {
      const scores =
        t.classes === 1
          ? [row.texts[0]]
          : (() => {
              // Three probabilities that sum to 1, written in full, unless the row is to be odd.
              const total = row.scores.reduce((sum, s) => sum + s, 0) || 1;
              return row.scores.map((s) => String(s / total));
            })();
      const cells = t.labelFirst ? [row.label, ...scores] : [...scores, row.label];
      if (t.weighted) cells.push(row.weight);
      if (row.odd) cells[row.odd[0] % cells.length] = row.odd[1];
      if (row.cellsOff < 0) cells.pop();
      if (row.cellsOff > 0) cells.push('0');
      lines.push(cells.join(delimiter));
      if (row.blankAfter) lines.push(row.blankAfter.replace('\n', ''));
    }
    const ending = t.crlf ? '\r\n' : '\n';
    const text = (t.bom ? '\ufeff' : '') + lines.join(ending) + (t.finalNewline ? ending : '');
    const bytes = Buffer.from(text);
    const cuts = [...new Set(t.cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
    const chunks = [0, ...cuts].map((cut, i, all) => bytes.subarray(cut, all[i + 1] ?? bytes.length));
    const settings: TableSettings = {
      file: '-',
      label: 'y',
      classes: undefined,
      columns: undefined,
      from: t.logits ? 'logits' : 'probabilities',
      eps: 1e-15,
      renormalize: false,
      sampleWeight: t.weighted ? 'w' : undefined,
      base: undefined,
      skipBadLines: t.skipBadLines,
    };
    return {
      bytes,
      chunks: chunks.filter((chunk) => chunk.length > 0),
      settings,
      format: t.format,
      maxLineBytes: t.maxLineBytes,
    };
  });

describe('the scanner against csv-parse', () => {
  it('gives the same report, or fails at the same line with the same message, on random files', async () => {
    await fc.assert(
      fc.asyncProperty(table, async ({ bytes, chunks, settings, format, maxLineBytes }) => {
        const reference = await readWithCsvParse(bytes, format, settings, maxLineBytes);
        const engine = await readWithScanner(chunks, format, settings, maxLineBytes);
        expectSameOutcome(engine, reference);
      }),
      { numRuns: 1500 },
    );
  });

  it('reads class names, a file of blank lines, and a cell quoted over lines after thousands of plain ones', async () => {
    const settings: TableSettings = {
      file: '-',
      label: 'y',
      classes: ['neg', 'pos'],
      columns: undefined,
      from: 'probabilities',
      eps: 1e-15,
      renormalize: false,
      sampleWeight: undefined,
      base: undefined,
      skipBadLines: true,
    };
    const plain = Array.from({ length: 5000 }, (_, i) => `${(i % 97) / 97},${i % 3 ? 'pos' : 'neg'}`);
    const files = [
      `p,y\n${plain.join('\n')}\n"0.5","pos"\n0.25,"neg\nneg"\n${plain.join('\n')}\n`,
      `p,y\r\n${plain.join('\r\n')}\r\n0.5,neg\n0.5,pos\r\n`,
      '\n\n\r\n',
      `p,y\r${plain.join('\r')}`,
    ];
    for (const text of files) {
      const bytes = Buffer.from(text);
      const reference = await readWithCsvParse(bytes, 'csv', settings, MAX_LINE_BYTES);
      const engine = await readWithScanner(
        [bytes.subarray(0, 7), bytes.subarray(7)],
        'csv',
        settings,
        MAX_LINE_BYTES,
      );
      expectSameOutcome(engine, reference);
    }
  });
});
