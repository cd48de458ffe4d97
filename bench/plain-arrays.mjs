// Plain Float32Array against a kernel array, side by side in one process: each repetition runs
// every case once, so load that comes and goes hits all of them alike. Prints the median wall
// time and the median CPU time of the whole process (both threads; contention moves it little),
// each as a ratio to the kernel array's. Builds given as extra folders (e.g. an older dist/)
// run alternately with this one.
//   node bench/plain-arrays.mjs [1024x32000] [reps] [dist …]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [shapeArg = '1024x32000', repsArg = '9', ...dists] = process.argv.slice(2);
const [rows, columns] = shapeArg.split('x').map(Number);
const reps = Number(repsArg);
const size = rows * columns;
let state = 1;
const source = Float32Array.from({ length: size }, () => {
  state = (state * 16807) % 2147483647;
  return (state / 2147483647 - 0.5) * 16;
});
const targets = Int32Array.from({ length: rows }, (_, i) => (i * 7919) % columns);

/** Wall and CPU milliseconds of one call, `prepare` untimed. */
function measure(call, prepare) {
  prepare?.();
  const cpu = process.cpuUsage();
  const start = performance.now();
  call();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

async function casesOf(dist) {
  const xent = await import(pathToFileURL(resolve(dist, 'index.js')).href);
  const { allocateKernelArray } = await import(pathToFileURL(resolve(dist, 'kernels/buffer.js')).href);
  xent.setKernelThreads(2);
  const kernel = allocateKernelArray(size);
  kernel.set(source);
  const plain = source.slice();
  const out = new Float32Array(size);
  const inKernel = { data: kernel, shape: [rows, columns] };
  const inPlain = { data: plain, shape: [rows, columns] };
  const { crossEntropyLoss: loss, crossEntropyLossWithGrad: withGrad } = xent;
  return {
    'forward, kernel array': () => measure(() => loss(inKernel, targets)),
    'forward, Float32Array': () => measure(() => loss(inPlain, targets)),
    'fwd+bwd in place, kernel array': () =>
      measure(
        () => withGrad(inKernel, targets, { out: kernel }),
        () => kernel.set(source),
      ),
    'fwd+bwd in place, Float32Array': () =>
      measure(
        () => withGrad(inPlain, targets, { out: plain }),
        () => plain.set(source),
      ),
    'fwd+bwd into out, Float32Array': () => measure(() => withGrad(inPlain, targets, { out })),
    'fwd+bwd new gradient, Float32Array': () => measure(() => withGrad(inPlain, targets)),
  };
}

const builds = {};
for (const dist of ['dist', ...dists]) builds[dist] = await casesOf(dist);
const times = {};
for (let r = 0; r <= reps; r++) {
  for (const [dist, cases] of Object.entries(builds)) {
    for (const [name, run] of Object.entries(cases)) {
      const key = `${dist}: ${name}`;
      times[key] ??= [];
      const result = run();
      // The first round is a warm-up.
      if (r > 0) times[key].push(result);
    }
  }
}
const median = (values) => values.sort((a, b) => a - b)[values.length >> 1];
const fmt = (ms) => ms.toFixed(1).padStart(7);
console.log(`${rows} × ${columns} float32, ${reps} reps, 2 threads; ratio to the same build's kernel array`);
for (const [dist, cases] of Object.entries(builds)) {
  const medianOf = (name, key) => median(times[`${dist}: ${name}`].map((t) => t[key]));
  for (const name of Object.keys(cases)) {
    const reference = name.startsWith('forward') ? 'forward, kernel array' : 'fwd+bwd in place, kernel array';
    const [wall, cpu] = ['wall', 'cpu'].map((key) => medianOf(name, key));
    console.log(
      `${`${dist}: ${name}`.padEnd(48)} wall ${fmt(wall)} ms ×${(wall / medianOf(reference, 'wall')).toFixed(2)}   cpu ${fmt(cpu)} ms ×${(cpu / medianOf(reference, 'cpu')).toFixed(2)}`,
    );
  }
}
