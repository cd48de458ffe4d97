// npm run bench — xent against PyTorch CPU, TF.js (cpu, wasm) and ONNX Runtime on the same
// inputs in one run. Each peer runs in its own process (so peak memory is its own) on inputs
// written once to a temp folder. Prints median ms, GB/s of logits, xent's speed-up over each
// peer and peak memory beyond the inputs, as a Markdown table.
//   --quick (or XENT_BENCH_QUICK=1): fewer shapes and repetitions.
//   --threads N (default 2): xent's and the peers' thread count.
//   --only 4096x50257[,…]: just those cases.  --skip TF.js[,…]: leave out peers by name prefix.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasRelaxedSimd } from '../dist/kernels/features.js';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick') || process.env.XENT_BENCH_QUICK === '1';
const threadsAt = args.indexOf('--threads');
const threads = threadsAt >= 0 ? Number(args[threadsAt + 1]) : 2;
const PYTHON = '/usr/bin/python3';
/** TF.js runs that would take longer than this (estimated from a smaller shape) are not started. */
const TFJS_BUDGET_MS = 150_000;

const skipAt = args.indexOf('--skip');
const skip = skipAt >= 0 ? args[skipAt + 1].split(',') : [];
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args[onlyAt + 1].split(',') : undefined;
const allCases = [
  { kind: 'ce', rows: 65536, columns: 10 },
  { kind: 'ce', rows: 256, columns: 1000 },
  { kind: 'ce', rows: 256, columns: 32000 },
  { kind: 'ce', rows: 1024, columns: 32000 },
  ...(quick && only === undefined ? [] : [{ kind: 'ce', rows: 4096, columns: 50257 }]),
  { kind: 'bce', rows: 65536, columns: 100 },
];
// --only 1024x32000,bce-65536x100 runs just those cases.
const cases = allCases.filter(
  (c) =>
    only === undefined ||
    only.includes(`${c.rows}x${c.columns}`) ||
    only.includes(`${c.kind}-${c.rows}x${c.columns}`),
);

function repsFor({ rows, columns }) {
  const size = rows * columns;
  if (quick) return size > 1e7 ? 3 : 7;
  return size > 1e8 ? 5 : size > 1e7 ? 9 : 21;
}

/** Seeded uniform logits in [−8, 8) and targets, written as raw little-endian files. */
function writeInputs(spec) {
  const dir = join(tmpdir(), `xent-bench-${spec.kind}-${spec.rows}x${spec.columns}`);
  mkdirSync(dir, { recursive: true });
  let state = 12345;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const size = spec.rows * spec.columns;
  const logits = new Float32Array(size);
  for (let i = 0; i < size; i++) logits[i] = (random() - 0.5) * 16;
  writeFileSync(join(dir, 'logits.f32'), logits);
  if (spec.kind === 'ce') {
    writeFileSync(
      join(dir, 'targets.i32'),
      Int32Array.from({ length: spec.rows }, () => Math.floor(random() * spec.columns)),
    );
  } else {
    writeFileSync(
      join(dir, 'targets.f32'),
      Float32Array.from({ length: size }, () => (random() < 0.5 ? 0 : 1)),
    );
  }
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(spec));
  return dir;
}

function run(command, argv, env = {}) {
  const result = spawnSync(command, argv, {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
    env: { ...process.env, ...env },
  });
  const line = result.stdout?.trim().split('\n').pop();
  if (result.status !== 0 || !line?.startsWith('{')) {
    const lines = (result.error?.message ?? result.stderr ?? '').trim().split('\n');
    const why = lines.find((l) => /Error|error:/.test(l))?.trim() ?? lines.slice(-2).join(' ');
    return { error: why || `exit ${result.status}` };
  }
  return JSON.parse(line);
}

function available(check) {
  try {
    check();
    return true;
  } catch {
    return false;
  }
}

const haveTorch = available(() => execFileSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }));
const haveOrt = available(() =>
  execFileSync(process.execPath, ['-e', "require('onnxruntime-node')"], { stdio: 'ignore', cwd: here }),
);
// Where the runtime has relaxed SIMD (Node ≥ 22) xent loads the build with fused multiply-add;
// the SIMD128 build, which Node 20 runs, is then timed beside it.
const relaxedSimd = hasRelaxedSimd();
const haveTfjs = available(() =>
  execFileSync(process.execPath, ['-e', "require('@tensorflow/tfjs-core')"], { stdio: 'ignore', cwd: here }),
);

