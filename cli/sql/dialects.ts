import { CliError } from '../errors.js';

/**
 * What differs between the SQL engines the state query is written for. Everything else in the
 * query (CTEs, CASE, GREATEST, LN, EXP, CEIL, SUM) is the same in all of them.
 */
export interface Dialect {
  name: DialectName;
  identifier(name: string): string;
  string(text: string): string;
  /** The column as float64; a string that is not a number becomes NULL where the engine can. */
  toDouble(expression: string): string;
  toText(expression: string): string;
  /**
   * A float64 literal: the shortest exponent form that reads back as the same double, which every
   * engine parses as a double (a plain decimal may be read as a DECIMAL first, and rounded twice).
   */
  double(x: number): string;
  /** +Infinity, the loss of a probability of 0 when eps is 0. */
  infinity: string;
  /**
   * A sum of float64 terms as exact as the engine allows: the merge adds these sums, so their
   * error is the report's error.
   */
  exactSum(expression: string): string;
  /** a · b, and e^x, in float64; 0 where the result is too small for a double (IEEE underflow). */
  multiply(a: string, b: string): string;
  exp(x: string): string;
  /**
   * How a CTE is introduced. PostgreSQL inlines a CTE read once, and the query's nine stages,
   * each reading the last one's columns several times, would grow into one expression of
   * exponential size (a minute for 75 rows); MATERIALIZED computes each stage once.
   */
  cte: 'AS' | 'AS MATERIALIZED';
}

export type DialectName = 'duckdb' | 'postgres' | 'spark' | 'trino' | 'bigquery' | 'snowflake';

const plainMultiply = (a: string, b: string) => `${a} * ${b}`;
const plainExp = (x: string) => `EXP(${x})`;
const ieee = { multiply: plainMultiply, exp: plainExp };
/** Below e^−745 a double is 0 (or the least subnormal, 4.9e-324): the few ulps ignored are below 1e-323. */
const UNDERFLOW_LOG = -745;

const literal = (x: number) => (Number.isInteger(x) ? String(x) : x.toExponential());
const doubleQuoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
const backQuoted = (name: string) => `\`${name.replaceAll('`', '``')}\``;
const standardString = (text: string) => `'${text.replaceAll("'", "''")}'`;
// Spark SQL and BigQuery read a backslash in a literal as an escape.
const backslashString = (text: string) => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

export const DIALECTS: Record<DialectName, Dialect> = {
  // fsum is DuckDB's Kahan–Babuška aggregate: as exact as the JS engine's Neumaier sums.
  duckdb: {
    ...ieee,
    name: 'duckdb',
    cte: 'AS',
    double: (x) => `CAST(${literal(x)} AS DOUBLE)`,
    identifier: doubleQuoted,
    string: standardString,
    toDouble: (x) => `TRY_CAST(${x} AS DOUBLE)`,
    toText: (x) => `CAST(${x} AS VARCHAR)`,
    infinity: `CAST('Infinity' AS DOUBLE)`,
    exactSum: (x) => `fsum(${x})`,
  },
  // A numeric sum is exact; the float8 → text → numeric cast keeps every digit of the double
  // (PostgreSQL's direct float8 → numeric cast rounds to 15 significant digits).
  postgres: {
    name: 'postgres',
    cte: 'AS MATERIALIZED',
    double: (x) => `CAST(${literal(x)} AS double precision)`,
    identifier: doubleQuoted,
    string: standardString,
    toDouble: (x) => `CAST(${x} AS double precision)`,
    toText: (x) => `CAST(${x} AS text)`,
    infinity: `CAST('Infinity' AS double precision)`,
    exactSum: (x) => `sum(CAST(CAST(${x} AS text) AS numeric))`,
    // PostgreSQL raises "value out of range: underflow" where IEEE arithmetic rounds to 0. CASE
    // is the one construct whose order of evaluation it guarantees, so the LN never sees a 0.
    multiply: (a, b) =>
      `CASE WHEN ${a} = 0 OR ${b} = 0 THEN ${a} * ${b} WHEN LN(ABS(${a})) + LN(ABS(${b})) < ${UNDERFLOW_LOG} THEN 0 ELSE ${a} * ${b} END`,
    exp: (x) => `CASE WHEN ${x} < ${UNDERFLOW_LOG} THEN 0 ELSE EXP(${x}) END`,
  },
  // Spark, Trino, BigQuery and Snowflake have no compensated float sum: a plain float64 sum,
  // whose rounding error grows with the rows summed (docs/SCALE.md says how much).
  spark: {
    ...ieee,
    name: 'spark',
    cte: 'AS',
    double: (x) => `CAST(${literal(x)} AS DOUBLE)`,
    identifier: backQuoted,
    string: backslashString,
    toDouble: (x) => `TRY_CAST(${x} AS DOUBLE)`,
    toText: (x) => `CAST(${x} AS STRING)`,
    infinity: `CAST('Infinity' AS DOUBLE)`,
    exactSum: (x) => `sum(${x})`,
  },
  trino: {
    ...ieee,
    name: 'trino',
    cte: 'AS',
    double: (x) => `CAST(${literal(x)} AS DOUBLE)`,
    identifier: doubleQuoted,
    string: standardString,
    toDouble: (x) => `TRY_CAST(${x} AS DOUBLE)`,
    toText: (x) => `CAST(${x} AS VARCHAR)`,
    infinity: 'infinity()',
    exactSum: (x) => `sum(${x})`,
  },
  bigquery: {
    ...ieee,
    name: 'bigquery',
    cte: 'AS',
    double: (x) => `CAST(${literal(x)} AS FLOAT64)`,
    identifier: backQuoted,
    string: backslashString,
    toDouble: (x) => `SAFE_CAST(${x} AS FLOAT64)`,
    toText: (x) => `CAST(${x} AS STRING)`,
    infinity: `CAST('inf' AS FLOAT64)`,
    exactSum: (x) => `SUM(${x})`,
  },
  snowflake: {
    ...ieee,
    name: 'snowflake',
    cte: 'AS',
    double: (x) => `CAST(${literal(x)} AS DOUBLE)`,
    identifier: doubleQuoted,
    string: standardString,
    toDouble: (x) => `TRY_CAST(CAST(${x} AS VARCHAR) AS DOUBLE)`,
    toText: (x) => `CAST(${x} AS VARCHAR)`,
    infinity: `CAST('inf' AS DOUBLE)`,
    exactSum: (x) => `SUM(${x})`,
  },
};

export const DIALECT_NAMES = Object.keys(DIALECTS) as DialectName[];

export function dialectOf(name: string | undefined, command: string): Dialect {
  if (name === undefined)
    throw new CliError(`xent ${command}: --dialect is required; use one of ${DIALECT_NAMES.join(', ')}`);
  if (!(name in DIALECTS))
    throw new CliError(`xent ${command}: unknown dialect "${name}"; use one of ${DIALECT_NAMES.join(', ')}`);
  return DIALECTS[name as DialectName];
}
