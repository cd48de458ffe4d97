import { CLASSES, PIXELS } from './digits.js';

/**
 * A linear classifier: logits = x·W + b, one weight per pixel per class. The loss and its
 * gradient on the logits come from outside (the library, or the squared-error baseline); this
 * module only does the linear layer's part of the chain rule, dW = Xᵀ·G and db = Σ G.
 */
export class SoftmaxRegression {
  readonly weights: Float64Array; // (PIXELS, CLASSES)
  readonly bias = new Float64Array(CLASSES);

  constructor(weights: Float64Array) {
    this.weights = weights.slice();
  }

  /** Small random weights from a seeded generator, so both racers start from one point. */
  static initialWeights(random: () => number, scale = 0.01): Float64Array {
    return Float64Array.from({ length: PIXELS * CLASSES }, () => (random() * 2 - 1) * scale);
  }

  logits(pixels: Float64Array, rows: number, out = new Float64Array(rows * CLASSES)): Float64Array {
    const { weights, bias } = this;
    for (let r = 0; r < rows; r++) {
      const o = r * CLASSES;
      for (let c = 0; c < CLASSES; c++) out[o + c] = bias[c];
      for (let k = 0; k < PIXELS; k++) {
        const x = pixels[r * PIXELS + k];
        if (x === 0) continue; // most pixels are blank; skipping them halves the work
        const w = k * CLASSES;
        for (let c = 0; c < CLASSES; c++) out[o + c] += x * weights[w + c];
      }
    }
    return out;
  }

  /** One gradient-descent step from the gradient of the loss on this batch's logits. */
  step(pixels: Float64Array, rows: number, gradLogits: ArrayLike<number>, learningRate: number): void {
    const { weights, bias } = this;
    for (let r = 0; r < rows; r++) {
      const g = r * CLASSES;
      for (let c = 0; c < CLASSES; c++) bias[c] -= learningRate * gradLogits[g + c];
      for (let k = 0; k < PIXELS; k++) {
        const x = pixels[r * PIXELS + k];
        if (x === 0) continue;
        const w = k * CLASSES;
        for (let c = 0; c < CLASSES; c++) weights[w + c] -= learningRate * x * gradLogits[g + c];
      }
    }
  }
}
