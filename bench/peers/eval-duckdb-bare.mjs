// The bare DuckDB query a data scientist would write for log loss alone (clip, −log of the
// label's probability, mean), on the same file: what `xent eval --engine duckdb` is timed against.
// Usage: node eval-duckdb-bare.mjs FILE CLASSES. Prints one JSON line.
import { DuckDBInstance } from '@duckdb/node-api';

const [file, classesText] = process.argv.slice(2);
const classes = Number(classesText);
const started = performance.now();
const connection = await (await DuckDBInstance.create(':memory:')).connect();
const source = file.endsWith('.parquet') ? `read_parquet('${file}')` : `read_csv('${file}')`;
const clip = (p) => `greatest(least(${p}, 1 - 1e-15), 1e-15)`;
const picked =
  classes === 2
    ? `CASE WHEN y = 1 THEN ${clip('p1')} ELSE 1 - ${clip('p1')} END`
    : `CASE y ${Array.from({ length: classes }, (_, k) => `WHEN ${k} THEN ${clip(`p${k}`)}`).join(' ')} END`;
const reader = await connection.runAndReadAll(`SELECT avg(-ln(${picked})) AS log_loss FROM ${source}`);
const logLoss = reader.getRowObjectsJS()[0].log_loss;
console.log(JSON.stringify({ logLoss, seconds: (performance.now() - started) / 1000 }));
