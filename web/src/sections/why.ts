import { crossEntropyLoss, crossEntropyLossWithGrad, softmax, surprisal } from '../../../src/index.js';
import {
  linearPenalty,
  squaredErrorOfProbabilities,
  squaredErrorOnSoftmaxWithGrad,
  squaredPenalty,
} from '../compare/squaredError.js';
import { curvePlot } from '../figures/curvePlot.js';
import { type DescentPoint, descentTable } from '../figures/descentTable.js';
import { playControls } from '../figures/playControls.js';
import { simplexFigure } from '../figures/simplex.js';
import { grid, logitsOf } from '../figures/simplexGeometry.js';
import { codeFigure, literal } from '../ui/code.js';
import { choice, prose, readout, slider } from '../ui/controls.js';
import { type Explorable, el, explorable } from '../ui/explorable.js';
import { formatNumber } from '../ui/format.js';
import { linspace, partsOf, zipPoints } from '../ui/layout.js';
import { otherColors, termColors } from '../ui/palette.js';
import { predict } from '../ui/predict.js';
import '../styles/why.css';

interface State {
  /** Logits where gradient descent starts (both losses start here). */
  start: number[];
  /** The true class k. */
  label: number;
  learningRate: number;
  /** Steps of gradient descent taken so far. */
  steps: number;
  playing: boolean;
  /** Probability of the true class in the penalty figure. */
  q: number;
}

/** How many steps Play runs, and the pause between them. */
const maxSteps = 120;
const stepMilliseconds = 80;
/** A start that is confidently wrong: class 1 gets 98 %, the true class 0 gets 0.03 %. */
const saturatedStart = [-4, 4, 0];

type Gradient = (logits: readonly number[], label: number) => ArrayLike<number>;

const gradients: Record<'ce' | 'se', Gradient> = {
  ce: (z, k) => crossEntropyLossWithGrad(z, k).grad.data,
  se: (z, k) => squaredErrorOnSoftmaxWithGrad(new Float64Array(z), [k], 3).grad,
};

const losses: Record<'ce' | 'se', (z: readonly number[], q: readonly number[], k: number) => number> = {
  ce: (z, _q, k) => crossEntropyLoss(z, k),
  se: (_z, q, k) => squaredErrorOfProbabilities(q, k),
};

/** Plain gradient descent on the logits, z ← z − η ∂L/∂z: every step's logits, the start first. */
function descend(gradient: Gradient, start: readonly number[], label: number, rate: number): number[][] {
  const path = [start.slice()];
  for (let t = 0; t < maxSteps + 1; t++) {
    const z = path[t];
    const g = gradient(z, label);
    path.push(z.map((zi, i) => zi - rate * g[i]));
  }
  return path;
}

/** The paths depend on start, label and rate only: Play advances along them without recomputing. */
const memo = <A, R>(key: (a: A) => string, f: (a: A) => R): ((a: A) => R) => {
  let last: { key: string; value: R } | null = null;
  return (a) => {
    const k = key(a);
    if (last?.key !== k) last = { key: k, value: f(a) };
    return last.value;
  };
};

const paths = memo(
  (s: State) => `${s.start.join()}|${s.label}|${s.learningRate}`,
  (s: State) => ({
    ce: descend(gradients.ce, s.start, s.label, s.learningRate),
    se: descend(gradients.se, s.start, s.label, s.learningRate),
  }),
);

const ceLevels = [0.05, 0.2, 0.5, 1, 1.5, 2, 3, 4.5, 7];
const seLevels = [0.02, 0.1, 0.25, 0.45, 0.7, 1, 1.3, 1.6, 1.9];

/** Loss values over the simplex grid: cross-entropy from the library, squared error from the baseline. */
const landscapes = memo(
  (label: number) => String(label),
  (label: number) => {
    const samples = grid.columns * grid.rows;
    const labels = new Int32Array(samples).fill(label);
    const ce = crossEntropyLoss({ data: grid.probabilities, shape: [samples, 3] }, labels, {
      from: 'probabilities',
      reduction: 'none',
    }).data;
    const se = Float64Array.from({ length: samples }, (_, i) =>
      squaredErrorOfProbabilities(grid.probabilities.subarray(3 * i, 3 * i + 3), label),
    );
    return { ce: { values: ce, thresholds: ceLevels }, se: { values: se, thresholds: seLevels } };
  },
);

