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
 * Method: sort the row indices by score (descending), then sum the positive and negative weight
 * of each run of equal scores.
 */
export function exactGroups(
  scores: Float64Array,
  positive: (row: number) => boolean,
  weight: (row: number) => number,
): ScoreGroups {
  const order = Uint32Array.from(scores.keys());
  order.sort((a, b) => scores[b] - scores[a]);
  const positives: number[] = [];
  const negatives: number[] = [];
  let previous = Number.NaN;
  for (const row of order) {
    if (scores[row] !== previous) {
      positives.push(0);
      negatives.push(0);
      previous = scores[row];
    }
    const w = weight(row);
    if (positive(row)) positives[positives.length - 1] += w;
    else negatives[negatives.length - 1] += w;
  }
  return { positive: positives, negative: negatives, length: positives.length };
}
