import { scaleBand, scaleLinear } from 'd3-scale';
import { CLASSES } from '../training/digits.js';
import type { Racer } from '../training/race.js';
import type { Figure } from '../ui/explorable.js';
import { formatNumber } from '../ui/format.js';

const SVG = 'http://www.w3.org/2000/svg';
const width = 360;
const height = 200;
const margin = { top: 30, right: 8, bottom: 40, left: 48 };

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number> = {},
  text = '',
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text) element.textContent = text;
  return element;
}

export interface ProbabilitiesModel {
  picked: { label: number; probabilities: Record<Racer, Float64Array>; epoch: number };
}

interface ProbabilitiesSpec {
  racers: readonly Racer[];
  names: Record<Racer, string>;
  palette: Record<Racer, string>;
}

/**
 * One held-out digit, and what each model believes it is: for every digit 0–9, a bar per model
 * of its predicted probability q, on a labelled 0–1 axis. The true digit's column is shaded in
 * the truth colour and its label says "true"; each bar keeps its exact q in `data-raw`.
 */
export function digitProbabilities(parent: HTMLElement, spec: ProbabilitiesSpec): Figure<ProbabilitiesModel> {
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'digit-probabilities' });
  const x = scaleBand<number>()
    .domain(Array.from({ length: CLASSES }, (_, c) => c))
    .range([margin.left, width - margin.right])
    .padding(0.18);
  const inner = scaleBand<Racer>().domain(spec.racers).range([0, x.bandwidth()]).padding(0.08);
  const y = scaleLinear()
    .domain([0, 1])
    .range([height - margin.bottom, margin.top]);

  const truth = svg('rect', {
    class: 'true-column',
    'data-term': 'truth',
    y: margin.top,
    height: y(0) - margin.top,
  });
  root.append(truth);
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    root.append(
      svg('line', { class: 'grid', x1: margin.left, x2: width - margin.right, y1: y(tick), y2: y(tick) }),
    );
    root.append(
      svg('text', { class: 'tick', x: margin.left - 5, y: y(tick) + 4, 'text-anchor': 'end' }, String(tick)),
    );
  }
  const yTitle = svg(
    'text',
    { class: 'axis-title', transform: `translate(12 ${y(0.5)}) rotate(-90)`, 'text-anchor': 'middle' },
    'probability q',
  );
  root.append(yTitle);
  // The legend: which bar is which model.
  spec.racers.forEach((racer, i) => {
    const left = margin.left + i * 150;
    root.append(svg('rect', { x: left, y: 6, width: 12, height: 12, fill: spec.palette[racer] }));
    root.append(svg('text', { class: 'legend-label', x: left + 17, y: 16 }, `${spec.names[racer]} model`));
  });
  const bars = spec.racers.map((racer) => ({
    racer,
    rects: Array.from({ length: CLASSES }, (_, c) => {
      const rect = svg('rect', {
        x: (x(c) ?? 0) + (inner(racer) ?? 0),
        width: inner.bandwidth(),
        fill: spec.palette[racer],
        'data-term': 'guess',
      });
      rect.dataset['racer'] = racer;
      rect.dataset['class'] = String(c);
      root.append(rect);
      return rect;
    }),
  }));
  const labels = Array.from({ length: CLASSES }, (_, c) => {
    const label = svg(
      'text',
      {
        class: 'class-label',
        x: (x(c) ?? 0) + x.bandwidth() / 2,
        y: height - margin.bottom + 15,
        'text-anchor': 'middle',
      },
      String(c),
    );
    root.append(label);
    return label;
  });
  const trueMark = svg(
    'text',
    { class: 'true-mark', 'data-term': 'truth', y: height - margin.bottom + 29, 'text-anchor': 'middle' },
    'true',
  );
  root.append(trueMark);
  root.append(svg('line', { class: 'axis', x1: margin.left, x2: width - margin.right, y1: y(0), y2: y(0) }));
  root.append(
    svg(
      'text',
      { class: 'axis-title', x: width - margin.right, y: height - 2, 'text-anchor': 'end' },
      'digit',
    ),
  );
  parent.append(root);

  return ({ picked }) => {
    const column = x(picked.label) ?? 0;
    truth.setAttribute('x', String(column - 3));
    truth.setAttribute('width', String(x.bandwidth() + 6));
    trueMark.setAttribute('x', String(column + x.bandwidth() / 2));
    for (const [c, label] of labels.entries()) label.classList.toggle('is-true', c === picked.label);
    const said: string[] = [];
    for (const { racer, rects } of bars) {
      const q = picked.probabilities[racer];
      rects.forEach((rect, c) => {
        rect.setAttribute('y', String(y(q[c])));
        rect.setAttribute('height', String(Math.max(0, y(0) - y(q[c]))));
        rect.dataset['raw'] = String(q[c]);
      });
      said.push(`${spec.names[racer]} model gives the true digit q = ${formatNumber(q[picked.label], 3)}`);
    }
    root.setAttribute(
      'aria-label',
      `Predicted probabilities for digits 0 to 9 of a held-out ${picked.label} after epoch ${picked.epoch}: ${said.join('; ')}`,
    );
  };
}
