import { explainEntropy, explainSurprisal, surprisal } from '../../../src/index.js';
import { halvingsFigure } from '../figures/halvings.js';
import { surprisalCurveFigure } from '../figures/surprisalCurve.js';
import { codeFigure, literal } from '../ui/code.js';
import { buttons, prose, readout, slider, unitChoice } from '../ui/controls.js';
import { derivationFigure } from '../ui/derivation.js';
import { explorable } from '../ui/explorable.js';
import { unitOf } from '../ui/format.js';
import { linspace, partsOf, zipPoints } from '../ui/layout.js';
import { predict } from '../ui/predict.js';
import { scrubNumber } from '../ui/scrub.js';

interface State {
  p: number;
  base: number;
}

// Dense near 0, where the curve turns steep, so the line stays smooth all the way up.
const curveP = [...linspace(0.0005, 0.02, 60), ...linspace(0.021, 1, 160)];
/** The probabilities the page works in: a step of 0.001, as fine as the slider's. */
const probabilityStep = 0.001;
const toStep = (p: number): number => Math.round(p / probabilityStep) * probabilityStep;

function compute({ p, base }: State) {
  return {
    p,
    base,
    unit: unitOf(base),
    surprisal: surprisal(p, { base }),
    // In bits a surprisal is a count of fair coin flips, whatever unit the reader picked.
    bits: surprisal(p, { base: 2 }),
    nats: surprisal(p),
    curve: zipPoints(curveP, surprisal(curveP, { base }).data),
    // The scale ends at 10 bits (p = 1/1024), in whichever unit.
    yMax: surprisal(1 / 1024, { base }),
    derivation: explainSurprisal(p, { base }),
    // p·(−log p), the rectangle under the point: the library's entropy derivation lists it as
    // this outcome's contribution (0 at p = 0, as 0·log 0 = 0).
    term: (explainEntropy([p, 1 - p], { base }).steps[0].value as number[])[0],
  };
}

export type SurprisalModel = ReturnType<typeof compute>;

export function mountSurprisal(root: HTMLElement) {
  const { controls, figures, derivation } = partsOf(root, '.curve-scene .controls', '.curve-scene .figures');
  const section = explorable<State, SurprisalModel>({ p: 0.3, base: 2 }, compute);
  const setP = (p: number) => section.update({ p: Number(toStep(p).toFixed(3)) });
  const bitStage = root.querySelector<HTMLElement>('.bit-scene .figures');
  if (bitStage) section.add(halvingsFigure(bitStage));
  section.add(
    scrubNumber(root, {
      name: 'p',
      label: 'probability p',
      min: 0,
      max: 1,
      step: probabilityStep,
      pixelsPerStep: 0.4,
      value: (m) => m.p,
      onInput: setP,
    }),
  );
  const slot = root.querySelector<HTMLElement>('.predict-slot');
  if (slot)
    predict(slot, {
      name: 'surprisal-eighth',
      question: 'an outcome has probability 1/8. How many bits of surprise is it?',
      choices: [{ label: '⅛ of a bit' }, { label: '3 bits', correct: true }, { label: '8 bits' }],
      explanation: 'Three halvings of the square leave an eighth: 3 bits, the figure now shows p = 0.125.',
      onReveal: () => setP(0.125),
    });
  section.add(surprisalCurveFigure(figures, { onProbability: setP }));
  section.add(
    slider(controls, {
      label: 'Probability p',
      name: 'p',
      min: 0,
      max: 1,
      step: probabilityStep,
      value: (m) => m.p,
      onInput: (p) => section.update({ p }),
    }),
  );
  section.add(unitChoice(controls, (base) => section.update({ base })));
  buttons(controls, 'Examples', [
    { label: 'panda 0.001', onClick: () => section.update({ p: 0.001 }) },
    { label: 'bird 0.3', onClick: () => section.update({ p: 0.3 }) },
    { label: 'coin 0.5', onClick: () => section.update({ p: 0.5 }) },
    { label: 'sure 1', onClick: () => section.update({ p: 1 }) },
    { label: 'impossible 0', onClick: () => section.update({ p: 0 }) },
  ]);
  section.add(
    readout(controls, {
      label: 'surprisal −log p =',
      name: 'readout-surprisal',
      term: 'surprisal',
      value: (m) => m.surprisal,
      unit: (m) => m.unit,
      emphasis: true,
    }),
    readout(controls, { label: 'in nats', name: 'readout-nats', value: (m) => m.nats, unit: () => 'nats' }),
  );
  section.add(
    prose(root, {
      p: (m) => m.p,
      surprisal: (m) => m.surprisal,
      unit: (m) => m.unit,
      coins: (m) => m.bits,
      term: (m) => m.term,
    }),
  );
  const outro = root.querySelector<HTMLElement>('.outro') ?? figures;
  section.add(
    codeFigure(
      outro,
      (m) => `surprisal(${literal(m.p)}${m.base === 2 ? ', { base: 2 }' : ''}) // ${literal(m.surprisal)}`,
    ),
  );
  if (derivation)
    section.add(
      derivationFigure(
        derivation,
        (m) => m.derivation,
        (m) => `npx xent surprisal ${m.p}${m.base === 2 ? ' --base 2' : ''} --explain`,
      ),
    );
  section.render();
  return section;
}
