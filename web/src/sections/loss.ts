import {
  crossEntropyLoss,
  explainCrossEntropy,
  explainLoss,
  mixup,
  oneHot,
  smoothLabels,
  softmax,
  surprisal,
} from '../../../src/index.js';
import { barFigure } from '../charts/bars.js';
import { colors } from '../charts/setup.js';
import { codeFigure, literal } from '../ui/code.js';
import { choice, prose, readout, slider, toggle, vectorSliders } from '../ui/controls.js';
import { derivationFigure } from '../ui/derivation.js';
import { type Explorable, explorable, type Figure } from '../ui/explorable.js';
import { formatNumber } from '../ui/format.js';
import { partsOf } from '../ui/layout.js';

const names = ['panda', 'bird', 'dog'];
// Class names carry their index: the label the library takes is the number.
const classes = names.map((name, i) => `${i} ${name}`);
const C = classes.length;

interface State {
  logits: number[];
  label: number;
  smoothing: boolean;
  epsilon: number;
  mix: boolean;
  mixLabel: number;
  lambda: number;
}

function compute(s: State) {
  const probs = Array.from(softmax(s.logits).data);
  const hard = oneHot([s.label], C);
  const mixed = s.mix ? mixup(hard, oneHot([s.mixLabel], C), s.lambda) : hard;
  const targetBatch = s.smoothing ? smoothLabels(mixed, s.epsilon) : mixed;
  const target = Array.from(targetBatch.data);
  // The loss against the displayed target, as a batch of one (a probability target: the logits'
  // shape, (1, C))...
  const loss = crossEntropyLoss([s.logits], targetBatch);
  // ...and, without mixup, the same loss the way training code usually asks for it: a class index
  // and the labelSmoothing option. The two must agree; the page shows both.
  const indexLoss = s.mix
    ? Number.NaN
    : crossEntropyLoss(s.logits, s.label, { labelSmoothing: s.smoothing ? s.epsilon : 0 });
  return {
    ...s,
    probs,
    target,
    loss,
    indexLoss,
    surprisals: Array.from(surprisal(probs).data),
    pTrue: probs[s.label],
    surprisalTrue: surprisal(probs[s.label]),
    oneHotTarget: !s.mix && !s.smoothing,
    // The CLI's `--explain` steps for a class label (with smoothing); a mixed target has no class
    // label, so its derivation is the cross-entropy of the two distributions.
    derivation: s.mix
      ? explainCrossEntropy(target, probs)
      : explainLoss(s.logits, s.label, { labelSmoothing: s.smoothing ? s.epsilon : 0 }),
  };
}

export type LossModel = ReturnType<typeof compute>;

function targetNote(m: LossModel): string {
  if (m.oneHotTarget) return 'With a one-hot target the two are the same number.';
  const parts = [];
  if (m.smoothing) parts.push(`label smoothing (ε = ${formatNumber(m.epsilon)})`);
  if (m.mix) parts.push(`mixup (λ = ${formatNumber(m.lambda)})`);
  return `With ${parts.join(' and ')} the target is soft, so the other classes' surprisals count too and the loss differs from the true class's surprisal.`;
}

type LossSection = Explorable<State, LossModel>;

/** The terminal command with the same derivation (a mixed target is a plain cross-entropy). */
function lossCommand(m: LossModel): string {
  if (m.mix)
    return `npx xent cross-entropy --target ${m.target.join(',')} --pred ${m.probs.join(',')} --explain`;
  const smoothing = m.smoothing ? ` --label-smoothing ${m.epsilon}` : '';
  return `npx xent loss --logits ${m.logits.join(',')} --label ${m.label}${smoothing} --explain`;
}

/** The calls compute() makes, with the current arguments and results. */
function lossCode(m: LossModel): string {
  let target = `oneHot([${m.label}], ${C})`;
  if (m.mix) target = `mixup(${target}, oneHot([${m.mixLabel}], ${C}), ${m.lambda})`;
  if (m.smoothing) target = `smoothLabels(${target}, ${m.epsilon})`;
  const lines = [
    `const target = ${target}; // ${literal(m.target)}`,
    `crossEntropyLoss([${literal(m.logits)}], target) // ${literal(m.loss)}`,
  ];
  if (!m.mix) {
    const option = m.smoothing ? `, { labelSmoothing: ${m.epsilon} }` : '';
    lines.push(`crossEntropyLoss(${literal(m.logits)}, ${m.label}${option}) // ${literal(m.indexLoss)}`);
  }
  return lines.join('\n');
}

const classOptions = classes.map((label, value) => ({ value, label }));

