import { crossEntropyLossWithGrad, softmax, surprisal } from '../../../src/index.js';
import { lineFigure } from '../charts/line.js';
import { colors } from '../charts/setup.js';
import { linearPenalty, squaredErrorOnSoftmaxWithGrad, squaredPenalty } from '../compare/squaredError.js';
import { codeFigure, literal } from '../ui/code.js';
import { prose, readout, slider } from '../ui/controls.js';
import { type Explorable, explorable } from '../ui/explorable.js';
import { formatNumber } from '../ui/format.js';
import { linspace, partsOf, type SectionParts, zipPoints } from '../ui/layout.js';

interface State {
  /** Probability the model gives the true class (penalty figure). */
  q: number;
  /** Logit of the true class, class 0 of three (gradient figure). */
  logit: number;
  /** Logit of the strongest wrong class; the third class stays at 0. */
  rival: number;
}

const curveQ = [...linspace(0.001, 0.02, 40), ...linspace(0.021, 1, 160)];
const logitGrid = linspace(-10, 10, 201);

/** The two gradients on the true class's logit, for logits [a, rival, 0] and label 0. */
function gradientsAt(logit: number, rival: number) {
  const logits = new Float64Array([logit, rival, 0]);
  return {
    ce: crossEntropyLossWithGrad(logits, 0).grad.data[0],
    se: squaredErrorOnSoftmaxWithGrad(logits, [0], 3).grad[0],
  };
}

function compute(s: State) {
  const grid = logitGrid.map((a) => gradientsAt(a, s.rival));
  const here = gradientsAt(s.logit, s.rival);
  return {
    ...s,
    logPenalty: surprisal(s.q),
    linear: linearPenalty(s.q),
    squared: squaredPenalty(s.q),
    logCurve: zipPoints(curveQ, surprisal(curveQ).data),
    linearCurve: curveQ.map((q) => ({ x: q, y: linearPenalty(q) })),
    squaredCurve: curveQ.map((q) => ({ x: q, y: squaredPenalty(q) })),
    ceGradCurve: grid.map((g, i) => ({ x: logitGrid[i], y: g.ce })),
    seGradCurve: grid.map((g, i) => ({ x: logitGrid[i], y: g.se })),
    gradCE: here.ce,
    gradSE: here.se,
    qTrue: softmax([s.logit, s.rival, 0]).data[0],
  };
}

export type WhyModel = ReturnType<typeof compute>;

type WhySection = Explorable<State, WhyModel>;

/** −ln q against the bounded linear and squared penalties. */
function addPenalties(section: WhySection, penalty: SectionParts): void {
  section.add(
    slider(penalty.controls, {
      label: 'q, probability of the true class',
      name: 'q',
      min: 0,
      max: 1,
      step: 0.001,
      value: (m) => m.q,
      onInput: (q) => section.update({ q }),
    }),
  );
  section.add(
    readout(penalty.controls, {
      label: '−ln q =',
      name: 'readout-log',
      value: (m) => m.logPenalty,
      emphasis: true,
    }),
  );
  section.add(
    readout(penalty.controls, { label: '1 − q =', name: 'readout-linear', value: (m) => m.linear }),
  );
  section.add(
    readout(penalty.controls, { label: '(1 − q)² =', name: 'readout-squared', value: (m) => m.squared }),
  );
  section.add(
    lineFigure(penalty.figures, {
      describe: (m) =>
        `Penalties at q = ${formatNumber(m.q)}: log ${formatNumber(m.logPenalty)}, linear ${formatNumber(m.linear)}, squared ${formatNumber(m.squared)}`,
      xTitle: 'probability given to the true class, q',
      yTitle: () => 'penalty',
      x: { min: 0, max: 1 },
      y: { min: 0, max: 5 },
      series: (m) => [
        { label: '−ln q (cross-entropy)', points: m.logCurve, color: colors.divergence },
        { label: '1 − q (linear)', points: m.linearCurve, color: colors.linear, dash: [6, 4] },
        { label: '(1 − q)² (squared)', points: m.squaredCurve, color: colors.squared, dash: [2, 3] },
      ],
      markers: (m) => [
        { x: m.q, y: m.logPenalty, color: colors.divergence, label: formatNumber(m.logPenalty, 3) },
      ],
    }),
  );
}

/** The gradient on the true logit: cross-entropy's against squared error's. */
function addGradients(section: WhySection, gradient: SectionParts): void {
  section.add(
    slider(gradient.controls, {
      label: 'true class logit a_true',
      name: 'logit',
      min: -10,
      max: 10,
      step: 0.1,
      value: (m) => m.logit,
      onInput: (logit) => section.update({ logit }),
    }),
  );
  section.add(
    slider(gradient.controls, {
      label: 'strongest wrong logit',
      name: 'rival',
      min: -5,
      max: 8,
      step: 0.1,
      value: (m) => m.rival,
      onInput: (rival) => section.update({ rival }),
    }),
  );
  section.add(
    readout(gradient.controls, { label: 'q_true =', name: 'readout-qtrue', value: (m) => m.qTrue }),
  );
  section.add(
    readout(gradient.controls, {
      label: '∂L/∂a_true, cross-entropy =',
      name: 'readout-grad-ce',
      value: (m) => m.gradCE,
      emphasis: true,
    }),
  );
  section.add(
    readout(gradient.controls, {
      label: '∂L/∂a_true, squared error =',
      name: 'readout-grad-se',
      value: (m) => m.gradSE,
    }),
  );
  section.add(
    lineFigure(gradient.figures, {
      describe: (m) =>
        `Gradient on the true logit: cross-entropy ${formatNumber(m.gradCE)}, squared error ${formatNumber(m.gradSE)}`,
      xTitle: 'true class logit a_true (other logits: rival and 0)',
      yTitle: () => 'gradient ∂L/∂a_true',
      x: { min: -10, max: 10 },
      y: { min: -1.1, max: 0.1 },
      series: (m) => [
        { label: 'cross-entropy: q_true − 1', points: m.ceGradCurve, color: colors.divergence },
        { label: 'squared error on softmax', points: m.seGradCurve, color: colors.squared, dash: [6, 4] },
      ],
      markers: (m) => [
        { x: m.logit, y: m.gradCE, color: colors.divergence, label: formatNumber(m.gradCE, 3) },
        { x: m.logit, y: m.gradSE, color: colors.squared, label: formatNumber(m.gradSE, 3) },
      ],
    }),
  );
}

export function mountWhy(root: HTMLElement) {
  const penalty = partsOf(root, '.penalty-controls', '.penalty-figures');
  const gradient = partsOf(root, '.gradient-controls', '.gradient-figures');
  const section = explorable<State, WhyModel>({ q: 0.05, logit: -4, rival: 3 }, compute);
  addPenalties(section, penalty);
  addGradients(section, gradient);
  section.add(
    codeFigure(gradient.figures, (m) =>
      [
        `crossEntropyLossWithGrad(${literal([m.logit, m.rival, 0])}, 0).grad.data[0] // ${literal(m.gradCE)}`,
        `// squared error on softmax, the page's own baseline: ${literal(m.gradSE)}`,
      ].join('\n'),
    ),
  );
  section.add(
    prose(root, {
      logit: (m) => m.logit,
      q: (m) => m.qTrue,
      gradCE: (m) => m.gradCE,
      gradSE: (m) => m.gradSE,
    }),
  );
  section.render();
  return section;
}
