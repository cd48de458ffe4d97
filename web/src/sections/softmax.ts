import { softmax } from '../../../src/index.js';
import { classBars } from '../figures/classBars.js';
import { logitBars } from '../figures/logitBars.js';
import { codeFigure, literal } from '../ui/code.js';
import { prose, slider } from '../ui/controls.js';
import { explorable } from '../ui/explorable.js';
import { formatNumber } from '../ui/format.js';
import { partsOf } from '../ui/layout.js';
import { predict } from '../ui/predict.js';
import { scrubNumber } from '../ui/scrub.js';
import { classes, logitLabels, logitNames, logitRange, slotIn } from './lossClasses.js';
import '../styles/loss.css';

interface State {
  /** The logits before the shift c that the reader adds to all of them. */
  logits: number[];
  temperature: number;
  shift: number;
}

function compute(s: State) {
  const shifted = s.logits.map((z) => z + s.shift);
  const probs = Array.from(softmax(shifted, { temperature: s.temperature }).data);
  // Plain softmax (T = 1) stays on the figure, pale, so a temperature visibly sharpens or flattens.
  const plain = Array.from(softmax(shifted).data);
  const top = Math.max(...probs);
  return { ...s, shifted, probs, plain, top };
}

type SoftmaxModel = ReturnType<typeof compute>;

function sharpness(m: SoftmaxModel): string {
  if (m.temperature < 1) return 'sharper than plain softmax';
  if (m.temperature > 1) return 'flatter than plain softmax';
  return 'plain softmax';
}

function softmaxCode(m: SoftmaxModel): string {
  const option = m.temperature === 1 ? '' : `, { temperature: ${m.temperature} }`;
  return `softmax(${literal(m.shifted)}${option}) // ${literal(m.probs)}`;
}

export function mountSoftmax(root: HTMLElement) {
  const { controls, figures } = partsOf(root);
  const section = explorable<State, SoftmaxModel>(
    { logits: [0.5, 1.5, 2.5], temperature: 1, shift: 0 },
    compute,
  );
  const temperature = { label: 'temperature T', min: 0.2, max: 5, step: 0.1 };
  section.add(
    logitBars(figures, {
      labels: logitLabels,
      ariaLabels: logitNames,
      name: 'logit',
      ...logitRange,
      values: (m) => m.shifted,
      // The reader drags what is drawn, the shifted logit; the state keeps it without the shift.
      onInput: (shown) => section.update({ logits: shown.map((z) => z - section.state.shift) }),
    }),
    classBars(figures, {
      classes,
      sets: (m) => [
        ...(m.temperature === 1
          ? []
          : [{ term: 'guess' as const, series: 'plain', label: 'T = 1', values: m.plain, faint: true }]),
        { term: 'guess', label: 'q = softmax(z / T)', values: m.probs },
      ],
      yMax: () => 1,
      describe: (m) => `Softmax probabilities ${m.probs.map((v) => formatNumber(v)).join(', ')}`,
      height: 150,
    }),
    slider(controls, {
      ...temperature,
      name: 'temperature',
      value: (m) => m.temperature,
      onInput: (t) => section.update({ temperature: t }),
    }),
    slider(controls, {
      label: 'add c to every logit',
      name: 'shift',
      min: -2,
      max: 2,
      step: 0.1,
      value: (m) => m.shift,
      onInput: (shift) => section.update({ shift }),
    }),
    scrubNumber(root, {
      ...temperature,
      name: 'temperature',
      value: (m) => m.temperature,
      onInput: (t) => section.update({ temperature: t }),
    }),
    prose(root, { sharpness, top: (m) => m.top }),
    codeFigure(slotIn(root, '.code-slot'), softmaxCode),
  );
  predict(slotIn(root, '.predict-slot'), {
    name: 'softmax-shift',
    question: 'add 2 to every logit. What happens to the probabilities?',
    choices: [
      { label: 'They all grow' },
      { label: 'The largest one grows, the others shrink' },
      { label: 'Nothing changes', correct: true },
    ],
    explanation:
      'Every eᶻ is multiplied by the same e², and dividing by the total cancels it. The logit bars have all risen by 2; the probability bars have not moved.',
    onReveal: () => section.update({ shift: 2 }),
  });
  section.render();
  return section;
}
