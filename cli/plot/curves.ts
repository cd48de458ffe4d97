import { averagePrecisionOfGroups, exactGroups, rocAucOfGroups } from '../../src/metrics/ranking.js';

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
 * scores move together, as scikit-learn's roc_curve and precision_recall_curve), walked over the
 * library's exact score groups; their areas are the library's own ROC AUC and average precision
 * (src/metrics/ranking.ts), the figures `xent eval` reports.
 */
export function binaryCurves(scores: ArrayLike<number>, labels: ArrayLike<number>): Curves {
  const groups = exactGroups(
    Float64Array.from(scores),
    Uint8Array.from(labels, (label) => (label === 1 ? 1 : 0)),
    undefined,
  );
  let positives = 0;
  for (let g = 0; g < groups.length; g++) positives += groups.positive[g];
  const negatives = labels.length - positives;
  const roc: RocPoint[] = [{ falsePositiveRate: 0, truePositiveRate: 0 }];
  const precisionRecall: PrecisionRecallPoint[] = [{ recall: 0, precision: 1 }];
  let truePositives = 0;
  let falsePositives = 0;
  for (let g = 0; g < groups.length; g++) {
    truePositives += groups.positive[g];
    falsePositives += groups.negative[g];
    roc.push({ falsePositiveRate: falsePositives / negatives, truePositiveRate: truePositives / positives });
    precisionRecall.push({
      recall: truePositives / positives,
      precision: truePositives / (truePositives + falsePositives),
    });
  }
  return {
    roc,
    auc: rocAucOfGroups(groups, true).value,
    precisionRecall,
    averagePrecision: averagePrecisionOfGroups(groups, true).value,
  };
}
