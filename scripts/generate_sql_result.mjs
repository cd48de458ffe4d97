// node scripts/generate_sql_result.mjs — writes test/fixtures/cli/iris_logits.sql-result.csv, the
// example input of `xent report` in docs/CLI.md: the query `xent sql --dialect duckdb` prints for
// iris_logits.tsv (three partitions), run in DuckDB, exported as CSV as an engine would export it.
// Needs `npm run build:cli` first.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixtures = `${root}test/fixtures/cli/`;
const table = `(SELECT *, row_number() OVER () % 3 AS shard FROM read_csv('iris_logits.tsv', delim = '\\t'))`;
const query = execFileSync(
  process.execPath,
  [
    `${root}dist/cli/bin.js`,
    'sql',
    '--dialect',
    'duckdb',
    '--table',
    table,
    '--label',
    'label',
    '--columns',
    'z0,z1,z2',
    '--from',
    'logits',
    '--sample-weight',
    'weight',
    '--base',
    '2',
    '--partition-by',
    'shard',
  ],
  { cwd: fixtures, encoding: 'utf8' },
);
process.chdir(fixtures);
const connection = await (await DuckDBInstance.create(':memory:')).connect();
await connection.run(`COPY (${query}) TO 'iris_logits.sql-result.csv' (HEADER)`);
connection.closeSync();
