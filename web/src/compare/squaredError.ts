import { softmax } from '../../../src/index.js';

/**
 * The comparison losses the page sets against cross-entropy. xent is the cross-entropy family
 * and ships no squared-error loss, so the baseline lives here, written once and used by both the
 * "why this loss" figures and the training race.
 */

/** Linear penalty on the true class's probability: 1 − q. */
export function linearPenalty(q: number): number {
  return 1 - q;
}

/** Squared penalty on the true class's probability: (1 − q)². */
export function squaredPenalty(q: number): number {
  return (1 - q) * (1 - q);
}

/**
 * Squared error of one probability vector against the one-hot label: Σ_c (q_c − y_c)², between
 * 0 (q on the label) and 2 (q on another class). The simplex figure draws its contours.
 */
export function squaredErrorOfProbabilities(q: ArrayLike<number>, label: number): number {
  let total = 0;
  for (let c = 0; c < q.length; c++) {
    const diff = q[c] - (c === label ? 1 : 0);
    total += diff * diff;
  }
  return total;
}

export interface SquaredErrorResult {
  /** Mean over samples of Σ_c (softmax(a)_c − y_c)². */
  loss: number;
  /** d loss / d logits, (N, C) row-major. */
  grad: Float64Array;
}

/**
 * Squared error between softmax(logits) and one-hot labels, with its gradient on the logits.
 *
 * Method: with s = softmax(a) and v = 2(s − y), the chain rule through softmax's Jacobian
 * (diag(s) − s sᵀ) gives ∂L/∂a_c = s_c (v_c − Σ_k s_k v_k). The factor s_c is why this gradient
 * fades when softmax saturates: a class the model has written off gets s_c ≈ 0 and hardly moves,
 * even when it is the true class.
 */
export function squaredErrorOnSoftmaxWithGrad(
  logits: Float64Array,
  labels: ArrayLike<number>,
  classes: number,
): SquaredErrorResult {
  const rows = labels.length;
  const s = softmax({ data: logits, shape: [rows, classes] }).data;
  const grad = new Float64Array(rows * classes);
  let total = 0;
  for (let row = 0; row < rows; row++) {
    const offset = row * classes;
    let dot = 0;
    for (let c = 0; c < classes; c++) {
      const diff = s[offset + c] - (c === labels[row] ? 1 : 0);
      total += diff * diff;
      dot += s[offset + c] * 2 * diff;
    }
    for (let c = 0; c < classes; c++) {
      const v = 2 * (s[offset + c] - (c === labels[row] ? 1 : 0));
      grad[offset + c] = (s[offset + c] * (v - dot)) / rows;
    }
  }
  return { loss: total / rows, grad };
}
