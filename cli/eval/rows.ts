import { NORMALIZATION_TOLERANCE } from '../../src/checks/probability.js';
import { formatList } from '../../src/errors.js';
import {
  type ClassificationBatch,
  ClassificationMeter,
  type ClassificationMeterOptions,
  type MeterState,
} from '../../src/index.js';
import { readNumber } from '../args.js';
import { CliError, RowError } from '../errors.js';
import { readDecimal } from './decimal.js';
import type { CellSpans, SpanSink } from './scanner.js';

export interface TableSettings {
  file: string;
  label: string;
  classes: string[] | undefined;
  columns: string[] | undefined;
  from: 'probabilities' | 'logits';
  eps: number;
  renormalize: boolean;
  sampleWeight: string | undefined;
  base: number | undefined;
  skipBadLines: boolean;
  /** The meter's options beyond the ones above (topK, exactRows). */
  meter?: Pick<ClassificationMeterOptions, 'topK' | 'exactRows'>;
}

/** A share of a table read elsewhere: its meter's state and its row counts. */
export interface EvaluatorPart {
  meter: MeterState;
  rowsRead: number;
  skipped: number;
}

/**
 * Rows handed to the meter at once: large enough to amortize the call, small enough to stay flat.
 * The meter allocates a few arrays per batch; at 4096 rows they were large enough that with two
 * reading threads malloc kept up to 70 MB more resident, now and then; at 1024 it reuses them and
 * the time is the same (binary CSV, 10M rows: peak RSS 95-97 MB in six runs of six, CPU equal).
 */
const BATCH_ROWS = 1024;

function cellNumber(cell: unknown): number {
  if (typeof cell === 'number') return cell;
  if (typeof cell === 'string') return readNumber(cell);
  if (typeof cell === 'bigint') return Number(cell);
  return Number.NaN;
}

/** Longest part of a bad cell echoed in a message: a 40 MB cell must not become a 40 MB line. */
const SHOWN_CHARACTERS = 40;

