import { optionalNumber, parseCommand } from '../args.js';
import { CliError } from '../errors.js';
import { refuseOverwritingInputs } from '../eval/state.js';
import { HELP } from '../help.js';
import type { Io } from '../output.js';
import { readResultRows } from '../sql/resultFiles.js';
import { shardsOfResult } from '../sql/results.js';
import { MERGE_OPTIONS, reportShards } from './merge.js';

/** `xent report RESULT…`: the results of `xent sql` queries (any partitions) merged into one report. */
export async function runReport(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand('report', argv, MERGE_OPTIONS);
  if (values.help) {
    io.stdout.write(`${HELP.report}\n`);
    return 0;
  }
  if (positionals.length === 0)
    throw new CliError(
      'xent report: give one or more RESULT files of a xent sql query (see xent report --help)',
    );
  if (typeof values['save-state'] === 'string')
    refuseOverwritingInputs('report', values['save-state'], positionals);
  const started = performance.now();
  const names: string[] = [];
  const shards: Parameters<typeof reportShards>[0]['shards'] = [];
  for (const path of positionals) {
    const rows = await readResultRows(path, io.stdin);
    if (rows.length === 0) throw new CliError(`xent report: ${path} holds no result rows`);
    const result = shardsOfResult(rows, path, 'report');
    // A loop, not push(...): a warehouse result can have more partitions than a call takes arguments.
    for (const [i, shard] of result.shards.entries()) {
      names.push(result.names[i]);
      shards.push(shard);
    }
  }
  return reportShards(
    {
      command: 'report',
      names,
      shards,
      base: optionalNumber('report', values, 'base'),
      saveState: values['save-state'] as string | undefined,
      json: values.json === true,
      started,
      bytes: 0,
    },
    io,
  );
}
