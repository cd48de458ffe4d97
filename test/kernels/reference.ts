// Plain float64 formulas for the kernel tests: written from the PyTorch definitions
// (F.cross_entropy, F.binary_cross_entropy_with_logits, softmax) with no shared code, so the
// kernels are checked against an independent computation on the same float32 inputs.

export interface ReferenceOptions {
  weight?: ArrayLike<number>;
  ignoreIndex?: number;
  labelSmoothing?: number;
}

function logSoftmaxRow(x: ArrayLike<number>, offset: number, classes: number): number[] {
  let m = -Infinity;
  for (let c = 0; c < classes; c++) m = Math.max(m, x[offset + c]);
  let s = 0;
  for (let c = 0; c < classes; c++) s += Math.exp(x[offset + c] - m);
  const lse = m + Math.log(s);
  return Array.from({ length: classes }, (_, c) => x[offset + c] - lse);
}

/** Per-row losses and d(Σ_r scale_r · loss_r)/dx for index targets. */
export function crossEntropyIndexReference(
  x: ArrayLike<number>,
  rows: number,
  classes: number,
  targets: ArrayLike<number>,
  { weight, ignoreIndex = -100, labelSmoothing: eps = 0 }: ReferenceOptions = {},
  scale: (row: number) => number = () => 1,
): { rowLoss: number[]; grad: number[] } {
  const w = (c: number) => (weight === undefined ? 1 : Math.fround(weight[c]));
  const rowLoss: number[] = [];
  const grad: number[] = new Array(rows * classes).fill(0);
  for (let r = 0; r < rows; r++) {
    const t = targets[r];
    if (t === ignoreIndex) {
      rowLoss.push(0);
      continue;
    }
    const logp = logSoftmaxRow(x, r * classes, classes);
    let smooth = 0;
    for (let c = 0; c < classes; c++) smooth -= w(c) * logp[c];
    // F.cross_entropy adds the smoothing term only when label_smoothing > 0.
    rowLoss.push(-(1 - eps) * w(t) * logp[t] + (eps > 0 ? (eps / classes) * smooth : 0));
    let weightSum = 0;
    for (let k = 0; k < classes; k++) weightSum += w(k);
    for (let c = 0; c < classes; c++) {
      const p = Math.exp(logp[c]);
      let g = ((1 - eps) * w(t) + (eps * weightSum) / classes) * p - (eps / classes) * w(c);
      if (c === t) g -= (1 - eps) * w(t);
      grad[r * classes + c] = scale(r) * g;
    }
  }
  return { rowLoss, grad };
}

/** Probability targets: loss_r = −Σ_c w_c p'_c log softmax(x)_c, p' = (1 − ε)p + ε/C. */
export function crossEntropyProbabilityReference(
  x: ArrayLike<number>,
  rows: number,
  classes: number,
  targets: ArrayLike<number>,
  { weight, labelSmoothing: eps = 0 }: ReferenceOptions = {},
  scale: (row: number) => number = () => 1,
): { rowLoss: number[]; grad: number[] } {
  const w = (c: number) => (weight === undefined ? 1 : Math.fround(weight[c]));
  const rowLoss: number[] = [];
  const grad: number[] = [];
  for (let r = 0; r < rows; r++) {
    const logp = logSoftmaxRow(x, r * classes, classes);
    const q = Array.from(
      { length: classes },
      (_, c) => w(c) * ((1 - eps) * targets[r * classes + c] + eps / classes),
    );
    const total = q.reduce((a, b) => a + b, 0);
    rowLoss.push(-q.reduce((sum, qc, c) => sum + qc * logp[c], 0));
    for (let c = 0; c < classes; c++) grad.push(scale(r) * (total * Math.exp(logp[c]) - q[c]));
  }
  return { rowLoss, grad };
}

/** Binary cross-entropy with logits, per row sums and the elementwise gradient. */
export function bceLogitsReference(
  x: ArrayLike<number>,
  z: ArrayLike<number>,
  rows: number,
  labels: number,
  weight?: ArrayLike<number>,
  posWeight?: ArrayLike<number>,
): { rowLoss: number[]; grad: number[] } {
  const rowLoss: number[] = [];
  const grad: number[] = [];
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let c = 0; c < labels; c++) {
      const xi = x[r * labels + c];
      const zi = z[r * labels + c];
      const w = weight === undefined ? 1 : weight[c];
      const pw = posWeight === undefined ? 1 : posWeight[c];
      const l = 1 + (pw - 1) * zi;
      sum += w * ((1 - zi) * xi + l * (Math.log1p(Math.exp(-Math.abs(xi))) + Math.max(-xi, 0)));
      const sigmoid = 1 / (1 + Math.exp(-xi));
      grad.push(w * (1 - zi - l * (1 - sigmoid)));
    }
    rowLoss.push(sum);
  }
  return { rowLoss, grad };
}

export function softmaxReference(x: ArrayLike<number>, rows: number, classes: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < rows; r++)
    for (const v of logSoftmaxRow(x, r * classes, classes)) out.push(Math.exp(v));
  return out;
}

export function logSoftmaxReference(x: ArrayLike<number>, rows: number, classes: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < rows; r++) out.push(...logSoftmaxRow(x, r * classes, classes));
  return out;
}

/** A seeded generator (mulberry32), so failures reproduce. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomLogits(random: () => number, size: number, spread = 8): Float32Array {
  return Float32Array.from({ length: size }, () => (random() - 0.5) * 2 * spread);
}

/**
 * Fails with the position, both values, the difference and the tolerance at the first element
 * where |actual − expected| > atol + rtol·|expected| (NaN only matches NaN, ±∞ only itself).
 */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  { rtol = 1e-5, atol = 0, label = 'value' }: { rtol?: number; atol?: number; label?: string } = {},
): void {
  if (actual.length !== expected.length) {
    throw new Error(`${label}: length ${actual.length}, expected ${expected.length}`);
  }
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isNaN(e) ? Number.isNaN(a) : a === e) continue;
    const diff = Math.abs(a - e);
    const tolerance = atol + rtol * Math.abs(e);
    if (!(diff <= tolerance)) {
      throw new Error(`${label}[${i}] = ${a}, expected ${e} (difference ${diff}, tolerance ${tolerance})`);
    }
  }
}
