import { ClassificationMeter } from '../../src/index.js';
import { optionalNumber, parseCommand } from '../args.js';
import { CliError } from '../errors.js';
import { buildReport, checkReport, renderReport } from '../eval/report.js';
import { checkShardsAgree } from '../eval/shards.js';
import { type EvalState, loadState, newStateId, refuseOverwritingInputs, saveState } from '../eval/state.js';
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
  const { base: _recorded, ...recordedOptions } = first.meter.options;
  const options = {
    ...recordedOptions,
    eps: first.meter.calibration.eps,
    ...(base === undefined ? {} : { base }),
  };
  checkShardsAgree(positionals, shards);
  const merged = new ClassificationMeter(options);
  for (const { meter } of shards) merged.merge(meter);
  const files = shards.flatMap(({ state }) => state.files);
  const rowsRead = shards.reduce((sum, { state }) => sum + state.rowsRead, 0);
  const skipped = shards.reduce((sum, { state }) => sum + state.skipped, 0);
  if (typeof values['save-state'] === 'string') {
    const parts = shards.flatMap(({ state }) => state.parts);
    const state: EvalState = {
      ...first.state,
      id: newStateId(),
      parts,
      files,
      rowsRead,
      skipped,
      meter: merged.toJSON(),
    };
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
