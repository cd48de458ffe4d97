import { crossEntropy, crossEntropyLoss, entropy, klDivergence } from '../../../src/index.js';
import { linearPenalty } from '../compare/squaredError.js';
import { flipsFigure } from '../figures/flips.js';
import { type Minimum, scoringFigure } from '../figures/scoringCurve.js';
import { prose, readout, slider } from '../ui/controls.js';
import { type Explorable, explorable } from '../ui/explorable.js';
import { partsOf } from '../ui/layout.js';
import { predict } from '../ui/predict.js';
import { scrubNumber } from '../ui/scrub.js';
import '../styles/why.css';

interface State {
  /** The observed flips, 1 for heads and 0 for tails. */
  flips: number[];
  /** The model's probability of heads. */
  theta: number;
  /** The coin's true probability of heads (the scoring-rule figure). */
  p: number;
  /** The probability of heads the forecaster announces. */
  report: number;
}

/** Announced probabilities the curves are drawn at: i/200, so 0.7 is a sample exactly. */
const reportGrid = Array.from({ length: 201 }, (_, i) => i / 200);

/** The grid sample with the lowest value (the first, on a tie). */
function lowest(values: ArrayLike<number>): Minimum {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] < values[best]) best = i;
  return { q: reportGrid[best], value: values[best] };
}

/** A coin as the two-class distribution [tails, heads], class 1 being heads. */
const coin = (heads: number): number[] => [1 - heads, heads];

/** Expected linear penalty 1 − q(x) when x ~ p: xent ships no linear score, so it is the page's own. */
const expectedLinear = (p: number, q: number): number =>
  p * linearPenalty(q) + (1 - p) * linearPenalty(1 - q);

function compute(s: State) {
  const n = s.flips.length;
  const predictions = { data: new Float64Array(s.flips.flatMap(() => coin(s.theta))), shape: [n, 2] };
  const perFlip = crossEntropyLoss(predictions, s.flips, { from: 'probabilities', reduction: 'none' }).data;
  const observed = s.flips.map((heads) => (heads ? s.theta : 1 - s.theta));
  // The likelihood is the product itself, multiplied out here: the point is that its log matches
  // the library's loss, computed independently.
  const likelihood = observed.reduce((product, q) => product * q, 1);
  const heads = s.flips.reduce((a, b) => a + b, 0);
  const logLoss = reportGrid.map((q) => crossEntropy(coin(s.p), coin(q)));
  const linear = reportGrid.map((q) => expectedLinear(s.p, q));
  return {
    ...s,
    n,
    observed,
    perFlip,
    likelihood,
    nllFromProduct: -Math.log(likelihood) / n,
    meanLoss: crossEntropyLoss(predictions, s.flips, { from: 'probabilities' }),
    headsFraction: heads / n,
    logLoss,
    linear,
    expectedLoss: crossEntropy(coin(s.p), coin(s.report)),
    entropy: entropy(coin(s.p)),
    kl: klDivergence(coin(s.p), coin(s.report)),
    expectedLinear: expectedLinear(s.p, s.report),
    minima: { logLoss: lowest(logLoss), linear: lowest(linear) },
  };
}

export type LikelihoodModel = ReturnType<typeof compute>;
type LikelihoodSection = Explorable<State, LikelihoodModel>;

/** (a) The data set's probability and the mean loss, side by side. */
function addFlips(section: LikelihoodSection, root: HTMLElement): void {
  const { controls, figures } = partsOf(root, '.flips-controls', '.flips-figures');
  section.add(
    flipsFigure(
      figures,
      {
        flips: (m) => m.flips,
        observed: (m) => m.observed,
        surprisals: (m) => m.perFlip,
        onToggle: (index) =>
          section.update({ flips: section.state.flips.map((f, i) => (i === index ? 1 - f : f)) }),
      },
      section.state.flips.length,
    ),
    slider(controls, {
      label: 'θ, the model’s probability of heads',
      name: 'theta',
      min: 0,
      max: 1,
      step: 0.01,
      value: (m) => m.theta,
      onInput: (theta) => section.update({ theta }),
    }),
    readout(controls, {
      label: 'likelihood ∏ qᵢ =',
      name: 'likelihood',
      value: (m) => m.likelihood,
      digits: 7,
    }),
    readout(controls, { label: '−(1/N) log ∏ qᵢ =', name: 'nllFromProduct', value: (m) => m.nllFromProduct }),
    readout(controls, {
      label: 'mean cross-entropy loss =',
      name: 'meanLoss',
      term: 'crossEntropy',
      value: (m) => m.meanLoss,
      emphasis: true,
    }),
  );
}

