// Seeded inputs for the adapter's tests (mulberry32), so every run and backend sees the same numbers.
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `size` uniform values in [low, high). */
export function uniform(size: number, seed: number, low = -3, high = 3): Float32Array {
  const random = seeded(seed);
  return Float32Array.from({ length: size }, () => low + (high - low) * random());
}

/** `size` class indices in [0, classes). */
export function classIndices(size: number, classes: number, seed: number): Int32Array {
  const random = seeded(seed);
  return Int32Array.from({ length: size }, () => Math.floor(random() * classes));
}

/** The largest absolute difference between two arrays of the same length. */
export function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths ${a.length} and ${b.length} differ`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}
