// node bench/browser.mjs — the kernels in Chromium on a cross-origin isolated page (COOP/COEP,
// so shared memory and the Web Worker pool): crossEntropyLoss and crossEntropyLossWithGrad at
// 1024 × 32000 on 1 and 2 threads, in alternating blocks of calls (bench/browser/main.ts).
// Prints a Markdown table with two speed-ups:
//  - wall: median time of a call on 1 thread over that on 2, as a user would see it now;
//  - CPU: the CPU time per call of the busiest renderer thread (from /proc, Linux), 1 thread over
//    2. On a machine whose cores are shared with other work, wall time measures the neighbours as
//    much as the code; CPU time says how the work divides, and so what 2 idle cores would give.
//   --rows R --classes C (default 1024 × 32000)   --blocks B (default 6)   --calls N (default 10)
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';

const root = fileURLToPath(new URL('./browser/', import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const query = new URLSearchParams({
  rows: String(option('rows', 1024)),
  classes: String(option('classes', 32000)),
  blocks: String(option('blocks', 6)),
  calls: String(option('calls', 10)),
});
/** /proc reports CPU time in clock ticks; Linux's USER_HZ is 100 on every common build. */
const MS_PER_TICK = 10;
/** Marks this run's browser processes (children inherit the environment). */
const tag = `XENT_BENCH_RUN=${randomUUID()}`;

function read(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return ''; // a process or thread that ended while being read
  }
}

/** Whether `pid` is the browser this run launched, or one of its descendants (the zygote clears
 * the environment of the renderers it forks, so they are found through their parents). */
function ours(pid) {
  for (let at = pid; at > 1; ) {
    if (read(`/proc/${at}/environ`).includes(tag)) return true;
    const stat = read(`/proc/${at}/stat`);
    at = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  }
  return false;
}

/** CPU milliseconds so far of every thread of this run's renderer processes, by pid/tid and name. */
function rendererThreads() {
  const times = new Map();
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    if (!read(`/proc/${pid}/cmdline`).includes('--type=renderer') || !ours(pid)) continue;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const stat = read(`/proc/${pid}/task/${tid}/stat`);
      if (stat === '') continue;
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      times.set(`${pid}/${tid} ${name}`, (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK);
    }
  }
  return times;
}

const outDir = mkdtempSync(join(tmpdir(), 'xent-bench-browser-'));
await build({ root, configFile: false, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
const server = await preview({
  root,
  configFile: false,
  logLevel: 'warn',
  build: { outDir },
  preview: {
    port: 0,
    host: '127.0.0.1',
    open: false,
    headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
  },
});
const browser = await chromium.launch({
  executablePath: process.env.XENT_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  env: { ...process.env, [tag.split('=')[0]]: tag.split('=')[1] },
  headless: true,
});
try {
  const page = await browser.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') console.error(`page: ${message.text()}`);
  });
  /** Per case and thread count: CPU ms of each renderer thread over its blocks. */
  const cpu = new Map();
  let before;
  await page.exposeFunction('mark', (phase, name, threads) => {
    const now = rendererThreads();
    if (phase === 'start') {
      before = now;
      return;
    }
    const key = `${name}|${threads}`;
    const spent = cpu.get(key) ?? new Map();
    for (const [thread, ms] of now)
      spent.set(thread, (spent.get(thread) ?? 0) + ms - (before.get(thread) ?? 0));
    cpu.set(key, spent);
  });
  await page.goto(`${server.resolvedUrls.local[0]}?${query}`);
  await page.waitForFunction(() => '__bench' in window, undefined, { timeout: 600_000 });
  const result = await page.evaluate(() => window.__bench);
  if (result.error) throw new Error(result.error);
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  /** CPU ms per call: the busiest thread's, the page's main thread and its worker, and all threads. */
  const cpuPerCall = ({ name, threads, ms }) => {
    const spent = [...(cpu.get(`${name}|${threads}`) ?? [])];
    const of = (pattern) =>
      spent.filter(([thread]) => pattern.test(thread)).reduce((sum, [, time]) => sum + time, 0) / ms.length;
    return {
      busiest: Math.max(0, ...spent.map(([, time]) => time)) / ms.length,
      main: of(/ chromium$/),
      worker: of(/ DedicatedWorker/),
      total: of(/./),
    };
  };
  const blocks = Number(query.get('blocks'));
  console.log(
    `Chromium ${browser.version()}, crossOriginIsolated ${result.crossOriginIsolated}, kernels ${result.loaded}, ` +
      `workers up ${result.workers}, hardwareConcurrency ${result.hardwareConcurrency}; ${cpus()[0].model}, ` +
      `load ${loadavg()[0].toFixed(2)}; ${result.rows} × ${result.classes}; ${blocks} blocks of ` +
      `${query.get('calls')} calls, 1 and 2 threads alternating (1, 2, 2, 1, …)\n`,
  );
  console.log(
    '| input, pass | wall, 1 thread | wall, 2 threads | speed-up, wall | CPU per call, busiest thread: 1 → 2 threads | at 2: main + worker (all) | speed-up, CPU |\n| --- | --- | --- | --- | --- | --- | --- |',
  );
  for (let i = 0; i < result.cases.length; i += 2) {
    const [one, two] = [result.cases[i], result.cases[i + 1]];
    const [cpuOne, cpuTwo] = [cpuPerCall(one), cpuPerCall(two)];
    console.log(
      `| ${one.name} | ${median(one.ms).toFixed(1)} ms | ${median(two.ms).toFixed(1)} ms | ` +
        `${(median(one.ms) / median(two.ms)).toFixed(2)}× | ${cpuOne.busiest.toFixed(1)} → ${cpuTwo.busiest.toFixed(1)} ms | ` +
        `${cpuTwo.main.toFixed(1)} + ${cpuTwo.worker.toFixed(1)} (${cpuTwo.total.toFixed(1)}) ms | ` +
        `${(cpuOne.busiest / cpuTwo.busiest).toFixed(2)}× |`,
    );
  }
} finally {
  await browser.close();
  await server.close();
  rmSync(outDir, { recursive: true, force: true });
}