function inputControls(controls: HTMLElement, section: LossSection): Figure<LossModel>[] {
  return [
    vectorSliders(controls, {
      labels: names.map((name, i) => `logit a${i} (${name})`),
      name: 'logit',
      min: -6,
      max: 6,
      step: 0.05,
      values: (m) => m.logits,
      onInput: (logits) => section.update({ logits }),
    }),
    choice(controls, {
      legend: 'True class (label y)',
      name: 'label',
      options: classOptions,
      value: (m) => m.label,
      onChange: (label) => section.update({ label }),
    }),
  ];
}

/** Label smoothing and mixup: each slider also switches its technique on. */
function softTargetControls(controls: HTMLElement, section: LossSection): Figure<LossModel>[] {
  return [
    toggle(controls, {
      label: 'label smoothing',
      name: 'smoothing',
      checked: (m) => m.smoothing,
      onChange: (smoothing) => section.update({ smoothing }),
    }),
    slider(controls, {
      label: 'smoothing ε',
      name: 'epsilon',
      min: 0,
      max: 0.5,
      step: 0.01,
      value: (m) => m.epsilon,
      onInput: (epsilon) => section.update({ epsilon, smoothing: true }),
    }),
    toggle(controls, {
      label: 'mixup with another example',
      name: 'mix',
      checked: (m) => m.mix,
      onChange: (mix) => section.update({ mix }),
    }),
    choice(controls, {
      legend: 'Mixed-in example’s class',
      name: 'mixLabel',
      options: classOptions,
      value: (m) => m.mixLabel,
      onChange: (mixLabel) => section.update({ mixLabel, mix: true }),
    }),
    slider(controls, {
      label: 'mixup weight λ',
      name: 'lambda',
      min: 0,
      max: 1,
      step: 0.01,
      value: (m) => m.lambda,
      onInput: (lambda) => section.update({ lambda, mix: true }),
    }),
  ];
}

function lossReadouts(controls: HTMLElement): Figure<LossModel>[] {
  return [
    readout(controls, {
      label: 'loss =',
      name: 'readout-loss',
      value: (m) => m.loss,
      unit: () => 'nats',
      emphasis: true,
    }),
    readout(controls, {
      label: 'class index + labelSmoothing option =',
      name: 'readout-index-loss',
      value: (m) => m.indexLoss,
      unit: (m) => (m.mix ? '' : 'nats'),
      missing: '— (a mixed target has no single class)',
    }),
  ];
}

function lossFigures(figures: HTMLElement): Figure<LossModel>[] {
  return [
    barFigure(figures, {
      describe: (m) =>
        `Softmax ${m.probs.map((v) => formatNumber(v)).join(', ')} against target ${m.target.map((v) => formatNumber(v)).join(', ')}`,
      categories: () => classes,
      sets: (m) => [
        { label: 'softmax(a) = q', values: m.probs, color: colors.guess },
        { label: 'target y', values: m.target, color: colors.truth },
      ],
      yTitle: () => 'probability',
      y: { min: 0, max: () => 1 },
      valueLabels: true,
      height: 210,
    }),
    barFigure(figures, {
      describe: (m) => `Surprisal per class, ${m.surprisals.map((v) => formatNumber(v)).join(', ')} nats`,
      categories: () => classes,
      sets: (m) => [
        {
          label: 'surprisal −ln qᵢ (nats)',
          values: m.surprisals,
          color: classes.map((_, i) => (m.target[i] > 0 ? colors.divergence : colors.neutral)),
        },
      ],
      yTitle: () => 'nats',
      y: { min: 0, max: (m) => Math.ceil(Math.max(3, ...m.surprisals.filter(Number.isFinite)) * 1.15) },
      valueLabels: true,
      height: 180,
      caption: 'Red: the classes the target gives weight to; the loss is their target-weighted surprisal.',
    }),
  ];
}

export function mountLoss(root: HTMLElement) {
  const { controls, figures, derivation } = partsOf(root);
  const section = explorable<State, LossModel>(
    // Logits whose softmax is the article's prediction, about [0.1, 0.2, 0.7].
    {
      logits: [0, 0.7, 1.95],
      label: 2,
      smoothing: false,
      epsilon: 0.1,
      mix: false,
      mixLabel: 1,
      lambda: 0.7,
    },
    compute,
  );
  section.add(...inputControls(controls, section), ...softTargetControls(controls, section));
  section.add(...lossReadouts(controls), ...lossFigures(figures));
  section.add(
    prose(root, {
      pTrue: (m) => m.pTrue,
      surprisalTrue: (m) => m.surprisalTrue,
      loss: (m) => m.loss,
      targetNote,
    }),
  );
  section.add(codeFigure(figures, lossCode));
  if (derivation) section.add(derivationFigure(derivation, (m) => m.derivation, lossCommand));
  section.render();
  return section;
}
