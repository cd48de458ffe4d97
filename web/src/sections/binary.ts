import {
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  multiLabelCrossEntropy,
  sigmoid,
} from '../../../src/index.js';
import { classBars } from '../figures/classBars.js';
import { curvePlot } from '../figures/curvePlot.js';
import { logitBars } from '../figures/logitBars.js';
import { codeFigure, literal } from '../ui/code.js';
import { choice, prose, readout, toggle } from '../ui/controls.js';
import { type Explorable, el, explorable, type Figure } from '../ui/explorable.js';
import { formatNumber } from '../ui/format.js';
import { linspace, partsOf, type SectionParts, zipPoints } from '../ui/layout.js';
import { predict } from '../ui/predict.js';
import { slotIn } from './lossClasses.js';
import '../styles/loss.css';

const tags = ['dog', 'beach', 'person', 'car'];

interface State {
  z: number;
  label: number;
  tagLogits: number[];
  tagTargets: number[];
}

// The curves stop short of 0 and 1, where one of them is infinite; the marker shows that end.
const curveQ = [...linspace(0.001, 0.02, 30), ...linspace(0.021, 0.979, 150), ...linspace(0.98, 0.999, 30)];
const ones = curveQ.map(() => 1);
const zeros = curveQ.map(() => 0);
const label1Curve = zipPoints(curveQ, binaryCrossEntropy(curveQ, ones, { reduction: 'none' }).data);
const label0Curve = zipPoints(curveQ, binaryCrossEntropy(curveQ, zeros, { reduction: 'none' }).data);

function compute(s: State) {
  const q = sigmoid(s.z);
  const tagProbs = Array.from(sigmoid(s.tagLogits).data);
  return {
    ...s,
    q,
    // From the logit, as training code should: the library's stable form never takes log(0).
    loss: binaryCrossEntropyWithLogits([s.z], [s.label]),
    lossIf1: binaryCrossEntropyWithLogits([s.z], [1]),
    lossIf0: binaryCrossEntropyWithLogits([s.z], [0]),
    tagProbs,
    perLabel: Array.from(binaryCrossEntropyWithLogits(s.tagLogits, s.tagTargets, { reduction: 'none' }).data),
    multiSum: multiLabelCrossEntropy([s.tagLogits], [s.tagTargets], { labelReduction: 'sum' }),
    multiMean: multiLabelCrossEntropy([s.tagLogits], [s.tagTargets], { labelReduction: 'mean' }),
    probSum: tagProbs.reduce((a, b) => a + b, 0),
  };
}

export type BinaryModel = ReturnType<typeof compute>;
type BinarySection = Explorable<State, BinaryModel>;

/** One logit you drag, one 0/1 label, and the two binary-loss curves with the model on them. */
function singleLabel(section: BinarySection, { figures, controls }: SectionParts): Figure<BinaryModel>[] {
  const onCurve = (label: number) => (label === 1 ? 'label1' : 'label0');
  return [
    logitBars(figures, {
      labels: ['z'],
      ariaLabels: ['logit z'],
      name: 'z',
      min: -8,
      max: 8,
      step: 0.1,
      values: (m) => [m.z],
      onInput: ([z]) => section.update({ z }),
      height: 100,
    }),
    curvePlot(figures, {
      x: { min: 0, max: 1, label: 'guess q = σ(z) = P(cat)' },
      y: { min: 0, max: 7, label: 'loss (nats)' },
      curves: (m) => [
        { term: 'surprisal', label: 'label 1: −log q', points: label1Curve, dashed: m.label !== 1 },
        { term: 'surprisal', label: 'label 0: −log(1 − q)', points: label0Curve, dashed: m.label !== 0 },
      ],
      markers: (m) => [
        {
          term: 'surprisal',
          name: onCurve(1 - m.label),
          x: m.q,
          y: m.label === 1 ? m.lossIf0 : m.lossIf1,
          label: `if ${1 - m.label}: ${formatNumber(m.label === 1 ? m.lossIf0 : m.lossIf1, 3)}`,
          hollow: true,
        },
        {
          term: 'crossEntropy',
          name: onCurve(m.label),
          x: m.q,
          y: m.loss,
          label: `L = ${formatNumber(m.loss, 3)}`,
        },
      ],
      describe: (m) =>
        `Binary cross-entropy curves; at q = ${formatNumber(m.q)} the loss is ${formatNumber(m.lossIf1)} for label 1 and ${formatNumber(m.lossIf0)} for label 0`,
      height: 180,
    }),
    choice(controls, {
      legend: 'Label p',
      name: 'label',
      options: [
        { value: 1, label: '1 (a cat)' },
        { value: 0, label: '0 (not a cat)' },
      ],
      value: (m) => m.label,
      onChange: (label) => section.update({ label }),
    }),
    readout(controls, { label: 'q = σ(z) =', name: 'readout-q', value: (m) => m.q }),
    readout(controls, {
      label: 'binary cross-entropy =',
      name: 'readout-bce',
      term: 'crossEntropy',
      value: (m) => m.loss,
      unit: () => 'nats',
      emphasis: true,
    }),
  ];
}

