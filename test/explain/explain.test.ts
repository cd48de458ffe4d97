import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { latexLog, latexNumber, latexOperand, unitOf } from '../../src/explain/derivation.js';
import {
  explainCrossEntropy,
  explainEntropy,
  explainKlDivergence,
  explainLoss,
  explainSoftmax,
  explainSurprisal,
  latexToText,
  renderLatex,
  renderMarkdown,
  renderText,
  XentError,
} from '../../src/index.js';

// Expected values from PyTorch / SciPy (scripts/generate_cli_fixtures.py).
const calculators: { cases: { args: string[]; value: number | number[] }[] } = JSON.parse(
  readFileSync(new URL('../fixtures/cli/calculators.json', import.meta.url), 'utf8'),
);
const reference = (...args: string[]) => {
  const found = calculators.cases.find((c) => c.args.join(' ') === args.join(' '));
  if (!found) throw new Error(`no reference for ${args.join(' ')}`);
  return found.value;
};

describe('information derivations', () => {
  it('explainSurprisal(0.25, { base: 2 }) is 2 bits in one step', () => {
    const d = explainSurprisal(0.25, { base: 2 });
    expect(d.result).toBe(2);
    expect(d.unit).toBe('bits');
    expect(d.steps).toEqual([
      {
        label: 'Surprisal is the negative log of the probability',
        formula: 'I(p) = -\\log_2 p',
        substituted: 'I(0.25) = -\\log_2 0.25',
        value: 2,
      },
    ]);
  });

  it('explainSurprisal(0) is Infinity', () => {
    expect(explainSurprisal(0).result).toBe(Infinity);
    expect(explainSurprisal(0.5).steps[0].formula).toBe('I(p) = -\\ln p');
  });

  it('explainEntropy([0.5, 0.25, 0.25], { base: 2 }) sums three terms of 0.5 bit', () => {
    const d = explainEntropy([0.5, 0.25, 0.25], { base: 2 });
    expect(d.result).toBe(1.5);
    expect(d.steps[0].value).toEqual([0.5, 0.5, 0.5]);
    expect(d.steps[1].substituted).toBe('H(p) = 0.5 + 0.5 + 0.5');
  });

  it('explainEntropy gives a zero probability a zero term (0 · log 0 = 0)', () => {
    const d = explainEntropy([1, 0]);
    expect(d.steps[0].value).toEqual([0, 0]);
    expect(d.result).toBe(0);
  });

  it('explainEntropy elides the middle of a long vector', () => {
    const d = explainEntropy(new Array(10).fill(0.1));
    expect(d.steps[1].substituted.split(' + ')).toHaveLength(8);
    expect(d.steps[1].substituted).toContain('\\ldots');
    expect(d.result).toBeCloseTo(Math.log(10), 14);
  });

  it('explainCrossEntropy matches SciPy and decomposes into H(p) + KL', () => {
    const d = explainCrossEntropy([0.5, 0.25, 0.25], [0.4, 0.4, 0.2]);
    const expected = reference(
      'cross-entropy',
      '--target',
      '0.5,0.25,0.25',
      '--pred',
      '0.4,0.4,0.2',
    ) as number;
    expect(d.result).toBeCloseTo(expected, 15);
    expect(d.steps[2].value).toBeCloseTo(expected, 15);
    expect(d.steps[2].formula).toBe('H(p, q) = H(p) + D_{\\mathrm{KL}}(p \\| q)');
    expect(explainCrossEntropy([1, 0], [0.5, 0.5], { base: 2 }).result).toBe(1);
  });

  it('explainKlDivergence matches SciPy and equals H(p, q) − H(p)', () => {
    const d = explainKlDivergence([0.5, 0.25, 0.25], [0.4, 0.4, 0.2]);
    const expected = reference('kl', '--target', '0.5,0.25,0.25', '--pred', '0.4,0.4,0.2') as number;
    expect(d.result).toBeCloseTo(expected, 15);
    expect(d.steps[2].value).toBeCloseTo(expected, 15);
    expect(explainKlDivergence([1, 0], [0.5, 0.5]).steps[0].value).toEqual([Math.log(2), 0]);
  });

  it('information derivations pass the library errors through', () => {
    expect(() => explainEntropy([0.5, 0.6])).toThrow(XentError);
    expect(() => explainCrossEntropy([1, 0], [1])).toThrow(XentError);
  });
});

