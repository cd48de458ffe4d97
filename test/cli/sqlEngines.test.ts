import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASES, expectJsFigures } from './engines.js';
import { type Cluster, HAVE_POSTGRES, startCluster } from './postgres.js';
import { ensureCliBuilt, FIXTURES, json, xent } from './xent.js';

const tmp = mkdtempSync(join(tmpdir(), 'xent-sql-'));
const GOLDEN = new URL('../fixtures/sql/', import.meta.url);

let duckdb: DuckDBConnection;

beforeAll(async () => {
  ensureCliBuilt();
  duckdb = await (await DuckDBInstance.create(':memory:')).connect();
}, 120_000);

afterAll(() => duckdb?.closeSync());

/** DuckDB's reader of a fixture file, as a FROM item. */
const duckdbSource = (file: string) => {
  const path = `'${FIXTURES}${file}'`;
  if (file.endsWith('.parquet')) return `read_parquet(${path})`;
  if (file.endsWith('.jsonl')) return `read_json(${path}, format = 'newline_delimited')`;
  return `read_csv(${path}, header = true${file.endsWith('.tsv') ? ", delim = '\\t'" : ''})`;
};

/** The score columns the JS engine chose for a case (its state records them): --columns for xent sql. */
async function scoreColumns(file: string, args: readonly string[]): Promise<string[]> {
  const state = join(tmp, `${file}.columns.json`);
  expect((await xent(['eval', file, ...args, '--save-state', state])).code).toBe(0);
  return JSON.parse(readFileSync(state, 'utf8')).scoreColumns;
}

/** A case's options for xent sql: its eval options, with --columns spelled out. */
async function sqlArgs(file: string, args: readonly string[]): Promise<string[]> {
  if (args.includes('--columns')) return [...args];
  return [...args, '--columns', (await scoreColumns(file, args)).join(',')];
}

async function printedQuery(args: string[]): Promise<string> {
  const run = await xent(['sql', ...args]);
  if (run.code !== 0) throw new Error(`xent sql exited ${run.code}: ${run.stderr}`);
  return run.stdout;
}

