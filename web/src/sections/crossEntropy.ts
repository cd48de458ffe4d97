import { crossEntropy, entropy, explainCrossEntropy, klDivergence, surprisal } from '../../../src/index.js';
import { codeFigure, literal } from '../ui/code.js';
import { buttons, prose, readout, unitChoice } from '../ui/controls.js';
import { derivationFigure } from '../ui/derivation.js';
import { explorable } from '../ui/explorable.js';
import { unitOf } from '../ui/format.js';
import { partsOf } from '../ui/layout.js';
import { predict } from '../ui/predict.js';
import { addCodeLengthDiagram } from './codeLengthDiagram.js';

interface State {
  names: string[];
  p: number[];
  q: number[];
  base: number;
}

const animals = ['panda', 'bird', 'dog'];
const coin = ['heads', 'tails'];

function compute({ names, p, q, base }: State) {
  const derivation = explainCrossEntropy(p, q, { base });
  return {
    names,
    p,
    q,
    base,
    unit: unitOf(base),
    lengths: Array.from(surprisal(q, { base }).data),
    bestLengths: Array.from(surprisal(p, { base }).data),
    // The library's derivation lists each outcome's pᵢ·(−log qᵢ): the blocks' areas.
    terms: derivation.steps[0].value as number[],
    entropy: entropy(p, { base }),
    kl: klDivergence(p, q, { base }),
    crossEntropy: crossEntropy(p, q, { base }),
    derivation,
    // Code words up to 8 bits (q = 1/256) are drawn to scale, in whichever unit.
    lengthMax: surprisal(1 / 256, { base }),
  };
}

export type CrossEntropyModel = ReturnType<typeof compute>;

function verdict(m: CrossEntropyModel): string {
  if (m.crossEntropy === Number.POSITIVE_INFINITY)
    return 'The guess gives probability 0 to an outcome that happens, so the cross-entropy is infinite.';
  if (m.kl === 0) return 'The guess matches the truth: the cross-entropy equals the entropy.';
  return 'The guess is off, so the cross-entropy exceeds the entropy by exactly the KL divergence.';
}

export function mountCrossEntropy(root: HTMLElement) {
  const { controls, figures, derivation } = partsOf(root);
  const section = explorable<State, CrossEntropyModel>(
    { names: animals, p: [0.2, 0.3, 0.5], q: [0.1, 0.2, 0.7], base: 2 },
    compute,
  );
  addCodeLengthDiagram(section, figures, {
    compare: true,
    numbers: partsOf(root, '.controls', '.code-length-numbers').figures,
  });
  section.add(unitChoice(controls, (base) => section.update({ base })));
  buttons(controls, 'Examples', [
    {
      label: 'loaded coin, wrong way',
      onClick: () => section.update({ names: coin, p: [0.99, 0.01], q: [0.01, 0.99] }),
    },
    {
      label: 'loaded coin, right',
      onClick: () => section.update({ names: coin, p: [0.99, 0.01], q: [0.99, 0.01] }),
    },
    {
      label: 'animals',
      onClick: () => section.update({ names: animals, p: [0.2, 0.3, 0.5], q: [0.1, 0.2, 0.7] }),
    },
    { label: 'q = p', onClick: () => section.update({ q: [...section.state.p] }) },
  ]);
  section.add(
    readout(controls, {
      label: 'H(p, q) =',
      name: 'readout-ce',
      term: 'crossEntropy',
      value: (m) => m.crossEntropy,
      unit: (m) => m.unit,
      emphasis: true,
    }),
  );
  const slot = root.querySelector<HTMLElement>('.predict-slot');
  if (slot)
    predict(slot, {
      name: 'cross-entropy-below',
      question: 'can a guess q ever make H(p, q) smaller than H(p)?',
      choices: [
        { label: 'Yes, a guess more confident than the truth' },
        { label: 'Yes, if it is wrong only about rare outcomes' },
        { label: 'Never: the best you can do is q = p', correct: true },
      ],
      explanation:
        'Never. The red overhang (KL) always outweighs the dashed savings, so H(p, q) = H(p) + D_KL(p‖q) ≥ H(p). The figure now shows the loaded coin guessed the wrong way round.',
      onReveal: () => section.update({ names: coin, p: [0.99, 0.01], q: [0.01, 0.99] }),
    });
  section.add(
    prose(root, {
      entropy: (m) => m.entropy,
      kl: (m) => m.kl,
      crossEntropy: (m) => m.crossEntropy,
      unit: (m) => m.unit,
      verdict,
    }),
  );
  const outro = root.querySelector<HTMLElement>('.outro') ?? figures;
  section.add(
    codeFigure(outro, (m) => {
      const base = m.base === 2 ? ', { base: 2 }' : '';
      return [
        `const p = ${literal(m.p)}, q = ${literal(m.q)};`,
        `crossEntropy(p, q${base}) // ${literal(m.crossEntropy)}`,
        `entropy(p${base}) // ${literal(m.entropy)}`,
        `klDivergence(p, q${base}) // ${literal(m.kl)}`,
      ].join('\n');
    }),
  );
  if (derivation)
    section.add(
      derivationFigure(
        derivation,
        (m) => m.derivation,
        (m) =>
          `npx xent cross-entropy --target ${m.p.join(',')} --pred ${m.q.join(',')}${m.base === 2 ? ' --base 2' : ''} --explain`,
      ),
    );
  section.render();
  return section;
}
