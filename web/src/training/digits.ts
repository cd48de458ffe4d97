/**
 * The handwritten digits, parsed from web/data/digits.txt (written by
 * scripts/prepare_web_data.mjs; see web/data/README.md for source and licence). The file is
 * loaded as its own chunk, so the rest of the page does not wait for it.
 */
export interface DigitSet {
  /** Pixels scaled to [0, 1], row-major (count, 64). */
  pixels: Float64Array;
  labels: Int32Array;
  count: number;
}

export interface DigitSplit {
  train: DigitSet;
  test: DigitSet;
}

export const PIXELS = 64;
export const CLASSES = 10;

export function parseDigits(text: string): DigitSet {
  const lines = text.trim().split('\n');
  const pixels = new Float64Array(lines.length * PIXELS);
  const labels = new Int32Array(lines.length);
  lines.forEach((line, row) => {
    labels[row] = Number(line[0]);
    for (let k = 0; k < PIXELS; k++) pixels[row * PIXELS + k] = Number.parseInt(line[k + 1], 17) / 16;
  });
  return { pixels, labels, count: lines.length };
}

/** A seeded shuffle (mulberry32), so every visit and every test sees the same split. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function permutation(n: number, random: () => number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

function subset(all: DigitSet, rows: Int32Array): DigitSet {
  const pixels = new Float64Array(rows.length * PIXELS);
  const labels = new Int32Array(rows.length);
  rows.forEach((row, i) => {
    pixels.set(all.pixels.subarray(row * PIXELS, (row + 1) * PIXELS), i * PIXELS);
    labels[i] = all.labels[row];
  });
  return { pixels, labels, count: rows.length };
}

/** 80 / 20 split after a seeded shuffle: 1,437 training and 360 held-out digits. */
export function splitDigits(all: DigitSet, seed = 7): DigitSplit {
  const order = permutation(all.count, seededRandom(seed));
  const testCount = Math.ceil(all.count * 0.2);
  return { test: subset(all, order.subarray(0, testCount)), train: subset(all, order.subarray(testCount)) };
}

export async function loadDigits(): Promise<DigitSplit> {
  const { default: text } = await import('../../data/digits.txt?raw');
  return splitDigits(parseDigits(text));
}