describe('xent sql --dialect duckdb, run in DuckDB, then xent report', () => {
  for (const { name, file, args } of CASES) {
    it(`xent sql + xent report of ${file} equal the JS engine, from CSV and from JSON Lines: ${name}`, async () => {
      const query = await printedQuery([
        '--dialect',
        'duckdb',
        '--table',
        duckdbSource(file),
        ...(await sqlArgs(file, args)),
      ]);
      const csv = join(tmp, `${file}.result.csv`);
      const jsonLines = join(tmp, `${file}.result.json`);
      await duckdb.run(`COPY (${query}) TO '${csv}' (HEADER)`);
      await duckdb.run(`COPY (${query}) TO '${jsonLines}' (FORMAT json)`);
      for (const result of [csv, jsonLines])
        await expectJsFigures(json(await xent(['report', result, '--json'])), file, args, 1e-12, result);
    });
  }

  it('xent sql --partition-by gives one state per partition, and xent report of them all equals the whole', async () => {
    const { file, args } = CASES[1]; // iris logits, weighted, bits
    const table = `(SELECT *, row_number() OVER () % 4 AS shard FROM ${duckdbSource(file)})`;
    const query = await printedQuery([
      '--dialect',
      'duckdb',
      '--table',
      table,
      ...(await sqlArgs(file, args)),
      '--partition-by',
      'shard',
    ]);
    const reader = await duckdb.runAndReadAll(query);
    const stateRows = reader.getRowObjectsJS().filter((row) => row.xent_part === null);
    expect(stateRows.map((row) => row.xent_partition)).toEqual([0n, 1n, 2n, 3n]);
    // Two partitions per file: results of separate queries merge as well as rows of one.
    const halves = [join(tmp, 'half-0.csv'), join(tmp, 'half-1.csv')];
    await duckdb.run(`COPY (SELECT * FROM (${query}) WHERE xent_partition < 2) TO '${halves[0]}' (HEADER)`);
    await duckdb.run(`COPY (SELECT * FROM (${query}) WHERE xent_partition >= 2) TO '${halves[1]}' (HEADER)`);
    const merged = json(await xent(['report', ...halves, '--json']));
    await expectJsFigures(merged, file, args);
    expect(merged.files).toEqual([table]);
    // The same result given twice would count every partition twice: refused by xent merge's check.
    const twice = await xent(['report', halves[0], halves[0]]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/merging it twice would count its rows twice/);
  });

  it('xent report refuses what is not a state query result, naming the file', async () => {
    expect(await xent(['report', 'iris_proba.csv'])).toMatchObject({
      code: 2,
      stderr:
        'xent report: iris_proba.csv has no xent_settings column as xent sql writes it; pass the result of a query printed by xent sql\n',
    });
  });

  it('xent sql --top-k reaches the query: its top-k accuracy equals the JS engine with the same k', async () => {
    const { file, args } = CASES[0]; // iris, 3 classes: k = 1 and 2 differ from the default (all hit)
    for (const k of ['1', '2']) {
      const query = await printedQuery([
        '--dialect',
        'duckdb',
        '--table',
        duckdbSource(file),
        ...(await sqlArgs(file, args)),
        '--top-k',
        k,
      ]);
      const result = join(tmp, `top-${k}.csv`);
      await duckdb.run(`COPY (${query}) TO '${result}' (HEADER)`);
      const report = json(await xent(['report', result, '--json']));
      expect(report.topK).toBe(Number(k));
      await expectJsFigures(report, file, [...args, '--top-k', k]);
    }
  });

  it('xent report refuses a result from an older xent sql, and cell rows it cannot place', async () => {
    const stale = join(tmp, 'stale.csv');
    writeFileSync(
      stale,
      readFileSync(`${FIXTURES}iris_logits.sql-result.csv`, 'utf8').replace('""version"":2', '""version"":1'),
    );
    expect((await xent(['report', stale])).stderr).toMatch(
      /^xent report: \S*stale\.csv partition 1 \(0\) is the result of a query from another version of xent sql \(result version 1, this xent reads 2\)/,
    );
    const moved = join(tmp, 'moved.csv');
    const lines = readFileSync(`${FIXTURES}iris_logits.sql-result.csv`, 'utf8').split('\n');
    const cell = lines.findIndex((line) => line.includes(',ranking,'));
    lines[cell] = lines[cell].replace(/,ranking,\d+,/, ',ranking,99999,');
    writeFileSync(moved, lines.join('\n'));
    expect((await xent(['report', moved])).stderr).toMatch(
      /^xent report: \S*moved\.csv partition \d \(\d\): a cell row has xent_part "ranking" and xent_cell 99999, which this query's state has not/,
    );
  });

  it('xent sql asks for what it cannot see in a database: the dialect, the table, the score columns', async () => {
    const base = ['--table', 't', '--label', 'y'];
    expect((await xent(['sql', ...base, '--columns', 'p'])).stderr).toBe(
      'xent sql: --dialect is required; use one of duckdb, postgres, spark, trino, bigquery, snowflake\n',
    );
    expect((await xent(['sql', ...base, '--dialect', 'mysql', '--columns', 'p'])).stderr).toBe(
      'xent sql: unknown dialect "mysql"; use one of duckdb, postgres, spark, trino, bigquery, snowflake\n',
    );
    expect((await xent(['sql', ...base, '--dialect', 'trino'])).stderr).toBe(
      'xent sql: --columns c1,c2,… is required: the score columns, in class order\n',
    );
  });
});

/** A PostgreSQL column type for a DuckDB one, to load a fixture as a table. */
const postgresType = (duckdbType: string) =>
  /INT/.test(duckdbType) ? 'bigint' : /DOUBLE|FLOAT/.test(duckdbType) ? 'double precision' : 'text';