/** Several independent labels, each with its own sigmoid and binary loss. */
function multiLabel(section: BinarySection, { figures, controls }: SectionParts): Figure<BinaryModel>[] {
  const targets = el('fieldset', 'control tag-targets');
  targets.append(el('legend', '', 'Really in the photo (target 1)'));
  controls.append(targets);
  return [
    logitBars(figures, {
      labels: tags,
      ariaLabels: tags.map((tag) => `logit of ${tag}`),
      name: 'tag',
      min: -6,
      max: 6,
      step: 0.1,
      values: (m) => m.tagLogits,
      onInput: (tagLogits) => section.update({ tagLogits }),
      height: 120,
    }),
    classBars(figures, {
      classes: tags,
      sets: (m) => [
        { term: 'truth', label: 'truth p', values: m.tagTargets },
        { term: 'guess', label: 'guess σ(z)', values: m.tagProbs },
      ],
      yMax: () => 1,
      describe: (m) =>
        `Per-label targets ${m.tagTargets.join(', ')} and probabilities ${m.tagProbs.map((v) => formatNumber(v)).join(', ')}`,
      height: 130,
    }),
    classBars(figures, {
      classes: tags,
      sets: (m) => [{ term: 'crossEntropy', label: 'binary loss per label (nats)', values: m.perLabel }],
      yMax: (m) => Math.ceil(Math.max(2, ...m.perLabel) * 1.15 * 2) / 2,
      describe: (m) =>
        `Per-label binary losses ${m.perLabel.map((v) => formatNumber(v)).join(', ')}, sum ${formatNumber(m.multiSum)}`,
      height: 130,
    }),
    ...tags.map((tag, i) =>
      toggle<BinaryModel>(targets, {
        label: tag,
        name: `tagTarget${i}`,
        checked: (m) => m.tagTargets[i] === 1,
        onChange: (on) =>
          section.update({
            tagTargets: section.state.tagTargets.map((t, j) => (j === i ? (on ? 1 : 0) : t)),
          }),
      }),
    ),
  ];
}

function binaryPredictions(root: HTMLElement, section: BinarySection): void {
  predict(slotIn(root, '.binary-predict'), {
    name: 'binary-confident-mistake',
    question: 'the photo is a cat (label 1) and the model says z = −4. The loss is about…',
    choices: [
      { label: '0.02, since q is small' },
      { label: '1, the most a wrong answer costs' },
      { label: '4', correct: true },
    ],
    explanation: 'q = σ(−4) ≈ 0.018, and −ln 0.018 ≈ 4.02: the surprisal of a confident mistake.',
    onReveal: () => section.update({ z: -4, label: 1 }),
  });
  predict(slotIn(root, '.multi-predict'), {
    name: 'multi-label-sum',
    question: 'must the four tag probabilities add up to 1?',
    choices: [
      { label: 'Yes, they are probabilities' },
      { label: 'No, each is its own yes/no question', correct: true },
    ],
    explanation: 'Each sigmoid answers its own question; nothing ties them together.',
  });
}

export function mountBinary(root: HTMLElement) {
  const single = partsOf(root);
  const multi = partsOf(root, '.multi-controls', '.multi-figures');
  const section = explorable<State, BinaryModel>(
    { z: 1.5, label: 1, tagLogits: [2.5, -1, 0.5, -3], tagTargets: [1, 1, 0, 0] },
    compute,
  );
  section.add(...singleLabel(section, single), ...multiLabel(section, multi));
  section.add(
    prose(root, {
      z: (m) => m.z,
      q: (m) => m.q,
      loss: (m) => m.loss,
      label: (m) => String(m.label),
      multiSum: (m) => m.multiSum,
      multiMean: (m) => m.multiMean,
      probSum: (m) => m.probSum,
    }),
    codeFigure(
      slotIn(root, '.code-slot'),
      (m: BinaryModel) =>
        `binaryCrossEntropyWithLogits([${literal(m.z)}], [${m.label}]) // ${literal(m.loss)}`,
    ),
    codeFigure(slotIn(root, '.multi-code'), (m: BinaryModel) =>
      [
        `multiLabelCrossEntropy([${literal(m.tagLogits)}], [${literal(m.tagTargets)}], { labelReduction: 'sum' }) // ${literal(m.multiSum)}`,
        `multiLabelCrossEntropy([${literal(m.tagLogits)}], [${literal(m.tagTargets)}], { labelReduction: 'mean' }) // ${literal(m.multiMean)}`,
      ].join('\n'),
    ),
  );
  binaryPredictions(root, section);
  section.render();
  return section;
}
