import { crossEntropy, entropy, explainCrossEntropy, klDivergence } from '../../../src/index.js';
import { barFigure } from '../charts/bars.js';
import { colors } from '../charts/setup.js';
import { codeFigure, literal } from '../ui/code.js';
import { buttons, prose, readout, slider, unitChoice } from '../ui/controls.js';
import { derivationFigure } from '../ui/derivation.js';
import { type Explorable, explorable } from '../ui/explorable.js';
import { formatNumber, unitOf } from '../ui/format.js';
import { partsOf } from '../ui/layout.js';
import { setProbability } from './distribution.js';

interface State {
  names: string[];
  p: number[];
  q: number[];
  base: number;
}

const animals = ['panda', 'bird', 'dog'];
const coin = ['heads', 'tails'];

function compute({ names, p, q, base }: State) {
  const h = entropy(p, { base });
  const kl = klDivergence(p, q, { base });
  const ce = crossEntropy(p, q, { base });
  const finite = [h, ce].filter(Number.isFinite);
  return {
    names,
    p,
    q,
    base,
    unit: unitOf(base),
    entropy: h,
    kl,
    crossEntropy: ce,
    derivation: explainCrossEntropy(p, q, { base }),
    // The stacked bar needs room for H + KL; an infinite KL is drawn to the end and marked ∞.
    axisMax: Math.ceil(Math.max(1, ...finite) * 1.15 * 2) / 2,
  };
}

export type CrossEntropyModel = ReturnType<typeof compute>;

function verdict(m: CrossEntropyModel): string {
  if (m.crossEntropy === Number.POSITIVE_INFINITY)
    return 'The guess gives probability 0 to an outcome that happens, so the cross-entropy is infinite.';
  if (m.kl === 0) return 'The guess matches the truth: the cross-entropy equals the entropy.';
  return 'The guess is off, so the cross-entropy exceeds the entropy by exactly the KL divergence.';
}

type CrossEntropySection = Explorable<State, CrossEntropyModel>;

/** Sliders for p and q; the third outcome's pair hides for the two-sided coin. */
function addDistributionSliders(section: CrossEntropySection, controls: HTMLElement): void {
  for (const [key, who] of [
    ['p', 'true p'],
    ['q', 'guess q'],
  ] as const) {
    for (let i = 0; i < animals.length; i++) {
      const row = document.createElement('div');
      controls.append(row);
      const draw = slider(row, {
        label: `${who}(${animals[i]})`,
        name: `${key}${i}`,
        min: 0,
        max: 1,
        step: 0.01,
        value: (m: CrossEntropyModel) => m[key][i] ?? 0,
        onInput: (v) => section.update({ [key]: setProbability(section.state[key], i, v) }),
      });
      section.add((m) => {
        row.hidden = i >= m.names.length;
        const label = row.querySelector('label');
        if (label) label.textContent = `${who}(${m.names[i] ?? ''})`;
        if (i < m.names.length) draw(m);
      });
    }
  }
}

/** The stacked H(p) + KL bar and the two distributions side by side (draggable). */
function addFigures(section: CrossEntropySection, figures: HTMLElement): void {
  section.add(
    barFigure(figures, {
      describe: (m) =>
        `Stacked bars: entropy ${formatNumber(m.entropy)} plus KL ${formatNumber(m.kl)} equals cross-entropy ${formatNumber(m.crossEntropy)} ${m.unit}`,
      categories: () => ['H(p)', 'H(p, q)'],
      sets: (m) => [
        { label: 'entropy H(p)', values: [m.entropy, m.entropy], color: colors.entropy, stack: 'x' },
        { label: 'KL(p‖q)', values: [0, m.kl], color: colors.divergence, stack: 'x' },
      ],
      yTitle: (m) => m.unit,
      y: { min: 0, max: (m) => m.axisMax },
      horizontal: true,
      stacked: true,
      valueLabels: true,
      height: 150,
    }),
  );
  section.add(
    barFigure(figures, {
      describe: (m) =>
        `True p ${m.p.map((v) => formatNumber(v)).join(', ')}; guess q ${m.q.map((v) => formatNumber(v)).join(', ')}`,
      categories: (m) => m.names,
      sets: (m) => [
        { label: 'true p', values: m.p, color: colors.truth },
        { label: 'guess q', values: m.q, color: colors.guess },
      ],
      yTitle: () => 'probability',
      y: { min: 0, max: () => 1 },
      valueLabels: true,
      height: 190,
      onDrag: (set, i, v) => {
        const key = set === 0 ? 'p' : 'q';
        section.update({ [key]: setProbability(section.state[key], i, v) });
      },
    }),
  );
}

export function mountCrossEntropy(root: HTMLElement) {
  const { controls, figures, derivation } = partsOf(root);
  const section = explorable<State, CrossEntropyModel>(
    { names: animals, p: [0.2, 0.3, 0.5], q: [0.1, 0.2, 0.7], base: 2 },
    compute,
  );
  addDistributionSliders(section, controls);
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
      value: (m) => m.crossEntropy,
      unit: (m) => m.unit,
      emphasis: true,
    }),
  );
  addFigures(section, figures);
  section.add(
    prose(root, {
      entropy: (m) => m.entropy,
      kl: (m) => m.kl,
      crossEntropy: (m) => m.crossEntropy,
      unit: (m) => m.unit,
      verdict,
    }),
  );
  section.add(
    codeFigure(figures, (m) => {
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
