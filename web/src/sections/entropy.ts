import { entropy, explainEntropy, surprisal } from '../../../src/index.js';
import { codeFigure, literal } from '../ui/code.js';
import { buttons, choice, prose, readout, unitChoice } from '../ui/controls.js';
import { derivationFigure } from '../ui/derivation.js';
import { explorable } from '../ui/explorable.js';
import { unitOf } from '../ui/format.js';
import { partsOf } from '../ui/layout.js';
import { predict } from '../ui/predict.js';
import { addCodeLengthDiagram } from './codeLengthDiagram.js';
import { uniform } from './distribution.js';

const names = ['panda', 'bird', 'dog', 'cat', 'fox', 'owl'];

interface State {
  p: number[];
  base: number;
}

function compute({ p, base }: State) {
  const n = p.length;
  const lengths = Array.from(surprisal(p, { base }).data);
  // The library's derivation lists each outcome's contribution pᵢ·(−log pᵢ): the blocks' areas.
  const derivation = explainEntropy(p, { base });
  const h = entropy(p, { base });
  return {
    p,
    q: p,
    n,
    base,
    unit: unitOf(base),
    names: names.slice(0, n),
    lengths,
    bestLengths: lengths,
    terms: derivation.steps[0].value as number[],
    derivation,
    entropy: h,
    crossEntropy: h,
    // The uniform distribution's entropy is the ceiling: log n, computed, not assumed.
    maxEntropy: entropy(uniform(n), { base }),
    // Code words up to 8 bits (p = 1/256) are drawn to scale, in whichever unit.
    lengthMax: surprisal(1 / 256, { base }),
  };
}

export type EntropyModel = ReturnType<typeof compute>;

export function mountEntropy(root: HTMLElement) {
  const { controls, figures, derivation } = partsOf(root);
  const section = explorable<State, EntropyModel>({ p: [0.2, 0.3, 0.5], base: 2 }, compute);
  addCodeLengthDiagram(section, figures, {
    compare: false,
    numbers: partsOf(root, '.controls', '.code-length-numbers').figures,
  });
  section.add(
    choice(controls, {
      legend: 'Outcomes',
      name: 'n',
      options: [2, 3, 4, 5, 6].map((n) => ({ value: n, label: String(n) })),
      value: (m) => m.n,
      onChange: (n) => section.update({ p: uniform(n) }),
    }),
  );
  section.add(unitChoice(controls, (base) => section.update({ base })));
  buttons(controls, 'Try', [
    { label: 'animals [0.2, 0.3, 0.5]', onClick: () => section.update({ p: [0.2, 0.3, 0.5] }) },
    { label: 'uniform', onClick: () => section.update({ p: uniform(section.state.p.length) }) },
    {
      label: 'certain',
      onClick: () => section.update({ p: section.state.p.map((_, i) => (i === 0 ? 1 : 0)) }),
    },
  ]);
  section.add(
    readout(controls, {
      label: 'H(p) =',
      name: 'readout-entropy',
      term: 'entropy',
      value: (m) => m.entropy,
      unit: (m) => m.unit,
      emphasis: true,
    }),
  );
  const slot = root.querySelector<HTMLElement>('.predict-slot');
  if (slot)
    predict(slot, {
      name: 'entropy-largest',
      question: 'which distribution over 4 outcomes has the highest entropy?',
      choices: [
        { label: '[0.7, 0.1, 0.1, 0.1]: one clear favourite' },
        { label: '[0.4, 0.3, 0.2, 0.1]: a spread of chances' },
        { label: '[0.25, 0.25, 0.25, 0.25]: all equally likely', correct: true },
        { label: '[0.5, 0.5, 0, 0]: a coin flip between two' },
      ],
      explanation:
        'The even split: with nothing to favour, every draw is as surprising as it can be on average, log₂ 4 = 2 bits. The figure now shows it; drag a boundary and watch the total area fall.',
      onReveal: () => section.update({ p: uniform(4) }),
    });
  section.add(
    prose(root, {
      entropy: (m) => m.entropy,
      unit: (m) => m.unit,
      maxEntropy: (m) => m.maxEntropy,
      n: (m) => String(m.n),
    }),
  );
  const outro = root.querySelector<HTMLElement>('.outro') ?? figures;
  section.add(
    codeFigure(
      outro,
      (m) => `entropy(${literal(m.p)}${m.base === 2 ? ', { base: 2 }' : ''}) // ${literal(m.entropy)}`,
    ),
  );
  if (derivation)
    section.add(
      derivationFigure(
        derivation,
        (m) => m.derivation,
        (m) => `npx xent entropy ${m.p.join(' ')}${m.base === 2 ? ' --base 2' : ''} --explain`,
      ),
    );
  section.render();
  return section;
}