function show(cell: unknown): string {
  if (cell === undefined) return 'missing';
  if (cell === null) return 'null';
  const text = String(cell);
  if (text.length <= SHOWN_CHARACTERS) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, SHOWN_CHARACTERS))}… (${text.length.toLocaleString('en-US')} characters)`;
}

/**
 * Turns table rows into meter batches: resolves the columns from the header, checks every cell
 * (reporting the line and column of the first bad one), and updates a ClassificationMeter in
 * batches of BATCH_ROWS.
 */
export class RowEvaluator implements SpanSink {
  readonly meter: ClassificationMeter;
  rowsRead = 0;
  skipped = 0;
  private names: string[] = [];
  private labelIndex = -1;
  private weightIndex = -1;
  private scoreIndex: number[] | undefined;
  private width = 0;
  private scores = new Float64Array(0);
  private readonly labels = new Int32Array(BATCH_ROWS);
  private readonly weights = new Float64Array(BATCH_ROWS);
  private pending = 0;
  private classIndex: Map<string, number> | undefined;
  /** The cells a plain line is read into: numbers made from its bytes, for the columns read. */
  private spanCells: unknown[] = [];
  private readColumns: number[] = [];

  /**
   * `onBatch` sees every batch the meter gets (its arrays are reused: copy what you keep); a
   * table read with a listener stays on this thread (evaluateTable).
   */
  constructor(
    readonly settings: TableSettings,
    readonly onBatch?: (batch: ClassificationBatch) => void,
  ) {
    const { eps, renormalize, base } = settings;
    this.meter = new ClassificationMeter({
      ...settings.meter,
      ...(base === undefined ? { eps, renormalize } : { eps, renormalize, base }),
    });
    if (settings.classes) this.classIndex = new Map(settings.classes.map((name, k) => [name, k]));
  }

  /** The score columns, once resolved. */
  get scoreColumns(): string[] {
    return (this.scoreIndex ?? []).map((i) => this.names[i]);
  }

  /** The header's column names, once read. */
  get columnNames(): string[] {
    return this.names;
  }

  get numClasses(): number {
    return Math.max(this.width, 2);
  }

  header(names: string[]): void {
    const seen = new Set<string>();
    for (const name of names) {
      if (seen.has(name))
        throw new CliError(
          `xent eval: ${this.settings.file} has two columns named ${show(name)}; rename one so each column is read once`,
        );
      seen.add(name);
    }
    this.names = names;
    this.labelIndex = this.column(this.settings.label, '--label');
    if (this.settings.sampleWeight !== undefined) {
      this.weightIndex = this.column(this.settings.sampleWeight, '--sample-weight');
    }
    if (this.settings.columns)
      this.useScores(this.settings.columns.map((name) => this.column(name, '--columns')));
  }

  private column(name: string, option: string): number {
    const index = this.names.indexOf(name);
    if (index < 0) {
      throw new CliError(
        `xent eval: ${option} ${name}: no such column in ${this.settings.file}; its columns are ${formatNames(this.names)}`,
      );
    }
    return index;
  }

  /** Without --columns, the scores are the other columns whose first value is a number. */
  private inferScores(cells: ArrayLike<unknown>, line: number): void {
    const indices: number[] = [];
    for (let i = 0; i < this.names.length; i++) {
      if (i === this.labelIndex || i === this.weightIndex) continue;
      if (!Number.isNaN(cellNumber(cells[i]))) indices.push(i);
      else if (
        typeof cells[i] === 'string' &&
        Number.isFinite(Number(cells[i])) &&
        String(cells[i]).trim() !== ''
      )
        // 0x1, 0b1, 0o7: JavaScript reads them as numbers, xent does not; dropping the column would be silent.
        throw new RowError(
          this.settings.file,
          line,
          this.names[i],
          `${show(cells[i])} is not a decimal number`,
        );
    }
    if (indices.length === 0) {
      throw new CliError(
        `xent eval: ${this.settings.file} has no numeric score columns besides the label; pass --columns`,
      );
    }
    this.useScores(indices);
  }

  private useScores(indices: number[]): void {
    const { classes, from } = this.settings;
    this.scoreIndex = indices;
    this.width = indices.length;
    if (classes && classes.length !== this.numClasses) {
      throw new CliError(
        `xent eval: --classes names ${classes.length} classes but there are ${this.numClasses} (score columns: ${formatNames(this.scoreColumns)}${this.width === 1 ? `; one ${from === 'logits' ? 'logit' : 'probability'} column means binary` : ''})`,
      );
    }
    this.scores = new Float64Array(BATCH_ROWS * this.width);
    this.spanCells = new Array(this.names.length);
    this.readColumns = [this.labelIndex, ...(this.weightIndex >= 0 ? [this.weightIndex] : []), ...indices];
  }

  row(cells: ArrayLike<unknown>, line: number): void {
    this.rowsRead++;
    if (this.scoreIndex === undefined) this.inferScores(cells, line);
    try {
      this.readRow(cells, line);
    } catch (error) {
      if (!(error instanceof RowError && this.settings.skipBadLines)) throw error;
      this.skipped++;
      return;
    }
    if (++this.pending === BATCH_ROWS) this.flush();
  }

  /**
   * A plain line, read from its bytes: the cells it uses become numbers without strings in
   * between (a label stays text when --classes names the classes). readDecimal gives exactly
   * readNumber's value, so a row read this way is the row `row` reads from text; a row that fails
   * any check is read again as text by `row`, which reports it in the text's own words.
   */
  rowSpans(spans: CellSpans, line: number): void {
    if (this.scoreIndex === undefined || spans.count !== this.names.length) {
      this.row(spans.texts(), line);
      return;
    }
    const cells = this.spanCells;
    const { bytes, starts, ends } = spans;
    for (const column of this.readColumns) {
      cells[column] =
        column === this.labelIndex && this.classIndex !== undefined
          ? spans.text(column)
          : readDecimal(bytes, starts[column], ends[column]);
    }
    try {
      this.readRow(cells, line);
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      this.row(spans.texts(), line);
      return;
    }
    this.rowsRead++;
    if (++this.pending === BATCH_ROWS) this.flush();
  }

  private readRow(cells: ArrayLike<unknown>, line: number): void {
    const { file } = this.settings;
    if (cells.length !== this.names.length) {
      const problem =
        cells.length < this.names.length
          ? `the row has ${cells.length} cells but the header has ${this.names.length}; column "${this.names[cells.length]}" is missing`
          : `the row has ${cells.length} cells but the header has ${this.names.length}`;
      throw new RowError(
        file,
        line,
        cells.length < this.names.length ? this.names[cells.length] : undefined,
        problem,
      );
    }
    const at = this.pending;
    this.labels[at] = this.readLabel(cells[this.labelIndex], line);
    if (this.weightIndex >= 0) {
      const w = cellNumber(cells[this.weightIndex]);
      if (!(w >= 0 && w < Infinity)) {
        throw new RowError(
          file,
          line,
          this.names[this.weightIndex],
          `${show(cells[this.weightIndex])} is not a sample weight (a finite number ≥ 0)`,
        );
      }
      this.weights[at] = w;
    }
    const indices = this.scoreIndex as number[];
    const offset = at * this.width;
    let sum = 0;
    for (let k = 0; k < this.width; k++) {
      const cell = cells[indices[k]];
      const value = cellNumber(cell);
      if (Number.isNaN(value))
        throw new RowError(file, line, this.names[indices[k]], `${show(cell)} is not a number`);
      // −Infinity is a mask (that class gets probability 0), as in the library; +Infinity is no score.
      if (value === Infinity && this.settings.from === 'logits')
        throw new RowError(
          file,
          line,
          this.names[indices[k]],
          'a logit of +Infinity is not a score; use a finite logit (-Infinity masks a class)',
        );
      if (this.settings.from === 'probabilities') this.checkProbability(value, indices[k], line);
      this.scores[offset + k] = value;
      sum += value;
    }
    if (this.settings.from === 'probabilities' && this.width > 1) this.checkRowSum(sum, line);
    // A row of only −Infinity logits gives no class any probability (the library's ALL_MASKED).
    if (this.settings.from === 'logits' && this.width > 1 && sum === -Infinity && this.allMasked(offset)) {
      const columns = this.scoreColumns;
      throw new RowError(
        file,
        line,
        `${columns[0]}".."${columns[columns.length - 1]}`,
        'every logit is -Infinity',
      );
    }
  }

  private allMasked(offset: number): boolean {
    for (let k = 0; k < this.width; k++) if (this.scores[offset + k] !== -Infinity) return false;
    return true;
  }

  private readLabel(cell: unknown, line: number): number {
    const { file, label } = this.settings;
    const byName = typeof cell === 'string' ? this.classIndex?.get(cell.trim()) : undefined;
    if (byName !== undefined) return byName;
    const value = cellNumber(cell);
    if (Number.isInteger(value) && value >= 0 && value < this.numClasses) return value;
    const names = this.settings.classes ? ` or one of ${this.settings.classes.join(', ')}` : '';
    const hint = Number.isNaN(value) && !this.settings.classes ? ' (for class names, pass --classes)' : '';
    throw new RowError(
      file,
      line,
      label,
      `label ${show(cell)} is out of range; use a class index in [0, ${this.numClasses - 1}]${names}${hint}`,
    );
  }

  private checkProbability(value: number, index: number, line: number): void {
    const upper = this.settings.renormalize ? Number.MAX_VALUE : 1;
    if (!(value >= 0 && value <= upper)) {
      const range = this.settings.renormalize ? 'a finite number ≥ 0' : 'in [0, 1]';
      throw new RowError(
        this.settings.file,
        line,
        this.names[index],
        `${value} is not a probability ${range}`,
      );
    }
  }

  private checkRowSum(sum: number, line: number): void {
    const ok = this.settings.renormalize ? sum > 0 : Math.abs(sum - 1) <= NORMALIZATION_TOLERANCE;
    if (ok) return;
    const columns = this.scoreColumns;
    const fix = this.settings.renormalize
      ? 'a row needs a positive sum'
      : 'pass --renormalize to divide rows by their sum';
    throw new RowError(
      this.settings.file,
      line,
      `${columns[0]}".."${columns[columns.length - 1]}`,
      `the probabilities sum to ${sum}, not 1 (tolerance ${NORMALIZATION_TOLERANCE}); ${fix}`,
    );
  }

  /** What this evaluator has read, to be merged into another's (a reading thread's share). */
  part(): EvaluatorPart {
    this.flush();
    return { meter: this.meter.toJSON(), rowsRead: this.rowsRead, skipped: this.skipped };
  }

  /** Adds another evaluator's part: the meter states merge exactly (compensated sums). */
  absorb(part: EvaluatorPart): void {
    this.meter.merge(ClassificationMeter.fromJSON(part.meter));
    this.rowsRead += part.rowsRead;
    this.skipped += part.skipped;
  }

  /** Hands the pending rows to the meter. */
  flush(): void {
    const rows = this.pending;
    if (rows === 0) return;
    const data = this.scores.subarray(0, rows * this.width);
    const scores = { data, shape: this.width === 1 ? [rows] : [rows, this.width] };
    const batch = {
      [this.settings.from]: scores,
      labels: this.labels.subarray(0, rows),
      ...(this.weightIndex >= 0 ? { sampleWeight: this.weights.subarray(0, rows) } : {}),
    } as ClassificationBatch;
    this.meter.update(batch);
    this.onBatch?.(batch);
    this.pending = 0;
  }
}

/** Column names for a message: the first few and how many (a wide file has thousands). */
function formatNames(names: readonly string[]): string {
  return formatList(names, { open: '', close: '', format: String });
}
