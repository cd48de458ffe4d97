import { CLASSES, PIXELS } from './digits.js';

/** A linear layer's parameters: weights (PIXELS, CLASSES) row-major, and one bias per class. */
export interface LinearWeights {
  weights: Float64Array;
  bias: Float64Array;
}

/**
 * A linear classifier: logits = x·W + b, one weight per pixel per class. The loss and its
 * gradient on the logits come from outside (the library, or the squared-error baseline); this
 * module only does the linear layer's part of the chain rule, dW = Xᵀ·G and db = Σ G.
 */
export class SoftmaxRegression implements LinearWeights {
  readonly weights: Float64Array;
  readonly bias = new Float64Array(CLASSES);

  constructor(weights: Float64Array) {
    this.weights = weights.slice();
  }

  /** Small random weights from a seeded generator, so both racers start from one point. */
  static initialWeights(random: () => number, scale = 0.01): Float64Array {
    return Float64Array.from({ length: PIXELS * CLASSES }, () => (random() * 2 - 1) * scale);
  }

  /**
   * Logits of `rows` digits under any weights (a live model or a stored snapshot), into `out`:
   * float32 for the library's WASM kernels, float64 elsewhere.
   */
  static logitsOf<T extends Float32Array | Float64Array>(
    { weights, bias }: LinearWeights,
    pixels: Float64Array,
    rows: number,
    out: T,
  ): T {
    for (let r = 0; r < rows; r++) {
      const o = r * CLASSES;
      // Summed in float64 and stored once, so float32 logits are rounded only at the end.
      const sums = bias.slice();
      for (let k = 0; k < PIXELS; k++) {
        const x = pixels[r * PIXELS + k];
        if (x === 0) continue; // most pixels are blank; skipping them halves the work
        const w = k * CLASSES;
        for (let c = 0; c < CLASSES; c++) sums[c] += x * weights[w + c];
      }
      out.set(sums, o);
    }
    return out;
  }

  logits<T extends Float32Array | Float64Array>(pixels: Float64Array, rows: number, out: T): T {
    return SoftmaxRegression.logitsOf(this, pixels, rows, out);
  }

  copy(): LinearWeights {
    return { weights: this.weights.slice(), bias: this.bias.slice() };
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