function pointOf(loss: 'ce' | 'se', logits: readonly number[], label: number): DescentPoint {
  const q = Array.from(softmax(logits).data);
  return { logits, q, grad: gradients[loss](logits, label), loss: losses[loss](logits, q, label) };
}

const curveQ = [...linspace(0.001, 0.02, 40), ...linspace(0.021, 1, 160)];

function compute(s: State) {
  const all = paths(s);
  const track = (loss: 'ce' | 'se') => {
    const logits = all[loss].slice(0, s.steps + 1);
    return {
      ...pointOf(loss, logits[s.steps], s.label),
      path: logits.map((z) => Array.from(softmax(z).data)),
      next: Array.from(softmax(all[loss][s.steps + 1]).data),
    };
  };
  const ce = track('ce');
  const se = track('se');
  return {
    ...s,
    ce,
    se,
    landscape: landscapes(s.label),
    logPenalty: surprisal(s.q),
    linear: linearPenalty(s.q),
    squared: squaredPenalty(s.q),
    logCurve: zipPoints(curveQ, surprisal(curveQ).data),
    linearCurve: curveQ.map((q) => ({ x: q, y: linearPenalty(q) })),
    squaredCurve: curveQ.map((q) => ({ x: q, y: squaredPenalty(q) })),
  };
}

export type WhyModel = ReturnType<typeof compute>;
type WhySection = Explorable<State, WhyModel>;

function addDescent(section: WhySection, root: HTMLElement): void {
  const stage = root.querySelector<HTMLElement>('.descent-scene .stage');
  const pair = stage?.querySelector<HTMLElement>('.simplex-pair');
  const controls = stage?.querySelector<HTMLElement>('.descent-controls');
  const numbers = stage?.querySelector<HTMLElement>('.descent-numbers');
  if (!pair || !controls || !numbers) throw new Error('explainer: #why has no descent stage');
  const moveStart = (q: number[]): void => section.update({ start: logitsOf(q), steps: 0, playing: false });
  const simplexOf = (loss: 'ce' | 'se', title: string, color: string, name: string) =>
    simplexFigure(pair, {
      name: `simplex-${loss}`,
      title,
      color,
      contours: (m: WhyModel) => m.landscape[loss],
      label: (m) => m.label,
      path: (m) => m[loss].path,
      next: (m) => m[loss].next,
      describe: (m) =>
        `${name} over the triangle of predictions, true class ${m.label}: after ${m.steps} steps q = (${m[
          loss
        ].q
          .map((v) => formatNumber(v))
          .join(', ')})`,
      onMove: moveStart,
    });
  section.add(
    simplexOf('ce', 'cross-entropy', termColors.crossEntropy, 'Cross-entropy'),
    simplexOf('se', 'squared error', otherColors.squared, 'Squared error'),
    choice(controls, {
      legend: 'True class k',
      name: 'label',
      options: [0, 1, 2].map((value) => ({ value, label: String(value) })),
      value: (m) => m.label,
      onChange: (label) => section.update({ label, steps: 0, playing: false }),
    }),
    slider(controls, {
      label: 'learning rate η (both losses)',
      name: 'learningRate',
      min: 0.1,
      max: 3,
      step: 0.1,
      value: (m) => m.learningRate,
      onInput: (learningRate) => section.update({ learningRate, steps: 0, playing: false }),
    }),
    playControls(controls, section, { maxSteps, interval: stepMilliseconds }),
    descentTable(numbers, {
      columns: [
        { name: 'ce', title: 'cross-entropy', read: (m: WhyModel) => m.ce },
        { name: 'se', title: 'squared error', read: (m: WhyModel) => m.se },
      ],
    }),
  );
}

