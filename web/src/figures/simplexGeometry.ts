/**
 * The probability simplex of three classes drawn as a triangle: a prediction q = (q0, q1, q2) is
 * the point Σ qᵢ·Vᵢ (barycentric coordinates), so each corner is a certain prediction of one class
 * and the centre is (⅓, ⅓, ⅓). Coordinates are the figures' SVG user units.
 */
export type Point = readonly [number, number];

/** Corners of classes 0 (top), 1 (bottom left), 2 (bottom right): a side of 256 units. */
export const corners: readonly Point[] = [
  [150, 30],
  [22, 252],
  [278, 252],
];

export const viewBox = { width: 300, height: 290 } as const;

/** The smallest probability a dragged point keeps, so its logits stay finite. */
export const probabilityFloor = 1e-4;

export function toPoint(q: ArrayLike<number>): Point {
  let x = 0;
  let y = 0;
  for (let i = 0; i < 3; i++) {
    x += q[i] * corners[i][0];
    y += q[i] * corners[i][1];
  }
  return [x, y];
}

/** Barycentric coordinates of a point; outside the triangle some are negative. */
export function barycentric([x, y]: Point): [number, number, number] {
  const [[x0, y0], [x1, y1], [x2, y2]] = corners;
  const det = (y1 - y2) * (x0 - x2) + (x2 - x1) * (y0 - y2);
  const b0 = ((y1 - y2) * (x - x2) + (x2 - x1) * (y - y2)) / det;
  const b1 = ((y2 - y0) * (x - x2) + (x0 - x2) * (y - y2)) / det;
  return [b0, b1, 1 - b0 - b1];
}

/** The nearest probability vector to a point, each entry at least `floor`. */
export function probabilitiesAt(point: Point, floor = probabilityFloor): number[] {
  const clipped = barycentric(point).map((b) => Math.max(b, floor));
  const total = clipped[0] + clipped[1] + clipped[2];
  return clipped.map((b) => b / total);
}

/**
 * Logits whose softmax is q: z = ln q − mean(ln q). Any constant shift would do (softmax ignores
 * it); centring keeps the printed logits small and symmetric.
 */
export function logitsOf(q: readonly number[]): number[] {
  const logs = q.map(Math.log);
  const mean = (logs[0] + logs[1] + logs[2]) / 3;
  return logs.map((l) => l - mean);
}

/**
 * The sample grid the contour figures evaluate losses on: square cells over the triangle's
 * bounding box, each sample the probability vector nearest its cell's centre.
 */
export const grid = (() => {
  const cell = 4;
  const left = corners[1][0];
  const top = corners[0][1];
  const columns = Math.round((corners[2][0] - left) / cell);
  const rows = Math.round((corners[1][1] - top) / cell);
  const probabilities = new Float64Array(columns * rows * 3);
  for (let j = 0; j < rows; j++)
    for (let i = 0; i < columns; i++) {
      const q = probabilitiesAt([left + (i + 0.5) * cell, top + (j + 0.5) * cell], 1e-9);
      probabilities.set(q, (j * columns + i) * 3);
    }
  return { cell, left, top, columns, rows, probabilities };
})();
