import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkFigures, type ExpectedFigures } from '../metrics/fixtures.js';
import { CASES, expectJsFigures } from './engines.js';
import { ensureCliBuilt, FIXTURES, json, ROOT, xent } from './xent.js';

const tmp = mkdtempSync(join(tmpdir(), 'xent-duckdb-'));

beforeAll(ensureCliBuilt, 120_000);

const duckdb = (file: string, args: readonly string[]) =>
  xent(['eval', file, ...args, '--engine', 'duckdb', '--json']);

describe('xent eval --engine duckdb', () => {
  for (const { name, file, args, expected: wanted } of CASES) {
    it(`xent eval ${file} --engine duckdb equals the JS engine to 1e-12 and scikit-learn: ${name}`, async () => {
      const report = json(await duckdb(file, args));
      await expectJsFigures(report, file, args);
      checkFigures(report as unknown as ExpectedFigures, wanted);
      expect(report.files).toEqual([file]);
    });
  }

  it('xent eval --engine duckdb infers the score columns from the numeric columns, as the JS engine', async () => {
    const args = ['--label', 'species', '--classes', 'setosa,versicolor,virginica'];
    await expectJsFigures(json(await duckdb('iris_proba.csv', args)), 'iris_proba.csv', args);
  });

  it('xent eval --engine duckdb --top-k and --exact-rows reach the state the query computes', async () => {
    const { file, args } = CASES[4]; // digits, 10 classes: every k below 10 is a different figure
    for (const k of ['1', '2', '3']) {
      const report = json(await duckdb(file, [...args, '--top-k', k]));
      expect(report.topK).toBe(Number(k));
      await expectJsFigures(report, file, [...args, '--top-k', k]);
    }
    // The state records --exact-rows, so it merges with the JS engine's states of the same options.
    const sql = join(tmp, 'exact-rows.sql.json');
    const js = join(tmp, 'exact-rows.js.json');
    const options = [...CASES[1].args, '--exact-rows', '10'];
    await duckdb(CASES[1].file, [...options, '--save-state', sql]);
    await xent(['eval', CASES[1].file, ...options, '--save-state', js]);
    expect(JSON.parse(readFileSync(sql, 'utf8')).meter.ranking.exactRows).toBe(10);
    expect((await xent(['merge', sql, js])).code).toBe(0);
  });

  it('xent eval --engine duckdb reads gzip and zstd files, globs and hive-partitioned folders of Parquet', async () => {
    const { file, args } = CASES[4]; // digits, Parquet, 10 classes
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    const source = `read_parquet('${FIXTURES}${file}')`;
    // Two shards by row number, a folder partitioned by the label, and a gzipped CSV of it all.
    await connection.run(
      `COPY (SELECT * FROM ${source} LIMIT 1000) TO '${tmp}/shard-a.parquet'; COPY (SELECT * FROM ${source} OFFSET 1000) TO '${tmp}/shard-b.parquet'`,
    );
    await connection.run(
      `COPY (SELECT * FROM ${source}) TO '${tmp}/hive' (FORMAT parquet, PARTITION_BY (digit))`,
    );
    await connection.run(`COPY (SELECT * FROM ${source}) TO '${tmp}/digits.csv.gz' (HEADER)`);
    await connection.run(
      `COPY (SELECT * FROM ${source}) TO '${tmp}/digits.csv.zst' (HEADER, COMPRESSION zstd)`,
    );
    connection.closeSync();
    // The hive folder holds the label only in its paths: it must come back as a column.
    const hiveArgs = [...args, '--columns', Array.from({ length: 10 }, (_, k) => `p${k}`).join(',')];
    for (const [input, extra] of [
      [`${tmp}/shard-*.parquet`, args],
      [`${tmp}/hive`, hiveArgs],
      [`${tmp}/digits.csv.gz`, args],
      [`${tmp}/digits.csv.zst`, args],
    ] as const) {
      await expectJsFigures(json(await duckdb(input, extra)), file, args, 1e-12, input);
    }
  });

  it('xent eval --engine duckdb refuses bad rows, and skips and counts them with --skip-bad-lines, as the JS engine', async () => {
    const bad = join(tmp, 'bad.csv');
    writeFileSync(bad, `${readFileSync(`${FIXTURES}breast_cancer_logit.csv`, 'utf8')}7,0.5\n1,nan\n`);
    const args = ['--label', 'y', '--from', 'logits'];
    const refused = await duckdb(bad, args);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^xent eval: .*bad\.csv: 2 of 230 rows fail the checks/);
    const skipped = json(await duckdb(bad, [...args, '--skip-bad-lines']));
    expect(skipped.skipped).toBe(2);
    await expectJsFigures(skipped, bad, [...args, '--skip-bad-lines']);
  });

  it('xent eval --engine duckdb --save-state writes a state that xent merge reads', async () => {
    const { file, args } = CASES[1];
    const state = join(tmp, 'duckdb.state.json');
    expect((await xent(['eval', file, ...args, '--engine', 'duckdb', '--save-state', state])).code).toBe(0);
    await expectJsFigures(json(await xent(['merge', state, '--json'])), file, args);
  });

  it('xent eval --engine duckdb on a Parquet URL says that httpfs could not be had offline', async () => {
    // DuckDB reads http(s) through its httpfs extension, downloaded on first use: not here.
    const server = createServer((_, response) =>
      response.end(readFileSync(`${FIXTURES}digits_proba.parquet`)),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const run = await duckdb(`http://127.0.0.1:${port}/digits_proba.parquet`, ['--label', 'digit']);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(
        /^xent eval: DuckDB cannot read http:\/\/127\.0\.0\.1:\d+\/digits_proba\.parquet: .*httpfs.*INSTALL httpfs/,
      );
    } finally {
      server.close();
    }
  });

  it('xent eval --engine duckdb without @duckdb/node-api installed says how to install it', async () => {
    // The bundle copied out of the checkout resolves no node_modules: as a global install without the optional package.
    const bare = join(tmp, 'bare');
    mkdirSync(bare);
    cpSync(`${ROOT}dist/cli`, bare, { recursive: true });
    const { execFile } = await import('node:child_process');
    const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        [
          join(bare, 'bin.js'),
          'eval',
          `${FIXTURES}iris_logits.tsv`,
          '--label',
          'label',
          '--engine',
          'duckdb',
        ],
        (error, _stdout, stderr) =>
          resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stderr }),
      );
      child.stdin?.end();
    });
    expect(run).toEqual({
      code: 2,
      stderr:
        'xent eval: --engine duckdb needs the optional package @duckdb/node-api, which is not installed; run npm install @duckdb/node-api@1.5 beside xent, or leave out --engine to use the built-in engine\n',
    });
  });

  it('xent eval --engine names the engines it has', async () => {
    expect(await xent(['eval', 'iris_logits.tsv', '--label', 'label', '--engine', 'spark'])).toMatchObject({
      code: 2,
      stderr: 'xent eval: --engine spark: use js (built in) or duckdb\n',
    });
  });
});