/** (b) The expected log loss of an announcement is lowest at the truth; the linear score's is not. */
function addScoring(section: LikelihoodSection, root: HTMLElement): void {
  const { controls, figures } = partsOf(root, '.scoring-controls', '.scoring-figures');
  const setReport = (report: number): void => section.update({ report });
  section.add(
    scoringFigure(figures, {
      grid: reportGrid,
      logLoss: (m) => m.logLoss,
      linear: (m) => m.linear,
      truth: (m) => m.p,
      entropy: (m) => m.entropy,
      report: (m) => ({ q: m.report, logLoss: m.expectedLoss, linear: m.expectedLinear }),
      minima: (m) => m.minima,
      step: 0.01,
      onReport: setReport,
    }),
    slider(controls, {
      label: 'q, the announced probability of heads',
      name: 'report',
      min: 0,
      max: 1,
      step: 0.01,
      value: (m) => m.report,
      onInput: setReport,
    }),
    scrubNumber(root, {
      name: 'p',
      label: 'p, the coin’s true probability of heads',
      min: 0.05,
      max: 0.95,
      step: 0.01,
      value: (m) => m.p,
      onInput: (p) => section.update({ p }),
    }),
    readout(controls, {
      label: 'expected log loss H(p, q) =',
      name: 'expectedLoss',
      term: 'crossEntropy',
      value: (m) => m.expectedLoss,
      emphasis: true,
    }),
    readout(controls, { label: 'H(p) + D_KL(p‖q) =', name: 'entropyPlusKl', value: (m) => m.entropy + m.kl }),
    readout(controls, { label: 'lowest at q =', name: 'logArgmin', value: (m) => m.minima.logLoss.q }),
    readout(controls, {
      label: 'expected linear penalty =',
      name: 'expectedLinear',
      value: (m) => m.expectedLinear,
    }),
    readout(controls, { label: 'lowest at q =', name: 'linearArgmin', value: (m) => m.minima.linear.q }),
  );
}

export function mountLikelihood(root: HTMLElement) {
  const section = explorable<State, LikelihoodModel>(
    { flips: [1, 1, 0, 1, 1, 1, 0, 1, 0, 1], theta: 0.5, p: 0.7, report: 0.5 },
    compute,
  );
  addFlips(section, root);
  addScoring(section, root);
  const slot = root.querySelector<HTMLElement>('.scoring-scene .predict-slot');
  // p is a plain number until the reveal (its draggable copy is a .reveal part), so the question,
  // asked once, stays true to the prose above it.
  const { p } = section.state;
  if (slot)
    predict(slot, {
      name: 'likelihood',
      question: `the coin lands heads ${Math.round(p * 100)} % of the time. Which announcement has the lowest expected log loss?`,
      choices: [
        { label: 'q = 1: be bold, the coin favours heads' },
        { label: `q = ${p}: say what you believe`, correct: true },
        { label: 'q = 0.5: hedge, in case it is tails' },
      ],
      explanation:
        'The expected log loss is H(p, q) = H(p) + D_KL(p‖q), and the KL term is zero only at q = p. Announcing 1 risks an infinite loss on every tail; announcing 0.5 wastes the knowledge you have.',
      onReveal: () => section.update({ report: section.state.p }),
    });
  section.add(prose(root, { headsFraction: (m) => m.headsFraction, p: (m) => m.p }));
  section.render();
  return section;
}
