// node bench/eval-speed.mjs — `xent eval` throughput and peak memory on generated prediction files:
// a binary CSV of 10M rows (`p,y`, p with four decimals, 90 MB), a 10-class CSV of 2M rows (full
// precision probabilities, about 400 MB), and the same data as Parquet (row groups of 100,000).
// The files are written once into --dir (default: a folder in the OS temp dir) and kept there.
// Each run is a separate `node dist/cli/bin.js eval FILE --label y --json` under /usr/bin/time, so
// its peak RSS is its own. Build the CLI first: npm run build:cli.
//   --repeat N (default 3): runs per file and engine; with --baseline, A and B alternate.
//   --baseline DIR: another build's dist/cli folder, run alternately with this one (A/B ratios).
//   --only binary.csv,multi.csv: just those files.  --threads N: XENT_EVAL_THREADS for the runs.
// Prints a Markdown table: medians of the report's rows/s and of the wall time, CPU seconds
// (user + system: what the run cost, whatever else shares the cores), and the largest peak RSS.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parquetWriteFile } from 'hyparquet-writer';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const dir = option('dir', join(tmpdir(), 'xent-eval-speed'));
const repeat = Number(option('repeat', '3'));
const baseline = option('baseline', undefined);
const only = option('only', undefined)?.split(',');
const threads = option('threads', undefined);

const BINARY_ROWS = 10_000_000;
const MULTI_ROWS = 2_000_000;
const CLASSES = 10;
const ROW_GROUP = 100_000;

/** A fixed-seed generator (Park–Miller), so every machine benchmarks the same bytes. */
function generator(seed) {
  let state = seed;
  return () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
}

/** Binary rows: p with four decimals and a label drawn with probability p. */
function binaryRows(each) {
  const random = generator(1);
  for (let i = 0; i < BINARY_ROWS; i++) {
    const p = Math.round(random() * 10000) / 10000;
    each(p, random() < p ? 1 : 0);
  }
}

/** Ten-class rows: softmax of random logits, and a label drawn from them. */
function multiRows(each) {
  const random = generator(2);
  const row = new Float64Array(CLASSES);
  for (let i = 0; i < MULTI_ROWS; i++) {
    let total = 0;
    for (let k = 0; k < CLASSES; k++) {
      row[k] = Math.exp(3 * random());
      total += row[k];
    }
    for (let k = 0; k < CLASSES; k++) row[k] /= total;
    let u = random();
    let label = CLASSES - 1;
    for (let k = 0; k < CLASSES; k++) {
      u -= row[k];
      if (u < 0) {
        label = k;
        break;
      }
    }
    each(row, label);
  }
}

function writeCsv(file, header, rows) {
  const fd = openSync(file, 'w');
  let text = `${header}\n`;
  rows((...cells) => {
    text += `${cells.map((cell) => (ArrayBuffer.isView(cell) ? Array.from(cell).join(',') : cell)).join(',')}\n`;
    if (text.length > 1 << 20) {
      writeSync(fd, text);
      text = '';
    }
  });
  writeSync(fd, text);
  closeSync(fd);
}

function writeParquet(file, rowCount, names, rows) {
  const columns = names.map(() => new Float64Array(rowCount));
  const labels = new Int32Array(rowCount);
  let i = 0;
  rows((scores, label) => {
    if (typeof scores === 'number') columns[0][i] = scores;
    else for (let k = 0; k < names.length; k++) columns[k][i] = scores[k];
    labels[i++] = label;
  });
  parquetWriteFile({
    filename: file,
    columnData: [
      ...names.map((name, k) => ({ name, data: columns[k], type: 'DOUBLE' })),
      { name: 'y', data: labels, type: 'INT32' },
    ],
    rowGroupSize: ROW_GROUP,
  });
}

