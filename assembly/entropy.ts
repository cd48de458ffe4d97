// Entropy −Σ p log p of each row of probabilities, float64 per row, with 0·log 0 = 0.
// Values are not validated here (the caller checks that rows are distributions).
import { logPositive } from './math';
import { FOLD_VECTORS, loadTail, sumToF64 } from './vectors';

export function entropyRows(probs: usize, rows: i32, classes: i32, out: usize): void {
  const rowBytes = (<usize>classes) << 2;
  const zero = f32x4.splat(0);
  for (let r = 0; r < rows; r++) {
    const p = probs + <usize>r * rowBytes;
    let total: f64 = 0;
    let acc = zero;
    let folded = 0;
    for (let i = 0; i < classes; i += 4) {
      const count = min(4, classes - i);
      const offset = (<usize>i) << 2;
      const pv = count == 4 ? v128.load(p + offset) : loadTail(p + offset, count, 0);
      const term = f32x4.mul(pv, logPositive(pv));
      acc = f32x4.sub(acc, v128.andnot(term, f32x4.eq(pv, zero)));
      if (++folded == FOLD_VECTORS) {
        total += sumToF64(acc);
        acc = zero;
        folded = 0;
      }
    }
    store<f64>(out + ((<usize>r) << 3), total + sumToF64(acc));
  }
}