const peersFor = (spec, dir, reps, tfjsEstimate) => {
  const peers = [
    [
      'xent',
      () =>
        run(process.execPath, [
          join(here, 'peers/xent.mjs'),
          dir,
          'zero-copy',
          String(threads),
          String(reps),
        ]),
    ],
    ...[
      ['xent (Float32Array)', 'arrays'],
      ['xent (Float32Array, separate out)', 'arrays-out'],
      ['xent (Float32Array, new gradient)', 'arrays-new'],
      ...(spec.kind === 'ce' ? [['xent (ort.Tensor output)', 'ort']] : []),
    ].map(([name, mode]) => [
      name,
      () =>
        mode === 'ort' && !haveOrt
          ? { error: 'onnxruntime-node not installed' }
          : run(process.execPath, [join(here, 'peers/xent.mjs'), dir, mode, String(threads), String(reps)]),
    ]),
    [
      'xent (1 thread)',
      () => run(process.execPath, [join(here, 'peers/xent.mjs'), dir, 'zero-copy', '1', String(reps)]),
    ],
    [
      'xent (SIMD128 build)',
      () =>
        relaxedSimd
          ? run(
              process.execPath,
              [join(here, 'peers/xent.mjs'), dir, 'zero-copy', String(threads), String(reps)],
              {
                XENT_KERNEL_VARIANT: 'simd128',
              },
            )
          : { error: `Node ${process.version} has no relaxed SIMD: the xent rows are this build` },
    ],
    [
      'PyTorch CPU',
      () =>
        haveTorch
          ? run(PYTHON, [join(here, 'peers/torch_peer.py'), dir, String(threads), String(reps)])
          : { error: `not installed (${PYTHON} has no torch)` },
    ],
  ];
  for (const t of spec.kind === 'ce' ? [1, threads] : []) {
    peers.push([
      `ONNX Runtime (${t} thread${t > 1 ? 's' : ''})`,
      () =>
        haveOrt
          ? run(process.execPath, [join(here, 'peers/ort.mjs'), dir, String(t), String(reps)])
          : { error: 'onnxruntime-node not installed' },
    ]);
  }
  if (spec.kind === 'bce')
    peers.push(['ONNX Runtime', () => ({ error: 'no ONNX operator for BCE with logits; not run' })]);
  for (const backend of ['wasm', 'cpu']) {
    // The same TF.js backend with the loss and its gradient from xent/tfjs (dist/tfjs).
    peers.push([
      `TF.js ${backend} (xent/tfjs)`,
      () =>
        haveTfjs
          ? run(process.execPath, [
              join(here, 'peers/tfjs.mjs'),
              dir,
              backend,
              String(Math.min(reps, 9)),
              'xent/tfjs',
              String(threads),
            ])
          : { error: '@tensorflow/tfjs-core not installed' },
    ]);
    peers.push([
      `TF.js ${backend}`,
      () => {
        if (!haveTfjs) return { error: '@tensorflow/tfjs-core not installed' };
        if (quick && spec.rows * spec.columns > 1e7) return { error: 'skipped in quick mode' };
        const estimate = tfjsEstimate(backend);
        if (estimate > TFJS_BUDGET_MS) {
          return {
            error: `not run: estimated ${(estimate / 1000).toFixed(0)} s per forward+backward from the smaller shape`,
          };
        }
        return run(process.execPath, [
          join(here, 'peers/tfjs.mjs'),
          dir,
          backend,
          String(spec.rows * spec.columns > 1e7 ? 1 : Math.min(reps, 5)),
        ]);
      },
    ]);
  }
  return peers;
};

const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const mb = (bytes) =>
  bytes === undefined ? '–' : `${(bytes / 2 ** 20).toFixed(bytes < 2 ** 20 ? 2 : 0)} MB`;

const started = new Date();
const loadStart = loadavg();
console.log(`# xent benchmark — ${started.toISOString()}`);
console.log(
  `${cpus()[0]?.model} × ${cpus().length} cores, Node ${process.version}, ${threads} threads, ${quick ? 'quick' : 'full'} run`,
);
console.log(`load average at start: ${loadStart.map((l) => l.toFixed(2)).join(', ')}\n`);
const all = [];
const tfjsPerElement = {};
for (const spec of cases) {
  const dir = writeInputs(spec);
  const reps = repsFor(spec);
  const bytes = spec.rows * spec.columns * 4;
  const results = [];
  const estimate = (backend) => (tfjsPerElement[backend] ?? 0) * spec.rows * spec.columns;
  for (const [name, start] of peersFor(spec, dir, reps, estimate)) {
    const result = skip.some((prefix) => name.startsWith(prefix)) ? { error: 'skipped (--skip)' } : start();
    results.push({ name, ...result });
    if (name.startsWith('TF.js') && !name.endsWith('(xent/tfjs)') && result.backward) {
      tfjsPerElement[name.slice(6)] = result.backward.ms / (spec.rows * spec.columns);
    }
  }
  const xent = results[0];
  const label = `${spec.kind === 'ce' ? 'cross-entropy' : 'BCE with logits'} ${spec.rows} × ${spec.columns} float32`;
  console.log(
    `## ${label} (${reps} reps; one copy of the logits: ${xent.copy ? fmt(xent.copy.ms) : '?'} ms)\n`,
  );
  console.log(
    '| run | forward ms | GB/s | xent × faster | fwd+bwd ms | GB/s | xent × faster | peak beyond inputs | notes |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const r of results) {
    if (r.error) {
      console.log(`| ${r.name} | – | – | – | – | – | – | – | ${r.error} |`);
      continue;
    }
    const cell = (phase) => {
      const m = r[phase]?.ms;
      if (m === undefined) return ['n/a', '–', '–'];
      const ratio = xent[phase] ? (m / xent[phase].ms).toFixed(2) : '–';
      return [fmt(m), (bytes / m / 1e6).toFixed(1), ratio];
    };
    console.log(
      `| ${r.name} | ${cell('forward').join(' | ')} | ${cell('backward').join(' | ')} | ${mb(r.extraBytes)} | ${r.note ?? ''} |`,
    );
  }
  console.log('');
  all.push({ ...spec, reps, results });
}
const loadEnd = loadavg();
console.log(`load average at end: ${loadEnd.map((l) => l.toFixed(2)).join(', ')}`);
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(
  join(here, 'results/latest.json'),
  JSON.stringify({ date: started.toISOString(), quick, threads, loadStart, loadEnd, cases: all }, null, 2),
);
