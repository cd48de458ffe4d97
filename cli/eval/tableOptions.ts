import { optionalNumber, type Parsed } from '../args.js';
import { CliError } from '../errors.js';
import type { TableSettings } from './rows.js';
import { DEFAULT_MAX_LINE_BYTES, type Format, formatOf } from './sources.js';

/** What every command reading predictions is told: the columns and how to read their values. */
export const TABLE_OPTIONS = {
  label: { type: 'string' },
  classes: { type: 'string' },
  columns: { type: 'string' },
  from: { type: 'string' },
  eps: { type: 'string' },
  renormalize: { type: 'boolean' },
} as const;

/** What eval and sql also take: row weights, the unit of the losses, and bad rows skipped. */
export const WEIGHING_OPTIONS = {
  'sample-weight': { type: 'string' },
  base: { type: 'string' },
  'skip-bad-lines': { type: 'boolean' },
} as const;

/** The meter options that have flags, which eval and sql take: they change the state. */
export const METER_OPTIONS = {
  'top-k': { type: 'string' },
  'exact-rows': { type: 'string' },
} as const;

/** A whole-number option ≥ `min`, or undefined when absent; `what` says what it counts. */
export function wholeNumber(
  command: string,
  values: Parsed['values'],
  name: string,
  min: number,
  what: string,
) {
  const value = optionalNumber(command, values, name);
  if (value !== undefined && !(Number.isSafeInteger(value) && value >= min))
    throw new CliError(`xent ${command}: --${name} ${value}: use a whole number of ${what} ≥ ${min}`);
  return value;
}

/** --top-k and --exact-rows as the meter's options. */
export function meterOptions(command: string, values: Parsed['values']): NonNullable<TableSettings['meter']> {
  const topK = wholeNumber(command, values, 'top-k', 1, 'classes');
  const exactRows = wholeNumber(command, values, 'exact-rows', 0, 'rows');
  return { ...(topK === undefined ? {} : { topK }), ...(exactRows === undefined ? {} : { exactRows }) };
}

/** How a file (not a database table) is read: eval, compare and calibrate. */
export const FILE_OPTIONS = {
  format: { type: 'string' },
  'max-line-bytes': { type: 'string' },
} as const;

const list = (text: string | undefined) => text?.split(',').map((name) => name.trim());

export interface TableRead {
  settings: TableSettings;
  format: Format;
  maxLineBytes: number;
}

/**
 * The TABLE_OPTIONS (and WEIGHING_OPTIONS, where the command has them) read and checked, for a
 * command reading `file` (a file, or a table for xent sql); `from` defaults to `defaultFrom`.
 */
export function tableSettings(
  command: string,
  file: string,
  values: Parsed['values'],
  defaultFrom: 'probabilities' | 'logits' = 'probabilities',
): TableSettings {
  if (typeof values.label !== 'string')
    throw new CliError(`xent ${command}: --label COL is required (see xent ${command} --help)`);
  const from = values.from ?? defaultFrom;
  if (from !== 'probabilities' && from !== 'logits')
    throw new CliError(`xent ${command}: --from ${from}: use probabilities or logits`);
  return {
    file,
    label: values.label,
    classes: list(values.classes as string | undefined),
    columns: list(values.columns as string | undefined),
    from,
    eps: optionalNumber(command, values, 'eps') ?? 1e-15,
    renormalize: values.renormalize === true,
    sampleWeight: values['sample-weight'] as string | undefined,
    base: optionalNumber(command, values, 'base'),
    skipBadLines: values['skip-bad-lines'] === true,
  };
}

/** The FILE_OPTIONS read and checked. */
export function fileReading(command: string, file: string, values: Parsed['values']) {
  const maxLineBytes = optionalNumber(command, values, 'max-line-bytes') ?? DEFAULT_MAX_LINE_BYTES;
  if (!Number.isSafeInteger(maxLineBytes) || maxLineBytes < 1)
    throw new CliError(`xent ${command}: --max-line-bytes ${maxLineBytes}: use a whole number of bytes ≥ 1`);
  return { format: formatOf(file, values.format as string | undefined), maxLineBytes };
}

/** How to read `file` for compare and calibrate: the table's settings and the file's. */
export function readTableOptions(
  command: string,
  file: string,
  values: Parsed['values'],
  defaultFrom: 'probabilities' | 'logits',
): TableRead {
  return {
    settings: tableSettings(command, file, values, defaultFrom),
    ...fileReading(command, file, values),
  };
}
