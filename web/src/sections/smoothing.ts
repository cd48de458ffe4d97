import { crossEntropyLoss, entropy, smoothLabels, softmax } from '../../../src/index.js';
import { classBars } from '../figures/classBars.js';
import { curvePlot } from '../figures/curvePlot.js';
import { codeFigure, literal } from '../ui/code.js';
import { buttons, prose, readout, slider } from '../ui/controls.js';
import { type Explorable, explorable, type Figure } from '../ui/explorable.js';
import { formatNumber } from '../ui/format.js';
import { linspace, partsOf, zipPoints } from '../ui/layout.js';
import { predict } from '../ui/predict.js';
import { scrubNumber } from '../ui/scrub.js';
import { classCount, classes, slotIn } from './lossClasses.js';
import '../styles/loss.css';

/** The dog is the true class; the model's other two logits stay at 0, only the dog's moves. */
const label = 2;
const logitAxis = { min: 0, max: 10 };
const curveLogits = linspace(logitAxis.min, logitAxis.max, 161);
const logitsFor = (trueLogit: number): number[] => [0, 0, trueLogit];

interface State {
  epsilon: number;
  /** z_k, the true class's logit. */
  trueLogit: number;
}

/** The loss along the dog's logit, one batch through the library: one row per point of the curve. */
function lossAlong(epsilon: number): { x: number; y: number }[] {
  const losses = crossEntropyLoss(
    curveLogits.map(logitsFor),
    curveLogits.map(() => label),
    { labelSmoothing: epsilon, reduction: 'none' },
  );
  return zipPoints(curveLogits, losses.data);
}

const hardCurve = lossAlong(0);

function compute(s: State) {
  const logits = logitsFor(s.trueLogit);
  const target = Array.from(smoothLabels([label], s.epsilon, { numClasses: classCount }).data);
  // The logits whose softmax is the target are ln p (up to a shift): with the others at 0, the
  // dog's is ln p_k − ln p_other. At ε = 0 it is +∞: the hard target has no finite best.
  const bestLogit = Math.log(target[label]) - Math.log(target[0]);
  return {
    ...s,
    logits,
    target,
    probs: Array.from(softmax(logits).data),
    loss: crossEntropyLoss(logits, label, { labelSmoothing: s.epsilon }),
    lossFromTarget: crossEntropyLoss([logits], [target]),
    best: entropy(target),
    bestLogit,
    curve: s.epsilon === 0 ? hardCurve : lossAlong(s.epsilon),
  };
}

type SmoothingModel = ReturnType<typeof compute>;
type SmoothingSection = Explorable<State, SmoothingModel>;

function smoothingCode(m: SmoothingModel): string {
  return [
    `smoothLabels([${label}], ${m.epsilon}, { numClasses: ${classCount} }) // ${literal(m.target)}`,
    `crossEntropyLoss(${literal(m.logits)}, ${label}, { labelSmoothing: ${m.epsilon} }) // ${literal(m.loss)}`,
    `entropy(${literal(m.target)}) // ${literal(m.best)}, the least loss possible`,
  ].join('\n');
}

function smoothingFigures(figures: HTMLElement): Figure<SmoothingModel>[] {
  return [
    classBars(figures, {
      classes,
      sets: (m) => [
        { term: 'truth', label: 'smoothed truth p', values: m.target },
        { term: 'guess', label: 'guess q', values: m.probs },
      ],
      yMax: () => 1,
      marked: () => label,
      describe: (m) =>
        `Smoothed target ${m.target.map((v) => formatNumber(v)).join(', ')} against guess ${m.probs.map((v) => formatNumber(v)).join(', ')}`,
      height: 140,
    }),
    curvePlot(figures, {
      x: { ...logitAxis, label: 'the dog’s logit z₂ (the others stay 0)' },
      y: { min: 0, max: 2, label: 'loss (nats)' },
      curves: (m) => [
        { term: 'surprisal', label: 'one-hot (ε = 0)', points: hardCurve, dashed: true },
        { term: 'crossEntropy', label: 'smoothed', points: m.curve },
      ],
      markers: (m) => [
        ...(Number.isFinite(m.bestLogit) && m.bestLogit <= logitAxis.max
          ? [
              {
                term: 'entropy' as const,
                name: 'best',
                x: m.bestLogit,
                y: m.best,
                label: `H(p) = ${formatNumber(m.best)}`,
                hollow: true,
                below: true,
              },
            ]
          : []),
        {
          term: 'crossEntropy',
          name: 'loss',
          x: m.trueLogit,
          y: m.loss,
          label: `L = ${formatNumber(m.loss)}`,
        },
      ],
      describe: (m) =>
        `Loss against the dog's logit: with ε = ${formatNumber(m.epsilon)} it is smallest, ${formatNumber(m.best)} nats, at z₂ = ${formatNumber(m.bestLogit)}`,
      height: 180,
    }),
  ];
}

/** ε, as the slider and the number in the prose both set it: one range, one state. */
function epsilonControl(section: SmoothingSection) {
  return {
    label: 'smoothing ε',
    name: 'epsilon',
    min: 0,
    max: 0.5,
    step: 0.01,
    value: (m: SmoothingModel) => m.epsilon,
    onInput: (epsilon: number) => section.update({ epsilon }),
  };
}

function smoothingControls(controls: HTMLElement, section: SmoothingSection): Figure<SmoothingModel>[] {
  const toBest = (): void => section.update({ trueLogit: Math.min(logitAxis.max, section.model.bestLogit) });
  buttons(controls, 'Move to', [{ label: 'the lowest loss', onClick: toBest }]);
  return [
    slider(controls, epsilonControl(section)),
    slider(controls, {
      label: 'dog’s logit z₂',
      name: 'trueLogit',
      ...logitAxis,
      step: 0.05,
      value: (m) => m.trueLogit,
      onInput: (trueLogit) => section.update({ trueLogit }),
    }),
    readout(controls, {
      label: 'L =',
      name: 'readout-loss',
      term: 'crossEntropy',
      value: (m) => m.loss,
      unit: () => 'nats',
      digits: 6,
      emphasis: true,
    }),
    readout(controls, {
      label: 'lowest possible, H(p) =',
      name: 'readout-best',
      value: (m) => m.best,
      unit: () => 'nats',
      digits: 6,
    }),
  ];
}

export function mountSmoothing(root: HTMLElement) {
  const { controls, figures } = partsOf(root);
  const section = explorable<State, SmoothingModel>({ epsilon: 0.1, trueLogit: 6 }, compute);
  section.add(...smoothingFigures(figures), ...smoothingControls(controls, section));
  section.add(
    scrubNumber(root, epsilonControl(section)),
    prose(root, {
      targetTrue: (m) => m.target[label],
      targetOther: (m) => m.target[0],
      best: (m) => m.best,
    }),
    codeFigure(slotIn(root, '.code-slot'), smoothingCode),
  );
  predict(slotIn(root, '.predict-slot'), {
    name: 'smoothing-best',
    question: 'with ε = 0.1 over 3 classes, which guess for the dog gives the lowest loss?',
    choices: [
      { label: 'q₂ as close to 1 as possible' },
      { label: 'q₂ = 0.9333…, the smoothed target itself', correct: true },
      { label: 'q₂ = 0.9, one minus ε' },
    ],
    explanation:
      'The target is 0.9 + 0.1/3 = 0.9333 for the dog, and cross-entropy is lowest where the guess equals the target. The figure has moved there.',
    onReveal: () => {
      section.update({ epsilon: 0.1 });
      section.update({ trueLogit: section.model.bestLogit });
    },
  });
  section.render();
  return section;
}
