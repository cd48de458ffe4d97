import { contours } from 'd3-contour';
import type { Figure } from '../ui/explorable.js';
import { formatNumber } from '../ui/format.js';
import { type Term, termColors } from '../ui/palette.js';
import { corners, grid, type Point, probabilitiesAt, toPoint, viewBox } from './simplexGeometry.js';
import { onDrag, svgElement } from './svg.js';

/**
 * A loss over the probability simplex of three classes: its contour lines (from loss values the
 * model computes on `grid`), the path gradient descent took, the next step as an arrow, and the
 * start point as a handle the reader drags (or moves with the arrow keys).
 */
export interface SimplexSpec<M> {
  /** `data-figure` name, for tests and styling. */
  name: string;
  title: string;
  /** The loss's colour, for its contours and path. */
  color: string;
  /** The loss at every grid sample, and the levels to draw; a new array redraws the contours. */
  contours: (model: M) => { values: ArrayLike<number>; thresholds: readonly number[] };
  label: (model: M) => number;
  /** The predictions q, from the start to the current step. */
  path: (model: M) => readonly (readonly number[])[];
  /** Where the next step of gradient descent lands. */
  next: (model: M) => readonly number[];
  describe: (model: M) => string;
  onMove: (q: number[]) => void;
}

let figureCount = 0;

const pathOf = (points: readonly Point[]): string =>
  points.map(([x, y], i) => `${i ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`).join('');

/** d3-contour's polygons are in grid units (sample i at i + ½); this maps them onto the triangle. */
function contourPath(coordinates: number[][][][]): string {
  const toSvg = ([x, y]: number[]): Point => [grid.left + x * grid.cell, grid.top + y * grid.cell];
  return coordinates.map((polygon) => polygon.map((ring) => `${pathOf(ring.map(toSvg))}Z`).join('')).join('');
}

/** Moving the handle with the keyboard: SVG units per arrow press (Shift: five times as far). */
const keyStep = 4;
const keyDirections: Record<string, Point> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