/** −log q against the bounded linear and squared penalties. */
function addPenalties(section: WhySection, root: HTMLElement): void {
  const { controls, figures } = partsOf(root, '.penalty-controls', '.penalty-figures');
  section.add(
    curvePlot(figures, {
      describe: (m) =>
        `Penalties at q = ${formatNumber(m.q)}: log penalty ${formatNumber(m.logPenalty)}, linear ${formatNumber(m.linear)}, squared ${formatNumber(m.squared)}`,
      x: { min: 0, max: 1, label: 'probability given to the true class, q' },
      y: { min: 0, max: 5, label: 'penalty' },
      height: 220,
      legend: 'top',
      curves: (m) => [
        { term: 'surprisal', label: '−log q (cross-entropy)', points: m.logCurve },
        { color: otherColors.linear, label: '1 − q (linear)', points: m.linearCurve, dashed: true },
        { color: otherColors.squared, label: '(1 − q)² (squared)', points: m.squaredCurve, dashed: true },
      ],
      markers: (m) => [
        {
          term: 'surprisal',
          x: m.q,
          y: m.logPenalty,
          label: formatNumber(m.logPenalty, 3),
          name: 'log-penalty',
        },
      ],
    }),
    slider(controls, {
      label: 'q, probability of the true class',
      name: 'q',
      min: 0,
      max: 1,
      step: 0.001,
      value: (m) => m.q,
      onInput: (q) => section.update({ q }),
    }),
  );
  const values = el('div', 'readouts');
  controls.append(values);
  section.add(
    readout(values, {
      label: '−log q =',
      name: 'readout-log',
      value: (m) => m.logPenalty,
      emphasis: true,
      term: 'surprisal',
    }),
    readout(values, { label: '1 − q =', name: 'readout-linear', value: (m) => m.linear }),
    readout(values, { label: '(1 − q)² =', name: 'readout-squared', value: (m) => m.squared }),
  );
}

export function mountWhy(root: HTMLElement) {
  const section = explorable<State, WhyModel>(
    { start: saturatedStart, label: 0, learningRate: 1, steps: 0, playing: false, q: 0.05 },
    compute,
  );
  addDescent(section, root);
  addPenalties(section, root);
  const slot = root.querySelector<HTMLElement>('.predict-slot');
  if (slot)
    predict(slot, {
      name: 'why',
      question:
        'from this confidently wrong start, which loss moves the prediction toward the true corner faster?',
      choices: [
        { label: 'cross-entropy', correct: true },
        { label: 'squared error' },
        { label: 'about the same: both follow their gradient' },
      ],
      explanation:
        'Cross-entropy’s push on the true logit is q_k − 1, close to −1 when q_k is close to 0, so it leaves at full speed. Squared error’s push on z_k comes through the softmax’s slope and carries a factor q_k, 2·q_k·((q_k − 1) − Σᵢ qᵢ(qᵢ − pᵢ)), close to 0 at the edge: it crawls until it has drifted away from the wrong corner.',
      onReveal: () => section.update({ steps: 0, playing: true }),
    });
  const text = root.querySelector<HTMLElement>('.descent-scene .prose');
  if (text)
    section.add(
      codeFigure(text, (m) =>
        [
          `// step ${m.steps} of gradient descent, learning rate ${m.learningRate}`,
          `const z = ${literal(m.ce.logits.map((z) => Number(z.toPrecision(6))))};`,
          `const { loss, grad } = crossEntropyLossWithGrad(z, ${m.label});`,
          `// grad.data: ${literal(Array.from(m.ce.grad, (g) => Number(g.toPrecision(6))))}`,
          `const next = z.map((zi, i) => zi - ${m.learningRate} * grad.data[i]);`,
        ].join('\n'),
      ),
    );
  section.add(
    prose(root, {
      steps: (m) => m.steps,
      ceQTrue: (m) => m.ce.q[m.label],
      seQTrue: (m) => m.se.q[m.label],
      ceGradTrue: (m) => m.ce.grad[m.label],
      seGradTrue: (m) => m.se.grad[m.label],
    }),
  );
  section.render();
  return section;
}
