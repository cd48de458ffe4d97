import { stat } from 'node:fs/promises';
import { optionalNumber, type Parsed, parseCommand } from '../args.js';
import { CliError } from '../errors.js';
import { ProgressBar } from '../eval/progress.js';
import { buildReport, checkReport, renderReport } from '../eval/report.js';
import { RowEvaluator, type TableSettings } from '../eval/rows.js';
import { DEFAULT_MAX_LINE_BYTES, formatOf, type ReadProgress, readTable } from '../eval/sources.js';
import { newStateId, refuseOverwritingInputs, saveState } from '../eval/state.js';
import { HELP } from '../help.js';
import { type Io, toJson } from '../output.js';
import { reportShards } from './merge.js';

/** The options that say how to read a table of predictions: `xent eval`'s, and `xent sql`'s. */
export const TABLE_OPTIONS = {
  label: { type: 'string' },
  classes: { type: 'string' },
  columns: { type: 'string' },
  from: { type: 'string' },
  eps: { type: 'string' },
  renormalize: { type: 'boolean' },
  'sample-weight': { type: 'string' },
  base: { type: 'string' },
  'skip-bad-lines': { type: 'boolean' },
} as const;

const OPTIONS = {
  ...TABLE_OPTIONS,
  format: { type: 'string' },
  'save-state': { type: 'string' },
  'max-line-bytes': { type: 'string' },
  progress: { type: 'boolean' },
  'no-progress': { type: 'boolean' },
  json: { type: 'boolean' },
  engine: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const list = (text: string | undefined) => text?.split(',').map((name) => name.trim());

/** The TABLE_OPTIONS read and checked, for a command reading `file` (a file, or a table for xent sql). */
export function tableSettings(command: string, file: string, values: Parsed['values']): TableSettings {
  if (typeof values.label !== 'string')
    throw new CliError(`xent ${command}: --label COL is required (see xent ${command} --help)`);
  const from = values.from ?? 'probabilities';
  if (from !== 'probabilities' && from !== 'logits') {
    throw new CliError(`xent ${command}: --from ${from}: use probabilities or logits`);
  }
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

/** `xent eval FILE`: one streaming pass over a predictions file into a ClassificationMeter. */
export async function runEval(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand('eval', argv, OPTIONS);
  if (values.help) {
    io.stdout.write(`${HELP.eval}\n`);
    return 0;
  }
  if (positionals.length !== 1) {
    throw new CliError(
      `xent eval: give one FILE (or - for stdin); got ${positionals.length} (see xent eval --help)`,
    );
  }
  const file = positionals[0];
  const settings = tableSettings('eval', file, values);
  if (typeof values['save-state'] === 'string') refuseOverwritingInputs('eval', values['save-state'], [file]);
  const engine = values.engine ?? 'js';
  if (engine === 'duckdb') return evaluateWithDuckDb(settings, values, io);
  if (engine !== 'js') throw new CliError(`xent eval: --engine ${engine}: use js (built in) or duckdb`);
  const format = formatOf(file, values.format as string | undefined);
  const maxLineBytes = optionalNumber('eval', values, 'max-line-bytes') ?? DEFAULT_MAX_LINE_BYTES;
  if (!Number.isSafeInteger(maxLineBytes) || maxLineBytes < 1)
    throw new CliError(`xent eval: --max-line-bytes ${maxLineBytes}: use a whole number of bytes ≥ 1`);
  const evaluator = new RowEvaluator(settings);
  const read: ReadProgress = { bytes: 0, totalBytes: undefined };
  const showProgress = values['no-progress'] ? false : values.progress === true || io.stderr.isTTY === true;
  const bar = showProgress ? new ProgressBar(io.stderr, read) : undefined;
  const sink = bar
    ? {
        header: (names: string[]) => evaluator.header(names),
        row: (cells: ArrayLike<unknown>, line: number) => {
          evaluator.row(cells, line);
          bar.update(evaluator.rowsRead);
        },
      }
    : evaluator;
  const started = performance.now();
  try {
    await readTable(file, format, sink, read, io.stdin, maxLineBytes);
    evaluator.flush();
  } finally {
    bar?.done(evaluator.rowsRead);
  }
  const seconds = (performance.now() - started) / 1000;
  // The state is saved before the report is checked: an empty shard's state still merges.
  if (typeof values['save-state'] === 'string') {
    const id = newStateId();
    await saveState(values['save-state'], {
      format: 'xent-eval-state',
      version: 2,
      id,
      parts: [id],
      files: [file],
      classes: settings.classes ?? null,
      scoreColumns: evaluator.scoreColumns,
      from: settings.from,
      sampleWeight: settings.sampleWeight ?? null,
      rowsRead: evaluator.rowsRead,
      skipped: evaluator.skipped,
      meter: evaluator.meter.toJSON(),
    });
  }
  const report = checkReport(
    buildReport(evaluator.meter.compute(), {
      files: [file],
      classes: settings.classes,
      base: settings.base,
      eps: settings.eps,
      rowsRead: evaluator.rowsRead,
      skipped: evaluator.skipped,
      seconds,
      bytes: read.bytes,
    }),
    'eval',
  );
  io.stdout.write(values.json ? `${toJson(report)}\n` : `${renderReport(report)}\n`);
  return 0;
}

/** `--engine duckdb`: the state query in embedded DuckDB, then the state → report path of `xent merge`. */
async function evaluateWithDuckDb(
  settings: TableSettings,
  values: Parsed['values'],
  io: Io,
): Promise<number> {
  const started = performance.now();
  const { evaluateInDuckDb, shardsOfResult } = await import('../sql/engine.js');
  const row = await evaluateInDuckDb(settings, values.format as string | undefined);
  const { names, shards } = shardsOfResult([row], settings.file, 'eval');
  const bytes = await stat(settings.file).then(
    (info) => (info.isFile() ? info.size : 0),
    () => 0,
  );
  return reportShards(
    {
      command: 'eval',
      names,
      shards,
      base: settings.base,
      saveState: values['save-state'] as string | undefined,
      json: values.json === true,
      started,
      bytes,
    },
    io,
  );
}
