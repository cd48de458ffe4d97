/**
 * Editing a probability vector with one slider per outcome. Moving one slider rescales the
 * others in proportion so the vector keeps summing to 1 (the library rejects anything else),
 * which is how a reader expects "make this outcome likelier" to behave.
 */
export function setProbability(p: readonly number[], index: number, value: number): number[] {
  const rest = 1 - value;
  const othersTotal = p.reduce((sum, v, i) => (i === index ? sum : sum + v), 0);
  const next = p.map((v, i) => {
    if (i === index) return value;
    // With every other outcome at 0 there is no proportion to keep; share the rest evenly.
    return othersTotal > 0 ? (v / othersTotal) * rest : rest / (p.length - 1);
  });
  return roundToSum(next);
}

/**
 * Rounds to 4 decimals (the sliders' step) and puts the rounding remainder on the largest entry,
 * so the vector sums to 1 to within float rounding and the sliders show clean values.
 */
export function roundToSum(p: readonly number[]): number[] {
  const rounded = p.map((v) => Math.round(v * 1e4) / 1e4);
  const total = rounded.reduce((a, b) => a + b, 0);
  let largest = 0;
  for (let i = 1; i < rounded.length; i++) if (rounded[i] > rounded[largest]) largest = i;
  rounded[largest] = Math.round((rounded[largest] + 1 - total) * 1e4) / 1e4;
  return rounded;
}

/** Exactly 1/n each (not rounded), so the entropy ceiling comes out as log n to the last digit. */
export function uniform(n: number): number[] {
  return Array.from({ length: n }, () => 1 / n);
}

/**
 * Moves the boundary between outcomes `index` and `index + 1` of a code-length diagram to a
 * cumulative probability: the two neighbours trade probability, every other outcome keeps its
 * own, so the vector still sums to 1. The boundary stops at its neighbours' far edges.
 */
export function moveBoundary(p: readonly number[], index: number, position: number): number[] {
  const left = p.slice(0, index).reduce((a, b) => a + b, 0);
  const pair = p[index] + p[index + 1];
  const share = Math.min(pair, Math.max(0, position - left));
  return roundToSum(p.map((v, i) => (i === index ? share : i === index + 1 ? pair - share : v)));
}

/**
 * The probability whose surprisal is `length` in the given log base: how a dragged block top (a
 * code length) becomes a probability. The library computes surprisal, not its inverse; the
 * height drawn after the drag is the library's surprisal of this probability.
 */
export function probabilityOfLength(length: number, base: number): number {
  return base ** -length;
}
