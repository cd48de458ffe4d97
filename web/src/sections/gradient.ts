import { crossEntropyLoss, crossEntropyLossWithGrad, softmax } from '../../../src/index.js';
import { gradientCheckBars } from '../figures/gradientCheckBars.js';
import { codeFigure, literal } from '../ui/code.js';
import { choice, prose, slider } from '../ui/controls.js';
import { el, explorable, type Figure } from '../ui/explorable.js';
import { setNumber } from '../ui/format.js';
import { partsOf } from '../ui/layout.js';
import { predict } from '../ui/predict.js';
import '../styles/why.css';

const classes = ['0', '1', '2', '3'];

interface State {
  logits: number[];
  label: number;
  /** log10 of the finite-difference step h. */
  logStep: number;
}

/**
 * Central differences of the library's loss: a numerical method, not a second copy of the
 * formula, so it checks the analytic gradient independently.
 */
function centralDifferences(logits: readonly number[], label: number, h: number): number[] {
  return logits.map((_, i) => {
    const up = logits.map((a, j) => (j === i ? a + h : a));
    const down = logits.map((a, j) => (j === i ? a - h : a));
    return (crossEntropyLoss(up, label) - crossEntropyLoss(down, label)) / (2 * h);
  });
}

const superscripts: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};
const superscript = (n: number) => [...String(n)].map((c) => superscripts[c] ?? c).join('');

function compute(s: State) {
  const h = 10 ** s.logStep;
  const { loss, grad } = crossEntropyLossWithGrad(s.logits, s.label);
  const analytic = Array.from(grad.data);
  const numeric = centralDifferences(s.logits, s.label, h);
  const differences = analytic.map((g, i) => Math.abs(g - numeric[i]));
  return {
    ...s,
    h,
    loss,
    probs: Array.from(softmax(s.logits).data),
    analytic,
    numeric,
    differences,
    maxDiff: Math.max(...differences),
    gradSum: analytic.reduce((a, b) => a + b, 0),
  };
}

export type GradientModel = ReturnType<typeof compute>;

/** The side-by-side table: each row is one logit, the library's gradient beside the estimate. */
function gradientTable(parent: HTMLElement): Figure<GradientModel> {
  const table = el('table', 'numbers');
  table.dataset['figure'] = 'gradient-table';
  const caption = el('caption', '', 'Gradient of the loss with respect to each logit');
  const head = el('thead');
  const headRow = el('tr');
  for (const title of ['class', 'zᵢ', 'qᵢ', 'pᵢ', 'analytic qᵢ − pᵢ', 'numeric', '|difference|'])
    headRow.append(Object.assign(el('th', '', title), { scope: 'col' }));
  head.append(headRow);
  const body = el('tbody');
  const cells = classes.map((name) => {
    const row = el('tr');
    row.append(Object.assign(el('th', '', name), { scope: 'row' }));
    const values = Array.from({ length: 6 }, () => el('td'));
    row.append(...values);
    body.append(row);
    return values;
  });
  table.append(caption, head, body);
  const wrap = el('div', 'table-wrap');
  wrap.append(table);
  parent.append(wrap);
  return (m) => {
    cells.forEach((row, i) => {
      const names = ['logit', 'prob', 'target', 'analytic', 'numeric', 'diff'];
      const values = [
        m.logits[i],
        m.probs[i],
        i === m.label ? 1 : 0,
        m.analytic[i],
        m.numeric[i],
        m.differences[i],
      ];
      row.forEach((cell, j) => {
        cell.dataset['value'] = `${names[j]}${i}`;
        setNumber(cell, values[j], j >= 3 ? 7 : 4);
      });
    });
  };
}

export function mountGradient(root: HTMLElement) {
  const { controls, figures } = partsOf(root);
  const numbers = partsOf(root, '.controls', '.gradient-numbers').figures;
  const section = explorable<State, GradientModel>(
    { logits: [1.5, -0.5, 0.3, 2], label: 0, logStep: -4 },
    compute,
  );
  section.add(
    gradientCheckBars(figures, {
      labels: classes,
      range: { min: -5, max: 5, step: 0.1 },
      logits: (m) => m.logits,
      label: (m) => m.label,
      analytic: (m) => m.analytic,
      numeric: (m) => m.numeric,
      onInput: (logits) => section.update({ logits }),
    }),
    choice(controls, {
      legend: 'True class k',
      name: 'label',
      options: classes.map((label, value) => ({ value, label })),
      value: (m) => m.label,
      onChange: (label) => section.update({ label }),
    }),
    slider(controls, {
      label: 'step h',
      name: 'logStep',
      min: -12,
      max: 0,
      step: 1,
      value: (m) => m.logStep,
      format: (v) => `10${superscript(v)}`,
      onInput: (logStep) => section.update({ logStep }),
    }),
    gradientTable(numbers),
    prose(root, { maxDiff: (m) => m.maxDiff, gradSum: (m) => m.gradSum }),
  );
  const text = root.querySelector<HTMLElement>('.prose');
  if (text)
    section.add(
      codeFigure(text, (m) =>
        [
          `const { loss, grad } = crossEntropyLossWithGrad(${literal(m.logits)}, ${m.label});`,
          `// loss: ${literal(m.loss)}`,
          `// grad.data: ${literal(m.analytic)}`,
        ].join('\n'),
      ),
    );
  const slot = root.querySelector<HTMLElement>('.predict-slot');
  if (slot)
    predict(slot, {
      name: 'gradient',
      question: 'what do the four entries of the gradient add up to?',
      choices: [
        { label: '0, whatever the logits', correct: true },
        { label: '1, like the probabilities' },
        { label: 'it depends on the logits' },
      ],
      explanation:
        'Each entry is qᵢ − pᵢ; the q’s sum to 1 and so do the p’s, so the entries sum to 0. Softmax ignores a shift of all logits, and a zero sum is the gradient saying so.',
    });
  section.render();
  return section;
}
