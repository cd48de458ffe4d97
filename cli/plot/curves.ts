/** A point of a ROC curve: false and true positive rates at one threshold. */
export interface RocPoint {
  falsePositiveRate: number;
  truePositiveRate: number;
}

/** A point of a precision–recall curve. */
export interface PrecisionRecallPoint {
  recall: number;
  precision: number;
}

export interface Curves {
  roc: RocPoint[];
  auc: number;
  precisionRecall: PrecisionRecallPoint[];
  averagePrecision: number;
}

/**
 * The ROC and precision–recall curves of binary scores, one point per distinct threshold (tied
 * scores move together, as scikit-learn's roc_curve and precision_recall_curve), with the area
 * under the ROC curve (trapezoids) and the average precision Σ (Rₙ − Rₙ₋₁)·Pₙ (no interpolation,
 * as average_precision_score).
 */
export function binaryCurves(scores: ArrayLike<number>, labels: ArrayLike<number>): Curves {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((i, j) => scores[j] - scores[i]);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i];
  const negatives = labels.length - positives;
  const roc: RocPoint[] = [{ falsePositiveRate: 0, truePositiveRate: 0 }];
  const precisionRecall: PrecisionRecallPoint[] = [{ recall: 0, precision: 1 }];
  let truePositives = 0;
  let falsePositives = 0;
  let auc = 0;
  let averagePrecision = 0;
  for (let at = 0; at < order.length; ) {
    const threshold = scores[order[at]];
    for (; at < order.length && scores[order[at]] === threshold; at++) {
      if (labels[order[at]] === 1) truePositives++;
      else falsePositives++;
    }
    const previous = roc[roc.length - 1];
    const point = {
      falsePositiveRate: falsePositives / negatives,
      truePositiveRate: truePositives / positives,
    };
    auc +=
      ((point.falsePositiveRate - previous.falsePositiveRate) *
        (point.truePositiveRate + previous.truePositiveRate)) /
      2;
    roc.push(point);
    const recall = truePositives / positives;
    const precision = truePositives / (truePositives + falsePositives);
    averagePrecision += (recall - precisionRecall[precisionRecall.length - 1].recall) * precision;
    precisionRecall.push({ recall, precision });
  }
  return { roc, auc, precisionRecall, averagePrecision };
}
