import { explainSurprisal, surprisal } from '../../../src/index.js';
import { lineFigure } from '../charts/line.js';
import { colors } from '../charts/setup.js';
import { codeFigure, literal } from '../ui/code.js';
import { buttons, prose, readout, slider, unitChoice } from '../ui/controls.js';
import { derivationFigure } from '../ui/derivation.js';
import { explorable } from '../ui/explorable.js';
import { formatNumber, unitOf } from '../ui/format.js';
import { linspace, partsOf, zipPoints } from '../ui/layout.js';

interface State {
  p: number;
  base: number;
}

// Dense near 0, where the curve turns steep, so the line stays smooth all the way up.
const curveP = [...linspace(0.0005, 0.02, 60), ...linspace(0.021, 1, 160)];

function compute({ p, base }: State) {
  return {
    p,
    base,
    unit: unitOf(base),
    surprisal: surprisal(p, { base }),
    // In bits a surprisal is a count of fair coin flips, whatever unit the reader picked.
    coins: surprisal(p, { base: 2 }),
    nats: surprisal(p),
    curve: zipPoints(curveP, surprisal(curveP, { base }).data),
    yMax: base === 2 ? 12 : 8,
    derivation: explainSurprisal(p, { base }),
  };
}

export type SurprisalModel = ReturnType<typeof compute>;

export function mountSurprisal(root: HTMLElement) {
  const parts = partsOf(root);
  const section = explorable<State, SurprisalModel>({ p: 0.001, base: 2 }, compute);
  const { controls, figures } = parts;
  section.add(
    slider(controls, {
      label: 'Probability p',
      name: 'p',
      min: 0,
      max: 1,
      step: 0.001,
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
      value: (m) => m.surprisal,
      unit: (m) => m.unit,
      emphasis: true,
    }),
  );
  section.add(
    readout(controls, { label: 'in nats', name: 'readout-nats', value: (m) => m.nats, unit: () => 'nats' }),
  );
  section.add(
    lineFigure(figures, {
      describe: (m) =>
        `Surprisal curve; p = ${formatNumber(m.p)} has surprisal ${formatNumber(m.surprisal)} ${m.unit}`,
      xTitle: 'probability p',
      yTitle: (m) => `surprisal (${m.unit})`,
      x: { min: 0, max: 1 },
      y: { min: 0, max: (m) => m.yMax },
      series: (m) => [{ label: '−log p', points: m.curve, color: colors.guess }],
      markers: (m) => [
        { x: m.p, y: m.surprisal, color: colors.truth, label: `${formatNumber(m.surprisal, 3)} ${m.unit}` },
      ],
    }),
  );
  section.add(
    prose(root, {
      p: (m) => m.p,
      surprisal: (m) => m.surprisal,
      unit: (m) => m.unit,
      coins: (m) => m.coins,
    }),
  );
  if (parts.derivation)
    section.add(
      derivationFigure(
        parts.derivation,
        (m) => m.derivation,
        (m) => `npx xent surprisal ${m.p}${m.base === 2 ? ' --base 2' : ''} --explain`,
      ),
    );
  section.add(
    codeFigure(
      figures,
      (m) => `surprisal(${literal(m.p)}${m.base === 2 ? ', { base: 2 }' : ''}) // ${literal(m.surprisal)}`,
    ),
  );
  section.render();
  return section;
}
