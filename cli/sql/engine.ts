// The DuckDB engine's modules, imported by `xent eval` only when --engine duckdb is asked for.
export { evaluateInDuckDb } from './duckdb.js';
export { shardsOfResult } from './results.js';
