import { createHash } from 'node:crypto';
import { ClassificationMeter, XentError } from '../../src/index.js';
import type { Shard } from '../commands/merge.js';
import { CliError } from '../errors.js';
import type { EvalState } from '../eval/state.js';
import { meterStateOf } from './stateColumns.js';
import {
  BAD_ROWS_COLUMN,
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
  if (settings?.format !== 'xent-sql-state' || settings.version !== 1)
    throw new CliError(
      `xent ${command}: ${where} has no ${SETTINGS_COLUMN} column as xent sql writes it; pass the result of a query printed by xent sql`,
    );
  return settings;
}

/**
 * Turns the rows of a state query's result into shard states, one per row (per partition), the
 * form `xent merge` adds. Column names are matched in any case: Snowflake returns them upper case.
 */
export function shardsOfResult(
  rows: readonly ResultRow[],
  name: string,
  command: string,
): { names: string[]; shards: Shard[] } {
  const names: string[] = [];
  const shards: Shard[] = [];
  rows.forEach((raw, i) => {
    const row = Object.fromEntries(Object.entries(raw).map(([key, value]) => [key.toLowerCase(), value]));
    const partition = row[PARTITION_COLUMN];
    const where =
      rows.length === 1 && partition === undefined
        ? name
        : `${name} row ${i + 1}${partition === undefined ? '' : ` (partition ${String(partition)})`}`;
    const settings = settingsOf(row, where, command);
    const value = (column: string) => {
      if (!(column in row))
        throw new CliError(
          `xent ${command}: ${where} has no column ${column}; pass the whole result of the query xent sql printed`,
        );
      return numberOf(row[column], where, column, command);
    };
    const rowsRead = value(ROWS_READ_COLUMN);
    const badRows = value(BAD_ROWS_COLUMN);
    if (badRows > 0 && !settings.skipBadLines)
      throw new CliError(
        `xent ${command}: ${where}: ${badRows} of ${rowsRead} rows fail the checks (a label that is no class, a missing or non-numeric score, probabilities outside [0, 1] or not summing to 1, a negative weight); xent eval without --engine names the first with its line, and --skip-bad-lines leaves them out`,
      );
    // The id is the row's own digest: the same result given twice is caught as one shard twice.
    const id = createHash('sha256')
      .update(JSON.stringify(row, (_, value) => (typeof value === 'bigint' ? String(value) : value)))
      .digest('hex')
      .slice(0, 32);
    const state: EvalState = {
      format: 'xent-eval-state',
      version: 2,
      id,
      parts: [id],
      files: [settings.source],
      classes: settings.classes,
      scoreColumns: settings.scoreColumns,
      from: settings.from,
      sampleWeight: settings.sampleWeight,
      rowsRead,
      skipped: badRows,
      meter: meterStateOf(settings, value),
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
