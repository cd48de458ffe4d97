import { crossEntropyLoss, mixup, oneHot, softmax, surprisal } from '../../../src/index.js';
import { classBars } from '../figures/classBars.js';
import { termAreas } from '../figures/termAreas.js';
import { codeFigure, literal } from '../ui/code.js';
import { choice, prose, readout, slider } from '../ui/controls.js';
import { type Explorable, el, explorable, type Figure } from '../ui/explorable.js';
import { formatNumber } from '../ui/format.js';
import { partsOf } from '../ui/layout.js';
import { predict } from '../ui/predict.js';
import { scrubNumber } from '../ui/scrub.js';
import { classCount, classes, classOptions, slotIn } from './lossClasses.js';
import '../styles/loss.css';

/** Example A is a dog photo (class 2); the model's guess for the blended image stays fixed. */
const labelA = 2;
const logits = [1, -0.5, 2];

interface State {
  lambda: number;
  /** Example B's class. */
  labelB: number;
}

function compute(s: State) {
  const target = Array.from(
    mixup(
      oneHot([labelA], { numClasses: classCount }),
      oneHot([s.labelB], { numClasses: classCount }),
      s.lambda,
    ).data,
  );
  const probs = Array.from(softmax(logits).data);
  const surprisals = Array.from(surprisal(probs).data);
  return {
    ...s,
    target,
    probs,
    surprisals,
    // Each block's area, width times height: the figure draws exactly this product.
    terms: target.map((p, i) => (p === 0 ? 0 : p * surprisals[i])),
    loss: crossEntropyLoss([logits], [target]),
    lossA: crossEntropyLoss(logits, labelA),
    lossB: crossEntropyLoss(logits, s.labelB),
  };
}

type MixupModel = ReturnType<typeof compute>;
type MixupSection = Explorable<State, MixupModel>;

function mixupCode(m: MixupModel): string {
  return [
    `const target = mixup(oneHot([${labelA}], { numClasses: ${classCount} }), oneHot([${m.labelB}], { numClasses: ${classCount} }), ${m.lambda}); // ${literal(m.target)}`,
    `crossEntropyLoss([${literal(logits)}], target) // ${literal(m.loss)}`,
  ].join('\n');
}

function mixupFigures(figures: HTMLElement): Figure<MixupModel>[] {
  const bars = classBars<MixupModel>(figures, {
    classes,
    sets: (m) => [
      { term: 'truth', label: 'blended truth p', values: m.target },
      { term: 'guess', label: 'guess q', values: m.probs },
    ],
    yMax: () => 1,
    describe: (m) =>
      `Blended target ${m.target.map((v) => formatNumber(v)).join(', ')} against guess ${m.probs.map((v) => formatNumber(v)).join(', ')}`,
    height: 140,
  });
  // The blocks show which classes the loss counts, the prediction's answer: they wait for it.
  const blocks = el('div', 'reveal');
  figures.append(blocks);
  return [
    bars,
    termAreas(blocks, {
      classes,
      target: (m) => m.target,
      surprisals: (m) => m.surprisals,
      terms: (m) => m.terms,
      yMax: 3,
      describe: (m) =>
        `Each class a block, width its target weight, height its surprisal; areas ${m.terms.map((v) => formatNumber(v)).join(', ')}, total ${formatNumber(m.loss)} nats`,
    }),
  ];
}

/** λ, as the slider and the number in the prose both set it: one range, one state. */
function lambdaControl(section: MixupSection) {
  return {
    name: 'lambda',
    min: 0,
    max: 1,
    step: 0.01,
    value: (m: MixupModel) => m.lambda,
    onInput: (lambda: number) => section.update({ lambda }),
  };
}

function mixupControls(controls: HTMLElement, section: MixupSection): Figure<MixupModel>[] {
  return [
    slider(controls, { ...lambdaControl(section), label: 'weight λ of the dog photo' }),
    choice(controls, {
      legend: 'Class of the other photo',
      name: 'labelB',
      options: classOptions,
      value: (m) => m.labelB,
      onChange: (labelB) => section.update({ labelB }),
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
  ];
}

export function mountMixup(root: HTMLElement) {
  const { controls, figures } = partsOf(root);
  const section = explorable<State, MixupModel>({ lambda: 0.7, labelB: 0 }, compute);
  section.add(...mixupFigures(figures), ...mixupControls(controls, section));
  section.add(
    scrubNumber(root, { ...lambdaControl(section), label: 'mixup weight λ' }),
    prose(root, {
      targetText: (m) => `(${m.target.map((v) => formatNumber(v)).join(', ')})`,
      lossA: (m) => m.lossA,
      lossB: (m) => m.lossB,
      loss: (m) => m.loss,
    }),
    codeFigure(slotIn(root, '.code-slot'), mixupCode),
  );
  predict(slotIn(root, '.predict-slot'), {
    name: 'mixup-classes',
    question: 'with 70% dog and 30% panda, which classes’ probabilities does the loss depend on?',
    choices: [
      { label: 'only the dog’s, the larger share' },
      { label: 'the dog’s and the panda’s', correct: true },
      { label: 'all three, the bird’s included' },
    ],
    explanation: 'The target is 0.3 on the panda and 0.7 on the dog, 0 on the bird: two terms survive.',
    onReveal: () => section.update({ lambda: 0.7, labelB: 0 }),
  });
  section.render();
  return section;
}