const probabilityNames = Array.from({ length: CLASSES }, (_, k) => `p${k}`);
const FILES = [
  { name: 'binary.csv', rows: BINARY_ROWS, write: (file) => writeCsv(file, 'p,y', binaryRows) },
  {
    name: 'multi.csv',
    rows: MULTI_ROWS,
    write: (file) => writeCsv(file, `${probabilityNames.join(',')},y`, multiRows),
  },
  {
    name: 'binary.parquet',
    rows: BINARY_ROWS,
    write: (file) => writeParquet(file, BINARY_ROWS, ['p'], binaryRows),
  },
  {
    name: 'multi.parquet',
    rows: MULTI_ROWS,
    write: (file) => writeParquet(file, MULTI_ROWS, probabilityNames, multiRows),
  },
].filter((file) => only === undefined || only.includes(file.name));

function run(bin, file) {
  const env = { ...process.env, ...(threads === undefined ? {} : { XENT_EVAL_THREADS: threads }) };
  const result = spawnSync(
    '/usr/bin/time',
    ['-f', '%e %U %S %M', process.execPath, bin, 'eval', file, '--label', 'y', '--json'],
    {
      env,
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    },
  );
  if (result.status !== 0) throw new Error(`${bin} eval ${file} failed: ${result.stderr}`);
  const [wall, user, system, rssKb] = result.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  const report = JSON.parse(result.stdout);
  return {
    rowsPerSecond: report.rowsPerSecond,
    logLoss: report.logLoss,
    wall,
    cpu: user + system,
    rss: rssKb * 1024,
  };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const engines = [{ label: 'this build', bin: join(root, 'dist/cli/bin.js') }];
if (baseline !== undefined) engines.push({ label: 'baseline', bin: join(baseline, 'bin.js') });
for (const engine of engines) {
  if (!existsSync(engine.bin)) throw new Error(`${engine.bin} is missing; run npm run build:cli`);
}

mkdirSync(dir, { recursive: true });
const lines = [
  `CPU: ${cpus()[0]?.model} × ${cpus().length}, Node ${process.version}, load average at start ${loadavg()[0].toFixed(1)}, ${repeat} runs each${baseline ? ', A/B alternating' : ''}`,
  '',
  '| file | rows | size | engine | rows/s (median) | wall s | CPU s | rows per CPU s | peak RSS |',
  '| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |',
];
for (const spec of FILES) {
  const file = join(dir, spec.name);
  if (!existsSync(file)) {
    process.stderr.write(`writing ${file}…\n`);
    spec.write(file);
  }
  const runs = engines.map(() => []);
  for (let r = 0; r < repeat; r++) {
    engines.forEach((engine, e) => {
      runs[e].push(run(engine.bin, file));
    });
  }
  const size = statSync(file).size;
  engines.forEach((engine, e) => {
    const results = runs[e];
    const cpu = median(results.map((x) => x.cpu));
    lines.push(
      `| ${spec.name} | ${spec.rows.toLocaleString('en-US')} | ${(size / 1e6).toFixed(0)} MB | ${engine.label} | ${Math.round(median(results.map((x) => x.rowsPerSecond))).toLocaleString('en-US')} | ${median(results.map((x) => x.wall)).toFixed(2)} | ${cpu.toFixed(2)} | ${Math.round(spec.rows / cpu).toLocaleString('en-US')} | ${(Math.max(...results.map((x) => x.rss)) / 2 ** 20).toFixed(0)} MiB |`,
    );
  });
  // Threads merge their sums in whatever order they finish: the last bits may differ, no more.
  const losses = runs.flat().map((x) => x.logLoss);
  const spread = (Math.max(...losses) - Math.min(...losses)) / Math.abs(Math.min(...losses));
  if (!(spread <= 1e-12)) lines.push(`(log losses differ by ${spread} relative: ${losses.join(', ')})`);
  process.stderr.write(`${spec.name} done\n`);
}
lines.push('', `load average at the end ${loadavg()[0].toFixed(1)}`);
console.log(lines.join('\n'));
