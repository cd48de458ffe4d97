// node bench/eval-scale.mjs — `xent eval` at scale, beside its peers on the same files: xent's JS
// engine, xent on DuckDB (--engine duckdb), bare DuckDB (the same state query run without xent, and
// a log-loss-only query), and scikit-learn's
// log_loss after numpy.loadtxt (CSV only: no Parquet reader in /usr/bin/python3 here). Each run is
// its own process under /usr/bin/time, so its peak RSS is its own; the tools take turns, round
// after round, so a burst of load on a shared machine hits all of them.
//   --rows N (default 10,000,000): rows of the binary files.  --multiclass-rows N (default 2,000,000):
//   rows of the 10-class files.  --rounds N (default 3): repetitions; the median is reported.
// Needs `npm run build:cli` first. The files are generated into a temp folder, never committed.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';

const here = dirname(fileURLToPath(import.meta.url));
const BIN = join(here, '..', 'dist', 'cli', 'bin.js');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const rows = option('--rows', 10_000_000);
const multiclassRows = option('--multiclass-rows', 2_000_000);
const rounds = option('--rounds', 3);
const folder = mkdtempSync(join(tmpdir(), 'xent-bench-eval-'));

/** Seeded predictions written by DuckDB: a label and calibrated-ish probabilities, CSV and Parquet. */
async function generate() {
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  await connection.run('SELECT setseed(0.16)');
  await connection.run(
    `CREATE TABLE binary_predictions AS SELECT CAST(random() < p AS INTEGER) AS y, p AS p1 FROM (SELECT 0.02 + 0.96 * random() AS p FROM range(${rows}))`,
  );
  const weights = Array.from({ length: 10 }, (_, k) => `w${k}`);
  await connection.run(
    `CREATE TABLE multiclass_predictions AS SELECT CAST(floor(random() * 10) AS INTEGER) AS y, ${weights
      .map((w, k) => `${w} / (${weights.join(' + ')}) AS p${k}`)
      .join(
        ', ',
      )} FROM (SELECT ${weights.map((w) => `0.01 + random() AS ${w}`).join(', ')} FROM range(${multiclassRows}))`,
  );
  for (const table of ['binary', 'multiclass']) {
    await connection.run(`COPY ${table}_predictions TO '${folder}/${table}.csv' (HEADER)`);
    await connection.run(`COPY ${table}_predictions TO '${folder}/${table}.parquet' (FORMAT parquet)`);
  }
  connection.closeSync();
}

/**
 * Runs a command under /usr/bin/time; returns its wall-clock seconds from process start to exit
 * (runtime start-up and imports included, the same for every tool), its log loss and peak RSS.
 */
function measure(command, argv) {
  const started = performance.now();
  const run = spawnSync('/usr/bin/time', ['-f', 'XENT_PEAK_KB %M', command, ...argv], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`${command} ${argv.join(' ')} failed: ${run.stderr}`);
  const seconds = (performance.now() - started) / 1000;
  const peakKb = Number(/XENT_PEAK_KB (\d+)/.exec(run.stderr)[1]);
  const out = JSON.parse(run.stdout);
  return { seconds, logLoss: out.logLoss, peakMb: peakKb / 1024 };
}

const TOOLS = [
  [
    'xent eval (JS engine)',
    (file) => measure(process.execPath, [BIN, 'eval', file, '--label', 'y', '--json', '--no-progress']),
  ],
  [
    'xent eval --engine duckdb',
    (file) => measure(process.execPath, [BIN, 'eval', file, '--label', 'y', '--engine', 'duckdb', '--json']),
  ],
  [
    "DuckDB, xent's state query run bare",
    (file, classes) =>
      measure(process.execPath, [
        join(here, 'peers', 'eval-duckdb-bare.mjs'),
        file,
        String(classes),
        stateQueryFile(file, classes),
      ]),
  ],
  [
    'DuckDB, a log-loss-only query',
    (file, classes) =>
      measure(process.execPath, [join(here, 'peers', 'eval-duckdb-bare.mjs'), file, String(classes)]),
  ],
  [
    'scikit-learn + numpy.loadtxt',
    (file, classes) =>
      file.endsWith('.csv')
        ? measure('/usr/bin/python3', [join(here, 'peers', 'eval_sklearn.py'), file, String(classes)])
        : undefined,
  ],
];

/** The query `xent sql --dialect duckdb` prints for the file, written beside it once. */
function stateQueryFile(file, classes) {
  const path = `${file}.sql`;
  if (!existsSync(path)) {
    const source = file.endsWith('.parquet') ? `read_parquet('${file}')` : `read_csv('${file}')`;
    const columns = classes === 2 ? 'p1' : Array.from({ length: classes }, (_, k) => `p${k}`).join(',');
    const sql = ['sql', '--dialect', 'duckdb', '--table', source, '--label', 'y', '--columns', columns];
    writeFileSync(path, execFileSync(process.execPath, [BIN, ...sql], { encoding: 'utf8' }));
  }
  return path;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

await generate();
const inputs = [
  ['binary', 'csv', 2, rows],
  ['binary', 'parquet', 2, rows],
  ['multiclass', 'csv', 10, multiclassRows],
  ['multiclass', 'parquet', 10, multiclassRows],
];
console.log(
  `${cpus().length} CPUs, load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}, ${rounds} rounds, median shown`,
);
console.log(
  '| tool | file | rows | MB | seconds | rows/s | peak RSS | log loss | × the state query bare | × log-loss-only query |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const [table, format, classes, count] of inputs) {
  const file = join(folder, `${table}.${format}`);
  const times = TOOLS.map(() => []);
  const last = [];
  for (let round = 0; round < rounds; round++)
    TOOLS.forEach(([, run], t) => {
      const result = run(file, classes);
      if (result === undefined) return;
      times[t].push(result.seconds);
      last[t] = result;
    });
  const bare = median(times[2]);
  const logLossOnly = median(times[3]);
  TOOLS.forEach(([name], t) => {
    if (last[t] === undefined) return;
    const seconds = median(times[t]);
    const cells = [
      name,
      `${format}, ${classes === 2 ? 'binary' : `${classes} classes`}`,
      count.toLocaleString('en-US'),
      (statSync(file).size / 1e6).toFixed(0),
      seconds.toFixed(2),
      Math.round(count / seconds).toLocaleString('en-US'),
      `${last[t].peakMb.toFixed(0)} MB`,
      last[t].logLoss.toPrecision(15),
      (seconds / bare).toFixed(2),
      (seconds / logLossOnly).toFixed(2),
    ];
    console.log(`| ${cells.join(' | ')} |`);
  });
}
rmSync(folder, { recursive: true, force: true });
