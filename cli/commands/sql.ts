import { parseCommand } from '../args.js';
import { CliError } from '../errors.js';
import {
  METER_OPTIONS,
  meterOptions,
  TABLE_OPTIONS,
  tableSettings,
  WEIGHING_OPTIONS,
} from '../eval/tableOptions.js';
import { HELP } from '../help.js';
import type { Io } from '../output.js';
import { dialectOf } from '../sql/dialects.js';
import { stateQuery } from '../sql/stateQuery.js';

const OPTIONS = {
  ...TABLE_OPTIONS,
  ...WEIGHING_OPTIONS,
  ...METER_OPTIONS,
  dialect: { type: 'string' },
  table: { type: 'string' },
  'partition-by': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * `xent sql`: prints the query that computes the meter state inside a database, so the rows
 * never leave it; `xent report` turns the query's result into the report.
 */
export async function runSql(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand('sql', argv, OPTIONS);
  if (values.help) {
    io.stdout.write(`${HELP.sql}\n`);
    return 0;
  }
  if (positionals.length > 0)
    throw new CliError(
      `xent sql: unexpected ${positionals[0]}; name the table with --table (see xent sql --help)`,
    );
  const dialect = dialectOf(values.dialect as string | undefined, 'sql');
  if (typeof values.table !== 'string')
    throw new CliError(
      'xent sql: --table T is required: the table, view or subquery holding the predictions',
    );
  const settings = { ...tableSettings('sql', values.table, values), meter: meterOptions('sql', values) };
  // A database has a schema but xent does not see it: the score columns cannot be guessed.
  if (settings.columns === undefined)
    throw new CliError('xent sql: --columns c1,c2,… is required: the score columns, in class order');
  if (settings.classes && settings.classes.length !== Math.max(settings.columns.length, 2))
    throw new CliError(
      `xent sql: --classes names ${settings.classes.length} classes but --columns gives ${Math.max(settings.columns.length, 2)}`,
    );
  const query = stateQuery(
    {
      ...settings,
      source: settings.file,
      columns: settings.columns,
      partitionBy: values['partition-by'] as string | undefined,
    },
    dialect,
  );
  io.stdout.write(query);
  return 0;
}
