import type { ClassificationBatch, TensorView } from '../../src/index.js';
import { binaryCurves, type Curves } from './curves.js';

/**
 * Keeps a binary classifier's class-1 scores and labels from the evaluator's batches, for the ROC
 * and precision–recall curves (a ranking: probabilities and logits serve alike). Files with more
 * than two classes keep nothing.
 */
export class BinaryScores {
  private readonly scores: number[] = [];
  private readonly labels: number[] = [];
  private binary = true;

  readonly keep = (batch: ClassificationBatch): void => {
    const view = (batch.probabilities ?? batch.logits) as TensorView;
    const width = view.shape.length === 1 ? 1 : view.shape[1];
    if (width > 2) this.binary = false;
    if (!this.binary) return;
    const labels = batch.labels as ArrayLike<number>;
    for (let i = 0; i < labels.length; i++) {
      this.scores.push(view.data[i * width + width - 1] as number);
      this.labels.push(labels[i]);
    }
  };

  /** The curves, for a binary file with both classes present; undefined otherwise. */
  curves(): Curves | undefined {
    if (!this.binary || !this.labels.includes(0) || !this.labels.includes(1)) return undefined;
    return binaryCurves(this.scores, this.labels);
  }
}
