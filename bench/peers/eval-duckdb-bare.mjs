// Bare DuckDB on the file, what `xent eval --engine duckdb` is timed against: either the query a
// data scientist would write for log loss alone (clip, −log of the label's probability, mean),
// or, given QUERY_FILE, the state query `xent sql --dialect duckdb` prints, run without xent.
// Usage: node eval-duckdb-bare.mjs FILE CLASSES [QUERY_FILE]. Prints one JSON line.
import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const [file, classesText, queryFile] = process.argv.slice(2);
const classes = Number(classesText);
const started = performance.now();
const connection = await (await DuckDBInstance.create(':memory:')).connect();
const source = file.endsWith('.parquet') ? `read_parquet('${file}')` : `read_csv('${file}')`;
const clip = (p) => `greatest(least(${p}, 1 - 1e-15), 1e-15)`;
const picked =
  classes === 2
    ? `CASE WHEN y = 1 THEN ${clip('p1')} ELSE 1 - ${clip('p1')} END`
    : `CASE y ${Array.from({ length: classes }, (_, k) => `WHEN ${k} THEN ${clip(`p${k}`)}`).join(' ')} END`;
const query = queryFile
  ? readFileSync(queryFile, 'utf8')
  : `SELECT avg(-ln(${picked})) AS log_loss FROM ${source}`;
const row = (await connection.runAndReadAll(query)).getRowObjectsJS()[0];
// The state query's log loss is its loss sum over its weight, as xent report divides them.
const logLoss = queryFile ? row.loss / row.weight : row.log_loss;
console.log(JSON.stringify({ logLoss, seconds: (performance.now() - started) / 1000 }));
