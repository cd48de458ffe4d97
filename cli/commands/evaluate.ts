import { stat } from 'node:fs/promises';
import { type optionalNumber, type Parsed, parseCommand } from '../args.js';
import { CliError } from '../errors.js';
import { logprobRun } from '../eval/logprobOptions.js';
import { runLogprobEval } from '../eval/logprobReport.js';
import { evaluateTable } from '../eval/parallel.js';
import { ProgressBar } from '../eval/progress.js';
import { buildReport, checkReport, renderReport } from '../eval/report.js';
import { RowEvaluator, type TableSettings } from '../eval/rows.js';
import type { ReadProgress } from '../eval/sources.js';
import { newStateId, refuseOverwritingInputs, saveState } from '../eval/state.js';
import {
  FILE_OPTIONS,
  fileReading,
  METER_OPTIONS,
  meterOptions,
  TABLE_OPTIONS,
  tableSettings,
  WEIGHING_OPTIONS,
  wholeNumber,
} from '../eval/tableOptions.js';
import { HELP } from '../help.js';
import { type Io, toJson } from '../output.js';
import { BinaryScores } from '../plot/binaryScores.js';
import { checkPlotPath, writePlot } from '../plot/writePlot.js';
import { reportShards } from './merge.js';

const OPTIONS = {
  ...TABLE_OPTIONS,
  ...WEIGHING_OPTIONS,
  ...FILE_OPTIONS,
  ...METER_OPTIONS,
  'save-state': { type: 'string' },
  logprob: { type: 'string' },
  group: { type: 'string' },
  bytes: { type: 'string' },
  plot: { type: 'string' },
  bootstrap: { type: 'string' },
  seed: { type: 'string' },
  progress: { type: 'boolean' },
  'no-progress': { type: 'boolean' },
  json: { type: 'boolean' },
  engine: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** --bootstrap N [--seed S]: percentile intervals from the rows the meter kept. */
function bootstrapOf(evaluator: RowEvaluator, values: Parameters<typeof optionalNumber>[1]) {
  const resamples = wholeNumber('eval', values, 'bootstrap', 1, 'resamples');
  const seed = wholeNumber('eval', values, 'seed', 0, 'seed values');
  if (resamples === undefined) {
    if (seed !== undefined) throw new CliError('xent eval: --seed goes with --bootstrap N; add --bootstrap');
    return undefined;
  }
  const { keptRows, exactRows } = evaluator.meter.ranking;
  if (keptRows === undefined)
    throw new CliError(
      `xent eval: --bootstrap needs every row in memory, and this file has more than ${exactRows.toLocaleString('en-US')} rows; use the analytic intervals in the report, or raise --exact-rows`,
    );
  return evaluator.meter.bootstrap({ resamples, ...(seed === undefined ? {} : { seed }) });
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
  if (values.from === 'logprob') return runLogprobEval(logprobRun(file, values), io);
  if (values.from !== undefined && values.from !== 'probabilities' && values.from !== 'logits')
    throw new CliError(`xent eval: --from ${values.from}: use probabilities, logits or logprob`);
  const settings: TableSettings = {
    ...tableSettings('eval', file, values),
    meter: meterOptions('eval', values),
  };
  if (typeof values['save-state'] === 'string') refuseOverwritingInputs('eval', values['save-state'], [file]);
  const engine = values.engine ?? 'js';
  if (engine === 'duckdb') return evaluateWithDuckDb(settings, values, io);
  if (engine !== 'js') throw new CliError(`xent eval: --engine ${engine}: use js (built in) or duckdb`);
  const { format, maxLineBytes } = fileReading('eval', file, values);
  const plot = values.plot as string | undefined;
  if (plot !== undefined) checkPlotPath('eval', plot);
  const binaryScores = plot === undefined ? undefined : new BinaryScores();
  const evaluator = new RowEvaluator(settings, binaryScores?.keep);
  const read: ReadProgress = { bytes: 0, totalBytes: undefined };
  const showProgress = values['no-progress'] ? false : values.progress === true || io.stderr.isTTY === true;
  const bar = showProgress ? new ProgressBar(io.stderr, read) : undefined;
  const started = performance.now();
  try {
    await evaluateTable({
      file,
      format,
      evaluator,
      progress: read,
      stdin: io.stdin,
      maxLineBytes,
      ...(bar ? { onRows: (rows: number) => bar.update(rows) } : {}),
    });
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
      version: 3,
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
  const bootstrap = bootstrapOf(evaluator, values);
  const report = checkReport(
    buildReport(evaluator.meter.compute(), {
      bootstrap,
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
  if (plot !== undefined)
    await writePlot('eval', plot, {
      title: file,
      reliability: [{ name: 'model', bins: report.reliability }],
      curves: binaryScores?.curves(),
    });
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
  const rows = await evaluateInDuckDb(settings, values.format as string | undefined);
  const { names, shards } = shardsOfResult(rows, settings.file, 'eval');
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
