import { ClassificationMeter } from '../../src/index.js';
import { optionalNumber, parseCommand } from '../args.js';
import { CliError } from '../errors.js';
import { buildReport, checkReport, renderReport } from '../eval/report.js';
import { checkShardsAgree } from '../eval/shards.js';
import { type EvalState, loadState, newStateId, refuseOverwritingInputs, saveState } from '../eval/state.js';
import { HELP } from '../help.js';
import { type Io, toJson } from '../output.js';

/** `xent merge`'s options, which `xent report` shares. */
export const MERGE_OPTIONS = {
  base: { type: 'string' },
  'save-state': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `xent merge STATE…`: adds the sums and counts of shard states into one report. */
export async function runMerge(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand('merge', argv, MERGE_OPTIONS);
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
  return reportShards(
    {
      command: 'merge',
      names: positionals,
      shards,
      base: optionalNumber('merge', values, 'base'),
      saveState: values['save-state'] as string | undefined,
      json: values.json === true,
      started,
      bytes: 0,
    },
    io,
  );
}

export interface Shard {
  state: EvalState;
  meter: ClassificationMeter;
}

/** One run of the state → report path: `xent merge`, and every command that produces states. */
export interface ShardsRun {
  command: string;
  /** What each shard is called in messages (its file, or its query result and partition). */
  names: string[];
  shards: Shard[];
  /** The --base asked for, overriding the one recorded in the states. */
  base: number | undefined;
  saveState: string | undefined;
  json: boolean;
  /** When the run began (performance.now()), and the bytes it read, for the report's speed. */
  started: number;
  bytes: number;
}

/**
 * Adds the shards' sums and counts into one meter (refusing shards that do not agree), saves the
 * merged state if asked, and prints the report: what `xent merge` does, shared by `xent report`
 * and `xent eval --engine duckdb` so that every engine's figures come from the same code.
 */
export async function reportShards(run: ShardsRun, io: Io): Promise<number> {
  const { command, names, shards } = run;
  const first = shards[0];
  const recordedBase = (first.state.meter.logLoss as { base?: number | null }).base ?? undefined;
  const base = run.base ?? recordedBase;
  const { base: _recorded, ...recordedOptions } = first.meter.options;
  const options = {
    ...recordedOptions,
    eps: first.meter.calibration.eps,
    ...(base === undefined ? {} : { base }),
  };
  checkShardsAgree(names, shards);
  const merged = new ClassificationMeter(options);
  for (const { meter } of shards) merged.merge(meter);
  const files = shards.flatMap(({ state }) => state.files);
  const rowsRead = shards.reduce((sum, { state }) => sum + state.rowsRead, 0);
  const skipped = shards.reduce((sum, { state }) => sum + state.skipped, 0);
  if (run.saveState !== undefined) {
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
    await saveState(run.saveState, state);
  }
  const report = checkReport(
    buildReport(merged.compute(), {
      // The partitions of one table (a query's result rows) name it once.
      files: [...new Set(files)],
      classes: first.state.classes ?? undefined,
      base,
      eps: options.eps,
      rowsRead,
      skipped,
      seconds: (performance.now() - run.started) / 1000,
      bytes: run.bytes,
    }),
    command,
  );
  io.stdout.write(run.json ? `${toJson(report)}\n` : `${renderReport(report)}\n`);
  return 0;
}