export function simplexFigure<M>(parent: HTMLElement, spec: SimplexSpec<M>): Figure<M> {
  const id = `simplex-${++figureCount}`;
  const figure = document.createElement('figure');
  figure.className = 'simplex';
  figure.dataset['figure'] = spec.name;
  const svg = svgElement(figure, 'svg', { viewBox: `0 0 ${viewBox.width} ${viewBox.height}`, role: 'group' });
  const caption = document.createElement('figcaption');
  caption.textContent = spec.title;
  caption.style.color = spec.color;
  figure.append(caption);
  parent.append(figure);

  const triangle = `${pathOf(corners)}Z`;
  svgElement(svgElement(svg, 'clipPath', { id: `${id}-clip` }), 'path', { d: triangle });
  svgElement(svg, 'path', { d: triangle, class: 'simplex-face' });
  const levels = svgElement(svg, 'g', { 'clip-path': `url(#${id}-clip)`, class: 'contours' });
  svgElement(svg, 'path', { d: triangle, class: 'simplex-edge' });
  // The bottom labels run inward from the figure's edges, so "class 1 (true)" is never cut off.
  const cornerPlaces = [
    { x: corners[0][0], y: corners[0][1] - 10, 'text-anchor': 'middle' },
    { x: 2, y: corners[1][1] + 22, 'text-anchor': 'start' },
    { x: viewBox.width - 2, y: corners[2][1] + 22, 'text-anchor': 'end' },
  ];
  const cornerLabels = cornerPlaces.map((place) => svgElement(svg, 'text', { ...place, class: 'corner' }));
  const defs = svgElement(svg, 'defs');
  const head = svgElement(defs, 'marker', {
    id: `${id}-head`,
    viewBox: '0 0 10 10',
    refX: 8,
    refY: 5,
    markerWidth: 7,
    markerHeight: 7,
    orient: 'auto-start-reverse',
  });
  svgElement(head, 'path', { d: 'M0,0L10,5L0,10Z', fill: termColors.gradient });
  const trail = svgElement(svg, 'path', { class: 'trail', stroke: spec.color, 'data-term': 'guess' });
  const dots = svgElement(svg, 'g', { class: 'trail-dots', fill: spec.color });
  const arrow = svgElement(svg, 'line', {
    class: 'step-arrow',
    stroke: termColors.gradient,
    'marker-end': `url(#${id}-head)`,
    'data-term': 'gradient' satisfies Term,
  });
  const current = svgElement(svg, 'circle', {
    r: 5,
    class: 'current',
    fill: termColors.guess,
    'data-term': 'guess',
  });
  const handle = svgElement(svg, 'circle', {
    r: 8,
    class: 'handle',
    tabindex: 0,
    role: 'slider',
    'aria-valuemin': 0,
    'aria-valuemax': 1,
    'aria-label': `${spec.title}: start of gradient descent; drag, or move with the arrow keys`,
    'data-term': 'guess',
  });

  let start: Point = [0, 0];
  let drawnValues: ArrayLike<number> | null = null;
  onDrag(svg, svg, ({ x, y }) => spec.onMove(probabilitiesAt([x, y])));
  handle.addEventListener('keydown', (event) => {
    const direction = keyDirections[event.key];
    if (!direction) return;
    event.preventDefault();
    const step = event.shiftKey ? 5 * keyStep : keyStep;
    spec.onMove(probabilitiesAt([start[0] + direction[0] * step, start[1] + direction[1] * step]));
  });

  return (model) => {
    const { values, thresholds } = spec.contours(model);
    if (values !== drawnValues) {
      drawnValues = values;
      levels.replaceChildren();
      const bands = contours()
        .size([grid.columns, grid.rows])
        .thresholds(thresholds as number[])(Array.from(values));
      for (const band of bands) {
        const path = svgElement(levels, 'path', {
          d: contourPath(band.coordinates),
          fill: spec.color,
          stroke: spec.color,
        });
        svgElement(path, 'title').textContent = `loss ≥ ${formatNumber(band.value)}`;
      }
    }
    const label = spec.label(model);
    cornerLabels.forEach((text, i) => {
      text.textContent = i === label ? `class ${i} (true)` : `class ${i}`;
      if (i === label) text.setAttribute('data-term', 'truth');
      else text.removeAttribute('data-term');
    });
    const path = spec.path(model).map(toPoint);
    start = path[0];
    const here = path[path.length - 1];
    const next = toPoint(spec.next(model));
    trail.setAttribute('d', pathOf(path));
    dots.replaceChildren();
    for (const [x, y] of path) svgElement(dots, 'circle', { cx: x.toFixed(1), cy: y.toFixed(1), r: 1.6 });
    for (const [name, value] of [
      ['x1', here[0]],
      ['y1', here[1]],
      ['x2', next[0]],
      ['y2', next[1]],
    ] as const)
      arrow.setAttribute(name, value.toFixed(2));
    // A step shorter than its own arrowhead is drawn as no arrow: the honest picture of a gradient
    // that has vanished.
    arrow.style.display = Math.hypot(next[0] - here[0], next[1] - here[1]) < 2 ? 'none' : '';
    current.setAttribute('cx', here[0].toFixed(2));
    current.setAttribute('cy', here[1].toFixed(2));
    handle.setAttribute('cx', start[0].toFixed(2));
    handle.setAttribute('cy', start[1].toFixed(2));
    const q = spec.path(model)[0];
    // A slider needs one number: the start's probability of the true class; the text gives all three.
    handle.setAttribute('aria-valuenow', String(q[label]));
    handle.setAttribute('aria-valuetext', `start q = (${Array.from(q, (v) => formatNumber(v)).join(', ')})`);
    svg.setAttribute('aria-label', spec.describe(model));
  };
}
