import { createHash } from 'node:crypto';
import { ClassificationMeter, XentError } from '../../src/index.js';
import type { Shard } from '../commands/merge.js';
import { CliError } from '../errors.js';
import type { EvalState } from '../eval/state.js';
import { CELL_SUMS, type CellValues, meterStateOf } from './stateColumns.js';
import {
  BAD_ROWS_COLUMN,
  CELL_COLUMN,
  CELL_ROWS_COLUMN,
  cellSumColumn,
  PART_COLUMN,
  PARTITION_COLUMN,
  type RecordedSettings,
  ROWS_READ_COLUMN,
  SETTINGS_COLUMN,
} from './stateQuery.js';

/** One row of a state query's result, as an engine exports it: values may be numbers or text. */
export type ResultRow = Record<string, unknown>;

/**
 * A result value as a number: engines export big counts and exact sums as text (PostgreSQL's
 * numeric, BigQuery's INT64 in JSON), and SQL's SUM over no rows is NULL, which is 0 here.
 */
function numberOf(value: unknown, where: string, column: string, command: string): number {
  if (value === null || value === undefined || value === '') return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') {
    const text = value.trim();
    const special: Record<string, number> = {
      nan: Number.NaN,
      infinity: Infinity,
      inf: Infinity,
      '-infinity': -Infinity,
      '-inf': -Infinity,
    };
    const x = special[text.toLowerCase()] ?? Number(text);
    if (!Number.isNaN(x) || text.toLowerCase() === 'nan') return x;
  }
  throw new CliError(
    `xent ${command}: ${where}: column ${column} holds ${JSON.stringify(String(value))}, not a number; pass the state query's result as the engine exported it`,
  );
}

function settingsOf(row: ResultRow, where: string, command: string): RecordedSettings {
  const text = row[SETTINGS_COLUMN];
  let settings: RecordedSettings | undefined;
  try {
    settings = typeof text === 'string' ? JSON.parse(text) : undefined;
  } catch {
    settings = undefined;
  }
  if (settings?.format !== 'xent-sql-state')
    throw new CliError(
      `xent ${command}: ${where} has no ${SETTINGS_COLUMN} column as xent sql writes it; pass the result of a query printed by xent sql`,
    );
  if (settings.version !== 2)
    throw new CliError(
      `xent ${command}: ${where} is the result of a query from another version of xent sql (result version ${settings.version}, this xent reads 2); run the query this xent sql prints`,
    );
  return settings;
}

/** A result row with its column names in lower case: Snowflake returns them upper case. */
const lowerCased = (raw: ResultRow): ResultRow =>
  Object.fromEntries(Object.entries(raw).map(([key, value]) => [key.toLowerCase(), value]));

const isCellRow = (row: ResultRow) => {
  const part = row[PART_COLUMN];
  return part !== null && part !== undefined && part !== '';
};

/** One partition's rows: its state row and its cell rows, in result order. */
interface PartitionRows {
  partition: unknown;
  state: ResultRow | undefined;
  cells: ResultRow[];
}

/** Sorts a result's rows by partition (a file export writes NULL as an empty cell: the same key). */
function partitionsOf(rows: readonly ResultRow[]): PartitionRows[] {
  const partitions = new Map<string, PartitionRows>();
  for (const raw of rows) {
    const row = lowerCased(raw);
    const partition = row[PARTITION_COLUMN];
    const key = String(partition ?? '');
    let entry = partitions.get(key);
    if (entry === undefined) {
      entry = { partition, state: undefined, cells: [] };
      partitions.set(key, entry);
    }
    if (isCellRow(row)) entry.cells.push(row);
    else entry.state = row;
  }
  return [...partitions.values()];
}

/**
 * Turns the rows of a state query's result into shard states, one per partition (its state row
 * and its cell rows), the form `xent merge` adds. Column names are matched in any case.
 */
export function shardsOfResult(
  rows: readonly ResultRow[],
  name: string,
  command: string,
): { names: string[]; shards: Shard[] } {
  const names: string[] = [];
  const shards: Shard[] = [];
  const partitions = partitionsOf(rows);
  partitions.forEach(({ partition, state: row, cells }, i) => {
    const where =
      partitions.length === 1 && partition === undefined
        ? name
        : `${name} partition ${i + 1}${partition === undefined ? '' : ` (${String(partition)})`}`;
    if (row === undefined)
      throw new CliError(
        `xent ${command}: ${where} has cell rows but no state row (the row with ${SETTINGS_COLUMN}); pass the whole result of the query xent sql printed`,
      );
    const settings = settingsOf(row, where, command);
    const reader = (of: ResultRow) => (column: string) => {
      if (!(column in of))
        throw new CliError(
          `xent ${command}: ${where} has no column ${column}; pass the whole result of the query xent sql printed`,
        );
      return numberOf(of[column], where, column, command);
    };
    const value = reader(row);
    const rowsRead = value(ROWS_READ_COLUMN);
    const badRows = value(BAD_ROWS_COLUMN);
    if (badRows > 0 && !settings.skipBadLines)
      throw new CliError(
        `xent ${command}: ${where}: ${badRows} of ${rowsRead} rows fail the checks (a label that is no class, a missing or non-numeric score, probabilities outside [0, 1] or not summing to 1, a negative weight); xent eval without --engine names the first with its line, and --skip-bad-lines leaves them out`,
      );
    const cellValues = cells.map((cell): CellValues => {
      const read = reader(cell);
      return {
        part: String(cell[PART_COLUMN]),
        cell: read(CELL_COLUMN),
        rows: read(CELL_ROWS_COLUMN),
        sums: Array.from({ length: CELL_SUMS }, (_, f) => read(cellSumColumn(f))),
      };
    });
    // The id is the partition's own digest: the same result given twice is caught as one shard twice.
    const id = createHash('sha256')
      .update(
        JSON.stringify([row, ...cells], (_, value) => (typeof value === 'bigint' ? String(value) : value)),
      )
      .digest('hex')
      .slice(0, 32);
    const badCell = ({ part, cell }: CellValues) =>
      new CliError(
        `xent ${command}: ${where}: a cell row has ${PART_COLUMN} ${JSON.stringify(part)} and ${CELL_COLUMN} ${cell}, which this query's state has not; pass the result unchanged`,
      );
    const state: EvalState = {
      format: 'xent-eval-state',
      version: 3,
      id,
      parts: [id],
      files: [settings.source],
      classes: settings.classes,
      scoreColumns: settings.scoreColumns,
      from: settings.from,
      sampleWeight: settings.sampleWeight,
      rowsRead,
      skipped: badRows,
      meter: meterStateOf(settings, value, cellValues, badCell),
    };
    try {
      shards.push({ state, meter: ClassificationMeter.fromJSON(state.meter) });
    } catch (error) {
      if (error instanceof XentError) throw new CliError(`xent ${command}: ${where}: ${error.message}`);
      throw error;
    }
    names.push(where);
  });
  return { names, shards };
}
