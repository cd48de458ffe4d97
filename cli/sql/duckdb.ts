import { stat } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { CliError } from '../errors.js';
import type { TableSettings } from '../eval/rows.js';
import { type Format, formatOf } from '../eval/sources.js';
import { DIALECTS } from './dialects.js';
import type { ResultRow } from './results.js';
import { stateQuery } from './stateQuery.js';

const duckdb = DIALECTS.duckdb;

/** The optional engine, loaded only when asked for: the CLI runs without it installed. */
async function connect(): Promise<DuckDBConnection> {
  let api: typeof import('@duckdb/node-api');
  try {
    api = await import('@duckdb/node-api');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw error;
    throw new CliError(
      'xent eval: --engine duckdb needs the optional package @duckdb/node-api, which is not installed; run npm install @duckdb/node-api@1.5 beside xent, or leave out --engine to use the built-in engine',
    );
  }
  const instance = await api.DuckDBInstance.create(':memory:');
  return instance.connect();
}

const isUrl = (file: string) => /^https?:\/\//i.test(file);

/**
 * The FROM item that reads `file` in DuckDB: a file, a glob, a folder (every file of the format
 * below it, hive-partitioned or not) or an http(s) URL; compression is DuckDB's to detect.
 */
async function sourceOf(file: string, format: Format, hivePartitioning: boolean): Promise<string> {
  if (file === '-')
    throw new CliError('xent eval: --engine duckdb reads files, not stdin; give a file, a glob or a folder');
  let path = file;
  if (!isUrl(file) && !/[*?[]/.test(file)) {
    const info = await stat(file).catch(() => undefined);
    if (info === undefined) throw new CliError(`xent eval: cannot read ${file}: no such file`);
    if (info.isDirectory()) path = `${file.replace(/\/+$/, '')}/**/*.${format}`;
  }
  const hive = `hive_partitioning = ${hivePartitioning}`;
  const quoted = duckdb.string(path);
  if (format === 'parquet') return `read_parquet(${quoted}, ${hive})`;
  if (format === 'jsonl') return `read_json(${quoted}, format = 'newline_delimited', ${hive})`;
  return `read_csv(${quoted}, header = true, ${format === 'tsv' ? "delim = '\\t', " : ''}${hive})`;
}

/** DuckDB's message, first line, with a way out when it is the missing httpfs extension. */
function readError(file: string, error: unknown): CliError {
  const message = String((error as Error).message ?? error)
    .split('\n')[0]
    .replace(/:$/, '');
  const httpfs = /httpfs/i.test(String((error as Error).message))
    ? "; DuckDB reads http(s) through its httpfs extension, which it downloads on first use and could not get here: run DuckDB's INSTALL httpfs once with network access, or download the file and evaluate the copy"
    : '';
  return new CliError(`xent eval: DuckDB cannot read ${file}: ${message}${httpfs}`);
}

const NUMERIC = /^(DOUBLE|FLOAT|REAL|DECIMAL.*|(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?)|INTEGER)$/;

/** The source's columns with their DuckDB types; without hive partitioning, the files' own. */
async function columnsOf(connection: DuckDBConnection, file: string, format: Format, hive: boolean) {
  const source = await sourceOf(file, format, hive);
  try {
    const reader = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
    return reader
      .getRowObjectsJS()
      .map((row) => ({ name: String(row.column_name), type: String(row.column_type) }));
  } catch (error) {
    throw readError(file, error);
  }
}

/**
 * `xent eval --engine duckdb`: the state query of `xent sql --dialect duckdb` run on the file in
 * embedded DuckDB. Returns the result rows (the state row and its cell rows); the caller turns them into a state and a report.
 */
export async function evaluateInDuckDb(
  settings: TableSettings,
  formatOption: string | undefined,
): Promise<ResultRow[]> {
  // A folder has no extension to tell its format by: its files are Parquet unless --format says.
  const isFolder = await stat(settings.file).then(
    (info) => info.isDirectory(),
    () => false,
  );
  // DuckDB also reads zstd-compressed text: its extension is looked through as .gz is.
  const format = isFolder
    ? ((formatOption ?? 'parquet') as Format)
    : formatOf(settings.file.replace(/\.zst$/i, ''), formatOption);
  const connection = await connect();
  try {
    const hive = !isUrl(settings.file);
    const names = (await columnsOf(connection, settings.file, format, hive)).map((c) => c.name);
    const need = (name: string, option: string) => {
      if (!names.includes(name))
        throw new CliError(
          `xent eval: ${option} ${name}: no such column in ${settings.file}; its columns are ${names.join(', ')}`,
        );
    };
    need(settings.label, '--label');
    if (settings.sampleWeight !== undefined) need(settings.sampleWeight, '--sample-weight');
    for (const name of settings.columns ?? []) need(name, '--columns');
    // As the JS engine: without --columns, the scores are the numeric columns besides label and
    // weight; hive partition keys are path segments, not scores.
    const scores =
      settings.columns ??
      (await columnsOf(connection, settings.file, format, false))
        .filter(
          ({ name, type }) => name !== settings.label && name !== settings.sampleWeight && NUMERIC.test(type),
        )
        .map(({ name }) => name);
    if (scores.length === 0)
      throw new CliError(
        `xent eval: ${settings.file} has no numeric score columns besides the label; pass --columns`,
      );
    const numClasses = Math.max(scores.length, 2);
    if (settings.classes && settings.classes.length !== numClasses)
      throw new CliError(
        `xent eval: --classes names ${settings.classes.length} classes but there are ${numClasses} (score columns: ${scores.join(', ')})`,
      );
    const query = stateQuery(
      {
        ...settings,
        source: await sourceOf(settings.file, format, hive),
        name: settings.file,
        columns: scores,
      },
      duckdb,
    );
    try {
      const reader = await connection.runAndReadAll(query);
      return reader.getRowObjectsJS();
    } catch (error) {
      throw readError(settings.file, error);
    }
  } finally {
    connection.closeSync();
  }
}