describe('softmax and loss derivations', () => {
  it('explainSoftmax([2, 1, 0.1]) matches torch.softmax', () => {
    const d = explainSoftmax([2, 1, 0.1]);
    const expected = reference('softmax', '2', '1', '0.1') as number[];
    (d.result as number[]).forEach((p, i) => {
      expect(p).toBeCloseTo(expected[i], 15);
    });
    expect(d.steps.map((s) => s.label)).toEqual([
      'Subtract the largest logit so no exponential can overflow',
      'Exponentiate the shifted logits',
      'The log of the normalizer, log-sum-exp, is m plus the log of their sum',
      'Each probability is e to the logit minus log-sum-exp',
    ]);
    expect(d.steps[0].value).toEqual([0, -1, -1.9]);
  });

  it('explainSoftmax([1000, 0]) does not overflow', () => {
    expect(explainSoftmax([1000, 0]).result).toEqual([1, 0]);
  });

  it('explainSoftmax and explainLoss take 200,000 logits (no spread of user data into arguments)', () => {
    const logits = Array.from({ length: 200_000 }, (_, i) => (i === 7 ? 5 : 0));
    // Hand math: one logit 5 among 199,999 zeros; the normalizer is ln(e⁵ + 199,999).
    const lse = Math.log(Math.exp(5) + 199_999);
    expect(explainSoftmax(logits).result).toHaveLength(200_000);
    // A float64 sum of 200,000 terms: within n·ε of the hand value, far inside 1e-10.
    expect(explainLoss(logits, 7).result).toBeCloseTo(lse - 5, 10);
    expect(explainLoss(logits, 0).result).toBeCloseTo(lse, 10);
  });

  it('explainLoss(logits, label) matches F.cross_entropy', () => {
    const d = explainLoss([2, 1, 0.1], 0);
    expect(d.result).toBeCloseTo(reference('loss', '--logits', '2,1,0.1', '--label', '0') as number, 15);
    expect(d.steps.at(-1)?.formula).toBe('\\ell = -\\ln q_k');
    expect(d.unit).toBe('nats');
  });

  it('explainLoss with label smoothing and base 2 matches F.cross_entropy / ln 2', () => {
    const d = explainLoss([2, 1, 0.1], 1, { labelSmoothing: 0.2, base: 2 });
    const expected = reference(
      'loss',
      '--logits',
      '2,1,0.1',
      '--label',
      '1',
      '--label-smoothing',
      '0.2',
      '--base',
      '2',
    );
    expect(d.result).toBeCloseTo(expected as number, 15);
    const target = d.steps.find((s) => s.label.startsWith('Label smoothing'))!;
    (target.value as number[]).forEach((q, i) => {
      expect(q).toBeCloseTo([0.2 / 3, 0.8 + 0.2 / 3, 0.2 / 3][i], 15);
    });
    expect(d.steps.at(-1)?.label).toBe('Convert from nats to bits');
    expect(d.title).toContain('label smoothing 0.2');
  });

  it('explainLoss rejects a label out of range and logits that are not a vector', () => {
    expect(() => explainLoss([1, 2], 2)).toThrow(
      'explainLoss: label = 2 is not a class index for 2 classes; use an integer in [0, 1]',
    );
    expect(() => explainLoss([[1, 2]], 0)).toThrow(/one non-empty vector/);
    expect(() => explainSoftmax([])).toThrow(XentError);
  });
});

describe('number formatting and renderers', () => {
  it('latexNumber(x) rounds to 6 significant digits and spells special values', () => {
    expect(latexNumber(Math.PI)).toBe('3.14159');
    expect(latexNumber(1e-7)).toBe('1 \\times 10^{-7}');
    expect(latexNumber(-2.5e9, 2)).toBe('-2.5 \\times 10^{9}');
    expect([Infinity, -Infinity, Number.NaN, 0].map((x) => latexNumber(x))).toEqual([
      '\\infty',
      '-\\infty',
      '\\mathrm{NaN}',
      '0',
    ]);
    expect(latexOperand(-1)).toBe('(-1)');
  });

  it('latexLog(base) and unitOf(base) name the base', () => {
    expect([undefined, Math.E, 2, 10].map(latexLog)).toEqual(['\\ln', '\\ln', '\\log_2', '\\log_{10}']);
    expect([undefined, 2, 10].map(unitOf)).toEqual(['nats', 'bits', 'base-10 units']);
  });

  it('latexToText(latex) reads the derivation vocabulary', () => {
    expect(latexToText('D_{\\mathrm{KL}}(p \\| q) = \\sum_i p_i \\log_2 \\frac{p_i}{q_i}')).toBe(
      'D_KL(p ‖ q) = Σ_i p_i log_2 p_i / q_i',
    );
    expect(latexToText('e^{z_i - m},\\quad 10^{-7} x^2 \\operatorname{LSE} \\varepsilon \\foo')).toBe(
      'e^(z_i - m),    10^(-7) x^2 LSE ε foo',
    );
    expect(latexToText('\\text{a}\\,b\\ c \\ell \\infty \\ldots')).toBe('ab c ℓ ∞ …');
  });

  it('renderText(derivation) prints every step with its numbers', () => {
    expect(renderText(explainSurprisal(0.25, { base: 2 }))).toBe(
      [
        'Surprisal of p = 0.25',
        '',
        '1. Surprisal is the negative log of the probability',
        '   I(p) = -log_2 p',
        '   I(0.25) = -log_2 0.25',
        '   = 2',
        '',
        'Result: 2 bits',
      ].join('\n'),
    );
  });

  it('renderMarkdown and renderLatex keep the LaTeX', () => {
    const d = explainEntropy([0.5, 0.5], { base: 2 });
    expect(renderMarkdown(d)).toBe(
      [
        '### Entropy of p = (0.5, 0.5)',
        '',
        '1. Each outcome contributes its probability times its surprisal (0 · log 0 = 0): $-p_i \\log_2 p_i$',
        '   $$-0.5 \\log_2 0.5,\\ -0.5 \\log_2 0.5 = (0.5, 0.5)$$',
        '2. Entropy is the sum of the contributions: $H(p) = -\\sum_i p_i \\log_2 p_i$',
        '   $$H(p) = 0.5 + 0.5 = 1$$',
        '',
        '**Result:** $1\\ \\text{bits}$',
      ].join('\n'),
    );
    const latex = renderLatex(d);
    expect(latex.split('\n')[0]).toBe('% Entropy of p = (0.5, 0.5)');
    expect(latex).toContain('\\begin{align*}');
    expect(latex).toContain('  & H(p) = 0.5 + 0.5 = 1 \\\\');
    expect(latex.endsWith('  & \\text{result: } 1\\ \\text{bits}\n\\end{align*}')).toBe(true);
    expect(renderText(explainSoftmax([0, 0]))).toContain('Result: (0.5, 0.5)');
  });
});
