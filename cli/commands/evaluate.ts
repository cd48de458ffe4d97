import { optionalNumber, parseCommand } from '../args.js';
import { CliError } from '../errors.js';
import { evaluateTable } from '../eval/parallel.js';
import { ProgressBar } from '../eval/progress.js';
import { buildReport, checkReport, renderReport } from '../eval/report.js';
import { RowEvaluator, type TableSettings } from '../eval/rows.js';
import { DEFAULT_MAX_LINE_BYTES, formatOf, type ReadProgress } from '../eval/sources.js';
import { newStateId, refuseOverwritingInputs, saveState } from '../eval/state.js';
import { HELP } from '../help.js';
import { type Io, toJson } from '../output.js';

const OPTIONS = {
  label: { type: 'string' },
  classes: { type: 'string' },
  columns: { type: 'string' },
  from: { type: 'string' },
  eps: { type: 'string' },
  renormalize: { type: 'boolean' },
  'sample-weight': { type: 'string' },
  base: { type: 'string' },
  format: { type: 'string' },
  'skip-bad-lines': { type: 'boolean' },
  'save-state': { type: 'string' },
  'max-line-bytes': { type: 'string' },
  progress: { type: 'boolean' },
  'no-progress': { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const list = (text: string | undefined) => text?.split(',').map((name) => name.trim());

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
  if (typeof values.label !== 'string')
    throw new CliError('xent eval: --label COL is required (see xent eval --help)');
  const from = values.from ?? 'probabilities';
  if (from !== 'probabilities' && from !== 'logits') {
    throw new CliError(`xent eval: --from ${from}: use probabilities or logits`);
  }
  const settings: TableSettings = {
    file,
    label: values.label,
    classes: list(values.classes as string | undefined),
    columns: list(values.columns as string | undefined),
    from,
    eps: optionalNumber('eval', values, 'eps') ?? 1e-15,
    renormalize: values.renormalize === true,
    sampleWeight: values['sample-weight'] as string | undefined,
    base: optionalNumber('eval', values, 'base'),
    skipBadLines: values['skip-bad-lines'] === true,
  };
  const format = formatOf(file, values.format as string | undefined);
  const maxLineBytes = optionalNumber('eval', values, 'max-line-bytes') ?? DEFAULT_MAX_LINE_BYTES;
  if (!Number.isSafeInteger(maxLineBytes) || maxLineBytes < 1)
    throw new CliError(`xent eval: --max-line-bytes ${maxLineBytes}: use a whole number of bytes ≥ 1`);
  const evaluator = new RowEvaluator(settings);
  const read: ReadProgress = { bytes: 0, totalBytes: undefined };
  const showProgress = values['no-progress'] ? false : values.progress === true || io.stderr.isTTY === true;
  const bar = showProgress ? new ProgressBar(io.stderr, read) : undefined;
  if (typeof values['save-state'] === 'string') refuseOverwritingInputs('eval', values['save-state'], [file]);
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
      version: 2,
      id,
      parts: [id],
      files: [file],
      classes: settings.classes ?? null,
      scoreColumns: evaluator.scoreColumns,
      from,
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
