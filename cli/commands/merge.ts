import { ClassificationMeter } from '../../src/index.js';
import { optionalNumber, parseCommand } from '../args.js';
import { CliError } from '../errors.js';
import { buildReport, checkReport, renderReport } from '../eval/report.js';
import { type EvalState, loadState, refuseOverwritingInputs, saveState } from '../eval/state.js';
import { HELP } from '../help.js';
import { type Io, toJson } from '../output.js';

const OPTIONS = {
  base: { type: 'string' },
  'save-state': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `xent merge STATE…`: adds the sums and counts of shard states into one report. */
export async function runMerge(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand('merge', argv, OPTIONS);
  if (values.help) {
    io.stdout.write(`${HELP.merge}\n`);
    return 0;
  }
  if (positionals.length === 0)
    throw new CliError('xent merge: give one or more STATE files (see xent merge --help)');
  if (typeof values['save-state'] === 'string')
    refuseOverwritingInputs('merge', values['save-state'], positionals);
  const started = performance.now();
  const shards = await Promise.all(positionals.map(loadState));
  const first = shards[0];
  const recordedBase = (first.state.meter.logLoss as { base?: number | null }).base ?? undefined;
  const base = optionalNumber('merge', values, 'base') ?? recordedBase;
  const options = {
    eps: first.meter.calibration.eps,
    renormalize: first.meter.calibration.renormalize,
    bins: first.meter.calibration.bins,
    ...(base === undefined ? {} : { base }),
  };
  const merged = new ClassificationMeter(options);
  for (const [i, { state, meter }] of shards.entries()) {
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    if (!same(state.classes, first.state.classes) || !same(state.scoreColumns, first.state.scoreColumns)) {
      throw new CliError(
        `xent merge: ${positionals[i]} has classes ${state.classes ?? 'by index'} and score columns ${state.scoreColumns.join(',')}, unlike ${positionals[0]}; merge shards of the same predictions`,
      );
    }
    merged.merge(meter);
  }
  const files = shards.flatMap(({ state }) => state.files);
  const rowsRead = shards.reduce((sum, { state }) => sum + state.rowsRead, 0);
  const skipped = shards.reduce((sum, { state }) => sum + state.skipped, 0);
  if (typeof values['save-state'] === 'string') {
    const state: EvalState = { ...first.state, files, rowsRead, skipped, meter: merged.toJSON() };
    await saveState(values['save-state'], state);
  }
  const report = checkReport(
    buildReport(merged.compute(), {
      files,
      classes: first.state.classes ?? undefined,
      base,
      eps: options.eps,
      rowsRead,
      skipped,
      seconds: (performance.now() - started) / 1000,
      bytes: 0,
    }),
    'merge',
  );
  io.stdout.write(values.json ? `${toJson(report)}\n` : `${renderReport(report)}\n`);
  return 0;
}
