// ROC AUC and average precision of one positive-versus-rest task, from groups of tied scores in
// descending score order. The exact path makes a group of each distinct score (scikit-learn's
// thresholds); the histogram path makes a group of each bin, so rows sharing a bin count as tied.

/** Scores outside logit ±16 (p below 1.1e-7 or above 1 − 1.1e-7) share the two end bins. */
const LOGIT_RANGE = 16;

/**
 * The histogram bin of a score: equal widths in logit(p) = log p − log(1 − p), so the bins are fine
 * where a confident model puts its scores, near 0 and 1. Monotone in p: a higher score never falls
 * in a lower bin, so bins are groups of ranks.
 */
export function scoreBin(score: number, bins: number): number {
  const logit = Math.log(score) - Math.log1p(-score);
  const bin = Math.floor(((logit + LOGIT_RANGE) / (2 * LOGIT_RANGE)) * bins);
  return Math.min(Math.max(bin, 0), bins - 1);
}

/** The lower edge, as a probability, of a `scoreBin` bin (0 for the first). */
export function scoreBinLowerEdge(bin: number, bins: number): number {
  if (bin <= 0) return 0;
  const logit = -LOGIT_RANGE + (2 * LOGIT_RANGE * bin) / bins;
  return 1 / (1 + Math.exp(-logit));
}

/** Positive and negative weight per group, groups in descending score order. */
export interface ScoreGroups {
  positive: ArrayLike<number>;
  negative: ArrayLike<number>;
  length: number;
}

/** A figure and the most it can differ from the exact figure (0 when it is exact). */
export interface BoundedFigure {
  value: number;
  bound: number;
}

function totals(groups: ScoreGroups): { positives: number; negatives: number } {
  let positives = 0;
  let negatives = 0;
  for (let g = 0; g < groups.length; g++) {
    positives += groups.positive[g];
    negatives += groups.negative[g];
  }
  return { positives, negatives };
}

/**
 * The area under the ROC curve, scikit-learn's roc_auc_score: the weighted share of
 * (positive, negative) pairs the scores order correctly, a tied pair counting one half (the
 * trapezoid over a tied group).
 *
 * Bound: a group of P_g positives and N_g negatives holds P_g·N_g pairs whose true order is unknown
 * when the group is a histogram bin; counting them as half right is off by at most half of them, so
 * |AUC − exact AUC| ≤ Σ_g P_g·N_g / (2·P·N). All the rows in one bin give the bound ½.
 *
 * Special cases: no positive or no negative weight gives NaN (scikit-learn raises).
 */
export function rocAucOfGroups(groups: ScoreGroups, exact: boolean): BoundedFigure {
  const { positives, negatives } = totals(groups);
  if (!(positives > 0 && negatives > 0)) return { value: Number.NaN, bound: Number.NaN };
  let negativesAbove = 0;
  let correct = 0;
  let tiedPairs = 0;
  for (let g = 0; g < groups.length; g++) {
    const p = groups.positive[g];
    const n = groups.negative[g];
    // Every negative below this group is ordered correctly against its positives.
    correct += p * (negatives - negativesAbove - n + n / 2);
    tiedPairs += p * n;
    negativesAbove += n;
  }
  const pairs = positives * negatives;
  return { value: correct / pairs, bound: exact ? 0 : tiedPairs / (2 * pairs) };
}

/**
 * Average precision, scikit-learn's average_precision_score: Σ_g (P_g / P) · precision at the
 * threshold that admits group g, precision = TP / (TP + FP) over the groups admitted so far.
 *
 * Bound: with A positive and B negative weight above a bin, each positive inside it is scored,
 * exactly, at a precision between A / (A + B + N_g) (every negative of the bin first) and
 * (A + P_g) / (A + B + P_g) (every positive first); the bin as a whole uses
 * (A + P_g) / (A + B + P_g + N_g), which lies between. So |AP − exact AP| ≤ Σ_g (P_g / P) ·
 * max(that − lowest, highest − that): only bins holding both positives and negatives, or positives
 * of different scores, contribute.
 *
 * Special cases: no positive weight gives NaN.
 */
