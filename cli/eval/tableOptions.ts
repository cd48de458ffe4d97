import { optionalNumber, type Parsed } from '../args.js';
import { CliError } from '../errors.js';
import type { TableSettings } from './rows.js';
import { DEFAULT_MAX_LINE_BYTES, type Format, formatOf } from './sources.js';

/** The options that say how to read a predictions file, shared by compare and calibrate. */
export const TABLE_OPTIONS = {
  label: { type: 'string' },
  classes: { type: 'string' },
  columns: { type: 'string' },
  from: { type: 'string' },
  eps: { type: 'string' },
  renormalize: { type: 'boolean' },
  format: { type: 'string' },
  'max-line-bytes': { type: 'string' },
} as const;

const list = (text: string | undefined) => text?.split(',').map((name) => name.trim());

export interface TableRead {
  settings: TableSettings;
  format: Format;
  maxLineBytes: number;
}

/** How to read `file`, from the parsed TABLE_OPTIONS; `from` defaults to `defaultFrom`. */
export function readTableOptions(
  command: string,
  file: string,
  values: Parsed['values'],
  defaultFrom: 'probabilities' | 'logits',
): TableRead {
  if (typeof values.label !== 'string')
    throw new CliError(`xent ${command}: --label COL is required (see xent ${command} --help)`);
  const from = values.from ?? defaultFrom;
  if (from !== 'probabilities' && from !== 'logits')
    throw new CliError(`xent ${command}: --from ${from}: use probabilities or logits`);
  const maxLineBytes = optionalNumber(command, values, 'max-line-bytes') ?? DEFAULT_MAX_LINE_BYTES;
  if (!Number.isSafeInteger(maxLineBytes) || maxLineBytes < 1)
    throw new CliError(`xent ${command}: --max-line-bytes ${maxLineBytes}: use a whole number of bytes ≥ 1`);
  return {
    settings: {
      file,
      label: values.label,
      classes: list(values.classes as string | undefined),
      columns: list(values.columns as string | undefined),
      from,
      eps: optionalNumber(command, values, 'eps') ?? 1e-15,
      renormalize: values.renormalize === true,
      sampleWeight: undefined,
      base: undefined,
      skipBadLines: false,
    },
    format: formatOf(file, values.format as string | undefined),
    maxLineBytes,
  };
}
