/**
 * The Brier score of each row: (p₁ − y)² for a binary classifier, as scikit-learn's
 * brier_score_loss, and Σₖ (pₖ − [k = y])² (the squared distance to the one-hot label) for more
 * classes. The one place the CLI computes it until src/metrics has a Brier meter.
 */
export function brierScores(
  probabilities: ArrayLike<number>,
  numClasses: number,
  labels: ArrayLike<number>,
): Float64Array {
  const rows = labels.length;
  const scores = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const row = i * numClasses;
    if (numClasses === 2) {
      scores[i] = (probabilities[row + 1] - labels[i]) ** 2;
      continue;
    }
    let sum = 0;
    for (let k = 0; k < numClasses; k++) sum += (probabilities[row + k] - (k === labels[i] ? 1 : 0)) ** 2;
    scores[i] = sum;
  }
  return scores;
}

/** The mean Brier score. */
export function brierScore(
  probabilities: ArrayLike<number>,
  numClasses: number,
  labels: ArrayLike<number>,
): number {
  const scores = brierScores(probabilities, numClasses, labels);
  let sum = 0;
  for (const score of scores) sum += score;
  return sum / scores.length;
}