export function averagePrecisionOfGroups(groups: ScoreGroups, exact: boolean): BoundedFigure {
  const { positives } = totals(groups);
  if (!(positives > 0)) return { value: Number.NaN, bound: Number.NaN };
  let above = 0;
  let falseAbove = 0;
  let value = 0;
  let bound = 0;
  for (let g = 0; g < groups.length; g++) {
    const p = groups.positive[g];
    const n = groups.negative[g];
    if (p > 0) {
      const precision = (above + p) / (above + falseAbove + p + n);
      value += (p / positives) * precision;
      if (!exact) {
        const highest = (above + p) / (above + falseAbove + p);
        const lowest = above + falseAbove + n > 0 ? above / (above + falseAbove + n) : 1;
        bound += (p / positives) * Math.max(precision - lowest, highest - precision);
      }
    }
    above += p;
    falseAbove += n;
  }
  return { value, bound };
}

/**
 * Groups one task's rows by distinct score, in descending order: the exact path.
 *
 * Method: native sorts of copies of the scores (several times faster than sorting row indices
 * with a comparator). Unweighted, the positives' and the negatives' scores are sorted apart and
 * walked together from the top, counting each distinct score's rows. Weighted, all the scores are
 * sorted to number the distinct ones, and each row finds its group by binary search to add its
 * weight there. (0 and −0 are one score, as in numpy.)
 */
export function exactGroups(
  scores: Float64Array,
  positive: Uint8Array,
  weights: Float64Array | undefined,
): ScoreGroups {
  return weights === undefined ? countedGroups(scores, positive) : weightedGroups(scores, positive, weights);
}

function countedGroups(scores: Float64Array, positive: Uint8Array): ScoreGroups {
  let positiveRows = 0;
  for (let row = 0; row < scores.length; row++) positiveRows += positive[row];
  const positives = new Float64Array(positiveRows);
  const negatives = new Float64Array(scores.length - positiveRows);
  for (let row = 0, i = 0, j = 0; row < scores.length; row++) {
    if (positive[row] === 1) positives[i++] = scores[row];
    else negatives[j++] = scores[row];
  }
  positives.sort();
  negatives.sort();
  const positiveCounts: number[] = [];
  const negativeCounts: number[] = [];
  let p = positives.length - 1;
  let n = negatives.length - 1;
  while (p >= 0 || n >= 0) {
    const score = Math.max(p >= 0 ? positives[p] : -Infinity, n >= 0 ? negatives[n] : -Infinity);
    let positiveCount = 0;
    let negativeCount = 0;
    while (p >= 0 && positives[p] === score) {
      positiveCount++;
      p--;
    }
    while (n >= 0 && negatives[n] === score) {
      negativeCount++;
      n--;
    }
    positiveCounts.push(positiveCount);
    negativeCounts.push(negativeCount);
  }
  return { positive: positiveCounts, negative: negativeCounts, length: positiveCounts.length };
}

function weightedGroups(scores: Float64Array, positive: Uint8Array, weights: Float64Array): ScoreGroups {
  const sorted = Float64Array.from(scores).sort();
  // The distinct scores, descending.
  const distinct = new Float64Array(sorted.length);
  let groups = 0;
  for (let i = sorted.length - 1; i >= 0; i--) {
    if (groups === 0 || sorted[i] !== distinct[groups - 1]) distinct[groups++] = sorted[i];
  }
  const positives = new Float64Array(groups);
  const negatives = new Float64Array(groups);
  for (let row = 0; row < scores.length; row++) {
    const score = scores[row];
    let low = 0;
    let high = groups - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (distinct[middle] > score) low = middle + 1;
      else high = middle;
    }
    if (positive[row] === 1) positives[low] += weights[row];
    else negatives[low] += weights[row];
  }
  return { positive: positives, negative: negatives, length: groups };
}
