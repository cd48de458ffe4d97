import {
  crossEntropy,
  crossEntropyLoss,
  explainLoss,
  oneHot,
  softmax,
  surprisal,
} from '../../../src/index.js';
import { classBars } from '../figures/classBars.js';
import { curvePlot } from '../figures/curvePlot.js';
import { logitBars } from '../figures/logitBars.js';
import { codeFigure, literal } from '../ui/code.js';
import { buttons, choice, prose, readout } from '../ui/controls.js';
import { derivationFigure } from '../ui/derivation.js';
import { type Explorable, explorable, type Figure } from '../ui/explorable.js';
import { formatNumber } from '../ui/format.js';
import { linspace, partsOf, type SectionParts, zipPoints } from '../ui/layout.js';
import { predict } from '../ui/predict.js';
import {
  classCount,
  classes,
  classOptions,
  logitLabels,
  logitNames,
  logitRange,
  slotIn,
} from './lossClasses.js';
import '../styles/loss.css';

interface State {
  logits: number[];
  /** The true class k. */
  label: number;
}

/** The worked example in the prose: the dog is class 2, the model answers 0.1, 0.2, 0.7. */
const articlePrediction = [0.1, 0.2, 0.7];
// Logits whose softmax is exactly that prediction: softmax(ln q) = q / Σq = q.
const articleLogits = articlePrediction.map(Math.log);

// The surprisal curve −ln q, from the library; it stops short of q = 0, where it is infinite.
const curveQ = [...linspace(0.002, 0.05, 40), ...linspace(0.052, 1, 120)];
const surprisalCurve = zipPoints(curveQ, surprisal(curveQ).data);

function compute(s: State) {
  const probs = Array.from(softmax(s.logits).data);
  const target = Array.from(oneHot([s.label], { numClasses: classCount }).data);
  return {
    ...s,
    probs,
    target,
    pTrue: probs[s.label],
    // The loss as the chain defines it, H(p, q) of the target and the softmax...
    loss: crossEntropy(target, probs),
    // ...and as training code asks for it, straight from the logits (log-sum-exp, no softmax).
    lossFromLogits: crossEntropyLoss(s.logits, s.label),
    surprisals: Array.from(surprisal(probs).data),
    derivation: explainLoss(s.logits, s.label),
  };
}

type LossModel = ReturnType<typeof compute>;

function lossCode(m: LossModel): string {
  return [
    `crossEntropy(${literal(m.target)}, ${literal(m.probs)}) // ${literal(m.loss)}`,
    `crossEntropyLoss(${literal(m.logits)}, ${m.label}) // ${literal(m.lossFromLogits)}`,
  ].join('\n');
}

const lossCommand = (m: LossModel): string =>
  `npx xent loss --logits ${m.logits.join(',')} --label ${m.label} --explain`;

type LossSection = Explorable<State, LossModel>;

/** Logits you drag, the truth beside the guess, and the surprisal curve with q_k on it. */
function lossFigures(figures: HTMLElement, section: LossSection): Figure<LossModel>[] {
  return [
    logitBars(figures, {
      labels: logitLabels,
      ariaLabels: logitNames,
      name: 'logit',
      ...logitRange,
      values: (m) => m.logits,
      onInput: (logits) => section.update({ logits }),
      height: 110,
    }),
    classBars(figures, {
      classes,
      sets: (m) => [
        { term: 'truth', label: 'truth p', values: m.target },
        { term: 'guess', label: 'guess q = softmax(z)', values: m.probs },
      ],
      yMax: () => 1,
      marked: (m) => m.label,
      describe: (m) =>
        `Truth ${m.target.join(', ')} against guess ${m.probs.map((v) => formatNumber(v)).join(', ')}`,
      height: 130,
    }),
    curvePlot(figures, {
      x: { min: 0, max: 1, label: 'probability q given to a class' },
      y: { min: 0, max: 5, label: 'surprisal −log q' },
      curves: () => [{ term: 'surprisal', label: '−log q', points: surprisalCurve }],
      // The true class is the loss; the others sit on the same curve but are multiplied by p_i = 0.
      markers: (m) =>
        m.probs.map((q, i) =>
          i === m.label
            ? {
                term: 'crossEntropy',
                name: 'loss',
                x: q,
                y: m.surprisals[i],
                label: `L = ${formatNumber(m.loss)}`,
              }
            : { term: 'surprisal', name: `class${i}`, x: q, y: m.surprisals[i], label: `×0`, hollow: true },
        ),
      describe: (m) =>
        `The surprisal curve −log q; the true class has q = ${formatNumber(m.pTrue)} and loss ${formatNumber(m.loss)} nats`,
      height: 160,
    }),
  ];
}

function lossControls({ root, controls }: SectionParts, section: LossSection): Figure<LossModel>[] {
  // The preset sits in the prose, beside the example it sets, which keeps the phone's stage short.
  buttons(slotIn(root, '.preset-slot'), 'Preset', [
    {
      label: 'the worked example (0.1, 0.2, 0.7)',
      onClick: () => section.update({ logits: articleLogits, label: 2 }),
    },
  ]);
  return [
    choice(controls, {
      legend: 'True class k',
      name: 'label',
      options: classOptions,
      value: (m) => m.label,
      onChange: (label) => section.update({ label }),
    }),
    readout(controls, {
      label: 'L = −log qₖ =',
      name: 'readout-loss',
      term: 'crossEntropy',
      value: (m) => m.loss,
      digits: 6,
      unit: () => 'nats',
      emphasis: true,
    }),
  ];
}

export function mountLoss(root: HTMLElement) {
  const parts = partsOf(root);
  const { figures, derivation } = parts;
  const section = explorable<State, LossModel>({ logits: articleLogits, label: 2 }, compute);
  section.add(...lossFigures(figures, section), ...lossControls(parts, section));
  section.add(
    prose(root, { pTrue: (m) => m.pTrue, loss: (m) => m.loss }),
    codeFigure(slotIn(root, '.code-slot'), lossCode),
  );
  if (derivation) section.add(derivationFigure(derivation, (m) => m.derivation, lossCommand));
  predict(slotIn(root, '.predict-slot'), {
    name: 'loss-wrong-classes',
    question: 'keep 0.7 on the dog but swap the other two, so the model answers 0.2, 0.1, 0.7. The loss…',
    choices: [{ label: 'goes up' }, { label: 'goes down' }, { label: 'stays the same', correct: true }],
    explanation: 'Only −log q_k counts, and q_k is still 0.7: the loss is −ln 0.7 again.',
    onReveal: () => section.update({ logits: [0.2, 0.1, 0.7].map(Math.log), label: 2 }),
  });
  section.render();
  return section;
}
