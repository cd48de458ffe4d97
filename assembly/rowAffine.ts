// The affine passes over a row that label smoothing and the gradients need: Σ w·(x − m) (the
// smoothing term of the loss) and out = a·out − b·w (exp(x − m) scaled into the gradient).
import { FOLD_FLOATS, sumToF64 } from './vectors';

/** Σ w·(x − m) over n floats, with w = 1 where `w` is 0 (no weights). */
export function sumShifted(p: usize, w: usize, n: i32, m: f32): f64 {
  const vm = f32x4.splat(m);
  let total: f64 = 0;
  let i = 0;
  const whole = n & ~3;
  while (i < whole) {
    let a = f32x4.splat(0);
    const end = min(whole, i + FOLD_FLOATS);
    for (; i < end; i += 4) {
      const offset = <usize>i << 2;
      let d = f32x4.sub(v128.load(p + offset), vm);
      if (w) d = f32x4.mul(d, v128.load(w + offset));
      a = f32x4.add(a, d);
    }
    total += sumToF64(a);
  }
  for (; i < n; i++) {
    const offset = <usize>i << 2;
    let d = <f64>load<f32>(p + offset) - <f64>m;
    if (w) d *= <f64>load<f32>(w + offset);
    total += d;
  }
  return total;
}

/** out = a·out − b·w (w = 1 where `w` is 0), over n floats. */
export function scaleShift(out: usize, w: usize, n: i32, a: f32, b: f32): void {
  const va = f32x4.splat(a);
  const vb = f32x4.splat(b);
  let i = 0;
  const whole = n & ~3;
  if (b == 0) {
    for (; i < whole; i += 4) {
      const q = out + (<usize>i << 2);
      v128.store(q, f32x4.mul(v128.load(q), va));
    }
    for (; i < n; i++) {
      const q = out + (<usize>i << 2);
      store<f32>(q, load<f32>(q) * a);
    }
    return;
  }
  for (; i < whole; i += 4) {
    const offset = <usize>i << 2;
    const shift = w ? f32x4.mul(v128.load(w + offset), vb) : vb;
    v128.store(out + offset, f32x4.sub(f32x4.mul(v128.load(out + offset), va), shift));
  }
  for (; i < n; i++) {
    const offset = <usize>i << 2;
    const shift = w ? load<f32>(w + offset) * b : b;
    store<f32>(out + offset, load<f32>(out + offset) * a - shift);
  }
}

/** Writes n zeros. */
export function zero(out: usize, n: i32): void {
  memory.fill(out, 0, <usize>n << 2);
}
