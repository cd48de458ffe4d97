import { entropy, explainEntropy, surprisal } from '../../../src/index.js';
import { barFigure } from '../charts/bars.js';
import { colors } from '../charts/setup.js';
import { codeFigure, literal } from '../ui/code.js';
import { buttons, choice, prose, readout, slider, unitChoice } from '../ui/controls.js';
import { derivationFigure } from '../ui/derivation.js';
import { type Explorable, explorable } from '../ui/explorable.js';
import { formatNumber, unitOf } from '../ui/format.js';
import { partsOf } from '../ui/layout.js';
import { setProbability, uniform } from './distribution.js';

const names = ['panda', 'bird', 'dog', 'cat', 'fox', 'owl'];
const maxOutcomes = names.length;

interface State {
  p: number[];
  base: number;
}

function compute({ p, base }: State) {
  const n = p.length;
  const surprisals = Array.from(surprisal(p, { base }).data);
  // The library's derivation lists each outcome's contribution pᵢ·(−log pᵢ); the bars draw those.
  const derivation = explainEntropy(p, { base });
  return {
    p,
    n,
    base,
    unit: unitOf(base),
    names: names.slice(0, n),
    surprisals,
    terms: derivation.steps[0].value as number[],
    derivation,
    entropy: entropy(p, { base }),
    // The uniform distribution's entropy is the ceiling: log n, computed, not assumed.
    maxEntropy: entropy(uniform(n), { base }),
  };
}

export type EntropyModel = ReturnType<typeof compute>;

type EntropySection = Explorable<State, EntropyModel>;

/** One slider per outcome; those beyond the chosen count hide. */
function addOutcomeSliders(section: EntropySection, controls: HTMLElement): void {
  for (let i = 0; i < maxOutcomes; i++) {
    const row = document.createElement('div');
    controls.append(row);
    const draw = slider(row, {
      label: `p(${names[i]})`,
      name: `p${i}`,
      min: 0,
      max: 1,
      step: 0.01,
      value: (m: EntropyModel) => m.p[i] ?? 0,
      onInput: (v) => section.update({ p: setProbability(section.state.p, i, v) }),
    });
    section.add((m) => {
      row.hidden = i >= m.n;
      if (i < m.n) draw(m);
    });
  }
}

/** The distribution (draggable), then each outcome's surprisal and weighted term. */
function addFigures(section: EntropySection, figures: HTMLElement): void {
  section.add(
    barFigure(figures, {
      describe: (m) => `Distribution ${m.p.map((v) => formatNumber(v)).join(', ')}`,
      categories: (m) => m.names,
      sets: (m) => [{ label: 'probability pᵢ', values: m.p, color: colors.truth }],
      yTitle: () => 'probability',
      y: { min: 0, max: () => 1 },
      valueLabels: true,
      height: 190,
      onDrag: (_set, i, v) => section.update({ p: setProbability(section.state.p, i, v) }),
    }),
  );
  section.add(
    barFigure(figures, {
      describe: (m) =>
        `Surprisal and weighted surprisal per outcome; they add up to an entropy of ${formatNumber(m.entropy)} ${m.unit}`,
      categories: (m) => m.names,
      sets: (m) => [
        { label: 'surprisal −log pᵢ', values: m.surprisals, color: colors.guess },
        { label: 'weighted pᵢ·(−log pᵢ)', values: m.terms, color: colors.entropy },
      ],
      yTitle: (m) => m.unit,
      y: {
        min: 0,
        max: (m) => Math.ceil(Math.max(m.maxEntropy, ...m.surprisals.filter(Number.isFinite)) * 1.1 * 2) / 2,
      },
      valueLabels: true,
      height: 230,
    }),
  );
}

export function mountEntropy(root: HTMLElement) {
  const { controls, figures, derivation } = partsOf(root);
  const section = explorable<State, EntropyModel>({ p: [0.2, 0.3, 0.5], base: 2 }, compute);
  section.add(
    choice(controls, {
      legend: 'Number of outcomes',
      name: 'n',
      options: [2, 3, 4, 5, 6].map((n) => ({ value: n, label: String(n) })),
      value: (m) => m.n,
      onChange: (n) => section.update({ p: uniform(n) }),
    }),
  );
  addOutcomeSliders(section, controls);
  section.add(unitChoice(controls, (base) => section.update({ base })));
  buttons(controls, 'Try', [
    { label: 'article [0.2, 0.3, 0.5]', onClick: () => section.update({ p: [0.2, 0.3, 0.5] }) },
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
      value: (m) => m.entropy,
      unit: (m) => m.unit,
      emphasis: true,
    }),
  );
  addFigures(section, figures);
  section.add(
    prose(root, {
      entropy: (m) => m.entropy,
      unit: (m) => m.unit,
      maxEntropy: (m) => m.maxEntropy,
      n: (m) => String(m.n),
    }),
  );
  section.add(
    codeFigure(
      figures,
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
