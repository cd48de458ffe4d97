import {
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  multiLabelCrossEntropy,
  sigmoid,
} from '../../../src/index.js';
import { barFigure } from '../charts/bars.js';
import { lineFigure } from '../charts/line.js';
import { colors } from '../charts/setup.js';
import { codeFigure, literal } from '../ui/code.js';
import { choice, prose, readout, slider, toggle } from '../ui/controls.js';
import { type Explorable, explorable } from '../ui/explorable.js';
import { formatNumber } from '../ui/format.js';
import { linspace, partsOf, type SectionParts, zipPoints } from '../ui/layout.js';

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
  // From the logit, as training code should: the library's stable form never takes log(0).
  const loss = binaryCrossEntropyWithLogits([s.z], [s.label]);
  const lossIf1 = binaryCrossEntropyWithLogits([s.z], [1]);
  const lossIf0 = binaryCrossEntropyWithLogits([s.z], [0]);
  const tagProbs = Array.from(sigmoid(s.tagLogits).data);
  const perLabel = Array.from(
    binaryCrossEntropyWithLogits(s.tagLogits, s.tagTargets, { reduction: 'none' }).data,
  );
  return {
    ...s,
    q,
    loss,
    lossIf1,
    lossIf0,
    tagProbs,
    perLabel,
    multiSum: multiLabelCrossEntropy([s.tagLogits], [s.tagTargets], { labels: 'sum' }),
    multiMean: multiLabelCrossEntropy([s.tagLogits], [s.tagTargets], { labels: 'mean' }),
    probSum: tagProbs.reduce((a, b) => a + b, 0),
  };
}

export type BinaryModel = ReturnType<typeof compute>;

type BinarySection = Explorable<State, BinaryModel>;

/** One logit, one 0/1 label: σ(z) and the two binary-loss curves. */
function addSingleLabel(section: BinarySection, single: SectionParts): void {
  section.add(
    slider(single.controls, {
      label: 'logit z',
      name: 'z',
      min: -8,
      max: 8,
      step: 0.05,
      value: (m) => m.z,
      onInput: (z) => section.update({ z }),
    }),
  );
  section.add(
    choice(single.controls, {
      legend: 'Label y',
      name: 'label',
      options: [
        { value: 1, label: '1 (a cat)' },
        { value: 0, label: '0 (not a cat)' },
      ],
      value: (m) => m.label,
      onChange: (label) => section.update({ label }),
    }),
  );
  section.add(readout(single.controls, { label: 'q = σ(z) =', name: 'readout-q', value: (m) => m.q }));
  section.add(
    readout(single.controls, {
      label: 'binary cross-entropy =',
      name: 'readout-bce',
      value: (m) => m.loss,
      unit: () => 'nats',
      emphasis: true,
    }),
  );
  section.add(
    lineFigure(single.figures, {
      describe: (m) =>
        `Binary cross-entropy curves; at q = ${formatNumber(m.q)} the loss is ${formatNumber(m.lossIf1)} for label 1 and ${formatNumber(m.lossIf0)} for label 0`,
      xTitle: 'predicted q = P(y = 1)',
      yTitle: () => 'loss (nats)',
      x: { min: 0, max: 1 },
      y: { min: 0, max: 7 },
      series: () => [
        { label: 'label 1: −ln q', points: label1Curve, color: colors.truth },
        { label: 'label 0: −ln(1 − q)', points: label0Curve, color: colors.guess },
      ],
      markers: (m) => [
        { x: m.q, y: m.lossIf1, color: colors.truth, label: `y=1: ${formatNumber(m.lossIf1, 3)}` },
        { x: m.q, y: m.lossIf0, color: colors.guess, label: `y=0: ${formatNumber(m.lossIf0, 3)}` },
      ],
    }),
  );
}

/** Several independent labels, each with its own sigmoid and binary loss. */
function addMultiLabel(section: BinarySection, multi: SectionParts): void {
  tags.forEach((tag, i) => {
    const row = document.createElement('div');
    row.className = 'tag-row';
    multi.controls.append(row);
    section.add(
      slider(row, {
        label: `logit(${tag})`,
        name: `tag${i}`,
        min: -6,
        max: 6,
        step: 0.1,
        value: (m) => m.tagLogits[i],
        onInput: (v) =>
          section.update({ tagLogits: section.state.tagLogits.map((a, j) => (j === i ? v : a)) }),
      }),
    );
    section.add(
      toggle(row, {
        label: `${tag} is in the photo (target 1)`,
        name: `tagTarget${i}`,
        checked: (m) => m.tagTargets[i] === 1,
        onChange: (on) =>
          section.update({
            tagTargets: section.state.tagTargets.map((t, j) => (j === i ? (on ? 1 : 0) : t)),
          }),
      }),
    );
  });
  section.add(
    barFigure(multi.figures, {
      describe: (m) => `Per-label probabilities ${m.tagProbs.map((v) => formatNumber(v)).join(', ')}`,
      categories: () => tags,
      sets: (m) => [
        { label: 'σ(logit)', values: m.tagProbs, color: colors.guess },
        { label: 'target', values: m.tagTargets, color: colors.truth },
      ],
      yTitle: () => 'probability',
      y: { min: 0, max: () => 1 },
      valueLabels: true,
      height: 190,
    }),
  );
  section.add(
    barFigure(multi.figures, {
      describe: (m) =>
        `Per-label binary losses ${m.perLabel.map((v) => formatNumber(v)).join(', ')}, sum ${formatNumber(m.multiSum)}`,
      categories: () => tags,
      sets: (m) => [{ label: 'binary loss per label (nats)', values: m.perLabel, color: colors.divergence }],
      yTitle: () => 'nats',
      y: { min: 0, max: (m) => Math.ceil(Math.max(2, ...m.perLabel) * 1.15 * 2) / 2 },
      valueLabels: true,
      height: 170,
    }),
  );
}

export function mountBinary(root: HTMLElement) {
  const single = partsOf(root);
  const multi = partsOf(root, '.multi-controls', '.multi-figures');
  const section = explorable<State, BinaryModel>(
    { z: 1.5, label: 1, tagLogits: [2.5, -1, 0.5, -3], tagTargets: [1, 1, 0, 0] },
    compute,
  );
  addSingleLabel(section, single);
  addMultiLabel(section, multi);
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
  );
  section.add(
    codeFigure(
      single.figures,
      (m) => `binaryCrossEntropyWithLogits([${literal(m.z)}], [${m.label}]) // ${literal(m.loss)}`,
    ),
    codeFigure(multi.figures, (m) =>
      [
        `multiLabelCrossEntropy([${literal(m.tagLogits)}], [${literal(m.tagTargets)}], { labels: 'sum' }) // ${literal(m.multiSum)}`,
        `multiLabelCrossEntropy([${literal(m.tagLogits)}], [${literal(m.tagTargets)}], { labels: 'mean' }) // ${literal(m.multiMean)}`,
      ].join('\n'),
    ),
  );
  section.render();
  return section;
}