describe.skipIf(!HAVE_POSTGRES)(
  'xent sql --dialect postgres, run in a throwaway PostgreSQL 15 cluster',
  () => {
    let cluster: Cluster;
    beforeAll(async () => {
      cluster = await startCluster();
    }, 60_000);
    afterAll(() => cluster?.stop());

    /** Loads a fixture file into a table named after it (through DuckDB's CSV writer, exact doubles). */
    async function load(file: string, table: string): Promise<void> {
      const source = duckdbSource(file);
      const columns = (await duckdb.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`)).getRowObjectsJS();
      const definition = columns.map(
        ({ column_name, column_type }) => `"${String(column_name)}" ${postgresType(String(column_type))}`,
      );
      const csv = join(tmp, `${table}.csv`);
      await duckdb.run(`COPY (SELECT * FROM ${source}) TO '${csv}' (HEADER)`);
      cluster.psql(`CREATE TABLE ${table} (${definition.join(', ')})`);
      cluster.psql(`COPY ${table} FROM STDIN WITH (FORMAT csv, HEADER)`, readFileSync(csv, 'utf8'));
    }

    for (const [index, { name, file, args }] of CASES.entries()) {
      it(`xent sql --dialect postgres + xent report of ${file} equal the JS engine: ${name}`, async () => {
        const table = `fixture_${index}`;
        await load(file, table);
        const query = await printedQuery([
          '--dialect',
          'postgres',
          '--table',
          table,
          ...(await sqlArgs(file, args)),
        ]);
        const result = cluster.psql(`COPY (${query}) TO STDOUT WITH (FORMAT csv, HEADER)`);
        const path = join(tmp, `${table}.postgres.csv`);
        writeFileSync(path, result);
        await expectJsFigures(json(await xent(['report', path, '--json'])), file, args);
      });
    }

    it('xent sql --dialect postgres --partition-by: the partitions of a table, piped into xent report -', async () => {
      const { file, args } = CASES[4]; // digits, 10 classes
      await load(file, 'digits');
      const table = '(SELECT *, digit % 3 AS shard FROM digits) AS sharded';
      const query = await printedQuery([
        '--dialect',
        'postgres',
        '--table',
        table,
        ...(await sqlArgs(file, args)),
        '--partition-by',
        'shard',
      ]);
      const result = cluster.psql(`COPY (${query}) TO STDOUT WITH (FORMAT csv, HEADER)`);
      // A state row per partition (its xent_settings starts with a quoted {), then its cells.
      expect(
        result
          .split('\n')
          .filter((line) => line.includes(',"{'))
          .map((line) => line[0]),
      ).toEqual(['0', '1', '2']);
      await expectJsFigures(json(await xent(['report', '-', '--json'], { input: result })), file, args);
    });
  },
);

/** The query for each dialect, compared as text with a committed golden file (these engines are not run here). */
describe('xent sql golden queries', () => {
  const settings: Record<string, string[]> = {
    // Probabilities with class names and renormalization, one state per partition.
    probabilities: [
      '--table',
      'analytics.iris_predictions',
      '--label',
      'species',
      '--classes',
      'setosa,versicolor,virginica',
      '--columns',
      'setosa,versicolor,virginica',
      '--renormalize',
      '--partition-by',
      'day',
    ],
    // One logit column, sample weights, bits, bad rows skipped.
    logits: [
      '--table',
      'predictions',
      '--label',
      'y',
      '--columns',
      'logit',
      '--from',
      'logits',
      '--sample-weight',
      'w',
      '--base',
      '2',
      '--skip-bad-lines',
    ],
  };
  for (const dialect of ['duckdb', 'postgres', 'spark', 'trino', 'bigquery', 'snowflake'])
    for (const [kind, args] of Object.entries(settings)) {
      it(`xent sql --dialect ${dialect} prints the golden ${kind} query`, async () => {
        const golden = new URL(`${dialect}-${kind}.sql`, GOLDEN);
        const query = await printedQuery(['--dialect', dialect, ...args]);
        const wanted = readFileSync(golden, 'utf8');
        if (query !== wanted) writeFileSync(new URL(`${dialect}-${kind}-changed.sql`, GOLDEN), query);
        expect(
          query,
          `differs from ${golden.pathname}; the query printed is in the -changed file beside it`,
        ).toBe(wanted);
      });
    }
});
