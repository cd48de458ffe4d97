// Shared by the peer processes: reading the benchmark inputs, timing, and peak memory.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function readInputs(dir) {
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'));
  const buffer = (name) => {
    const bytes = readFileSync(join(dir, name));
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  };
  const logits = new Float32Array(buffer('logits.f32'));
  const targets =
    meta.kind === 'ce' ? new Int32Array(buffer('targets.i32')) : new Float32Array(buffer('targets.f32'));
  return { ...meta, logits, targets };
}

/**
 * Median (and min) wall time of `run` over `reps` runs, after a warm-up of at least `warmup` calls
 * and, for calls short enough, 0.2 s (at most 100 calls): enough for the JIT and the thread pools
 * of every peer to reach their steady state, as in a training loop (torch_peer.py warms up the
 * same way). `prepare` runs before each call, untimed (e.g. to restore logits that an in-place
 * gradient overwrote).
 */
export async function time(run, { reps, warmup = 1, prepare = () => {} }) {
  const warmStart = performance.now();
  for (let i = 0; i < warmup || (i < 100 && performance.now() - warmStart < 200); i++) {
    prepare();
    await run();
  }
  const times = [];
  for (let i = 0; i < reps; i++) {
    prepare();
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], min: times[0], reps };
}

/**
 * Resident memory now, and the process's peak so far, in bytes. The peak is Linux's VmHWM:
 * getrusage's ru_maxrss survives exec, so a child would report its parent's peak.
 */
export function memory() {
  let peak = process.resourceUsage().maxRSS * 1024;
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) peak = Number(hwm[1]) * 1024;
  } catch {}
  return { rss: process.memoryUsage().rss, peak };
}

export function report(result) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
