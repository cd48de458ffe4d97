import { lineFigure } from '../charts/line.js';
import { colors } from '../charts/setup.js';
import { type DigitSplit, loadDigits } from '../training/digits.js';
import { type Racer, type Snapshot, TrainingRace } from '../training/race.js';
import { choice, prose, readout } from '../ui/controls.js';
import { type Explorable, el, explorable, type Figure } from '../ui/explorable.js';
import { formatNumber } from '../ui/format.js';
import { partsOf } from '../ui/layout.js';
import { digitSamples } from './digitSamples.js';

export const MAX_EPOCHS = 60;
const SAMPLES = 8;
const racers: Racer[] = ['crossEntropy', 'squaredError'];
const racerName: Record<Racer, string> = { crossEntropy: 'cross-entropy', squaredError: 'squared error' };
const racerColor: Record<Racer, string> = { crossEntropy: colors.divergence, squaredError: colors.squared };

interface State {
  race: TrainingRace;
  running: boolean;
  learningRate: number;
  /** Spread of the shared starting weights (see TrainingRace). */
  initScale: number;
  /** Bumped after each epoch, so the state changes and the model recomputes. */
  epoch: number;
}

function compute(s: State) {
  const { race } = s;
  const history = race.history;
  const latest = history[history.length - 1];
  const test = race.data.test;
  return {
    ...s,
    history,
    latest,
    first: history[0],
    samples: {
      set: test,
      count: SAMPLES,
      probabilities: {
        crossEntropy: race.probabilities('crossEntropy', test, SAMPLES),
        squaredError: race.probabilities('squaredError', test, SAMPLES),
      },
    },
  };
}

export type TrainingModel = ReturnType<typeof compute>;

const curve = (history: Snapshot[], read: (s: Snapshot) => number) =>
  history.map((s) => ({ x: s.epoch, y: read(s) }));

/** Start / pause, one epoch, reset: ordinary buttons whose labels follow the state. */
function trainingButtons(
  parent: HTMLElement,
  actions: { toggle: () => void; step: () => void; reset: () => void },
): Figure<TrainingModel> {
  const row = el('div', 'control buttons');
  row.setAttribute('role', 'group');
  row.setAttribute('aria-label', 'Training');
  const run = el('button', 'primary', 'Train');
  run.dataset['control'] = 'train';
  const step = el('button', '', 'One epoch');
  step.dataset['control'] = 'step';
  const reset = el('button', '', 'Reset');
  reset.dataset['control'] = 'reset';
  for (const button of [run, step, reset]) button.type = 'button';
  run.addEventListener('click', actions.toggle);
  step.addEventListener('click', actions.step);
  reset.addEventListener('click', actions.reset);
  row.append(run, step, reset);
  parent.append(row);
  return (m) => {
    const done = m.latest.epoch >= MAX_EPOCHS;
    run.textContent = m.running ? 'Pause' : done ? 'Done' : m.latest.epoch > 0 ? 'Resume' : 'Train';
    run.disabled = done;
    step.disabled = done || m.running;
    run.setAttribute('aria-pressed', String(m.running));
  };
}

type TrainingSection = Explorable<State, TrainingModel>;

/**
 * The training loop: one epoch per animation frame while running, so the curves grow live and
 * the page stays responsive. Returns the actions the buttons and the start-weights choice call.
 */
function trainingLoop(section: TrainingSection, data: DigitSplit) {
  let frame = 0;
  const tick = (): void => {
    const { race, running, learningRate } = section.state;
    if (!running) return;
    const snapshot = race.trainEpoch(learningRate);
    const finished = snapshot.epoch >= MAX_EPOCHS;
    section.update({ epoch: snapshot.epoch, running: !finished });
    if (!finished) frame = requestAnimationFrame(tick);
  };
  const restart = (initScale: number) => {
    cancelAnimationFrame(frame);
    section.update({ initScale, race: new TrainingRace(data, initScale), running: false, epoch: 0 });
  };
  return {
    toggle: () => {
      cancelAnimationFrame(frame);
      const running = !section.state.running;
      section.update({ running });
      if (running) frame = requestAnimationFrame(tick);
    },
    step: () => {
      const snapshot = section.state.race.trainEpoch(section.state.learningRate);
      section.update({ epoch: snapshot.epoch });
    },
    reset: () => restart(section.state.initScale),
    restart,
  };
}

function addControls(
  section: TrainingSection,
  controls: HTMLElement,
  loop: ReturnType<typeof trainingLoop>,
): void {
  section.add(trainingButtons(controls, loop));
  section.add(
    choice(controls, {
      legend: 'Learning rate (both models)',
      name: 'learningRate',
      options: [0.05, 0.2, 0.5, 1, 2].map((value) => ({ value, label: String(value) })),
      value: (m) => m.learningRate,
      onChange: (learningRate) => section.update({ learningRate }),
    }),
  );
  section.add(
    choice(controls, {
      legend: 'Shared starting weights',
      name: 'initScale',
      options: [
        { value: 0.01, label: 'small: unsure' },
        { value: 2, label: 'large: confidently wrong' },
      ],
      value: (m) => m.initScale,
      onChange: loop.restart,
    }),
  );
}

/** Each racer's latest numbers, in its own colour. */
function addReadouts(section: TrainingSection, controls: HTMLElement): void {
  for (const racer of racers) {
    const group = el('div', 'racer');
    group.style.borderColor = racerColor[racer];
    group.append(el('h3', 'racer-title', `trained with ${racerName[racer]}`));
    controls.append(group);
    const key = racer === 'crossEntropy' ? 'ce' : 'se';
    section.add(
      readout(group, {
        label: 'held-out log loss',
        name: `${key}-test-loss`,
        value: (m) => m.latest.testLoss[racer],
        unit: () => 'nats',
      }),
    );
    section.add(
      readout(group, {
        label: 'held-out accuracy',
        name: `${key}-accuracy`,
        value: (m) => m.latest.testAccuracy[racer],
      }),
    );
    section.add(
      readout(group, {
        label: racer === 'crossEntropy' ? 'training cross-entropy' : 'training squared error',
        name: `${key}-objective`,
        value: (m) => m.latest.trainObjective[racer],
        missing: '— (after epoch 1)',
      }),
    );
  }
}

function addCurves(section: TrainingSection, figures: HTMLElement): void {
  const legend = (racer: Racer) => `trained with ${racerName[racer]}`;
  section.add(
    lineFigure(figures, {
      describe: (m) =>
        `Held-out log loss after ${m.latest.epoch} epochs: ${racers.map((r) => `${racerName[r]} model ${formatNumber(m.latest.testLoss[r])}`).join(', ')}`,
      xTitle: 'epoch',
      yTitle: () => 'held-out cross-entropy (nats)',
      x: { min: 0, max: MAX_EPOCHS },
      y: { min: 0, max: (m) => (m.initScale > 1 ? 8 : 2.5) },
      series: (m) =>
        racers.map((r) => ({
          label: legend(r),
          points: curve(m.history, (s) => s.testLoss[r]),
          color: racerColor[r],
          dots: true,
        })),
      height: 220,
    }),
  );
  section.add(
    lineFigure(figures, {
      describe: (m) =>
        `Held-out accuracy after ${m.latest.epoch} epochs: ${racers.map((r) => `${racerName[r]} model ${formatNumber(m.latest.testAccuracy[r])}`).join(', ')}`,
      xTitle: 'epoch',
      yTitle: () => 'held-out accuracy',
      x: { min: 0, max: MAX_EPOCHS },
      y: { min: 0, max: 1 },
      series: (m) =>
        racers.map((r) => ({
          label: legend(r),
          points: curve(m.history, (s) => s.testAccuracy[r]),
          color: racerColor[r],
          dots: true,
        })),
      height: 200,
    }),
  );
}

export async function mountTraining(root: HTMLElement): Promise<void> {
  const { controls, figures } = partsOf(root);
  const status = el('p', 'status', 'Loading the digits…');
  status.setAttribute('role', 'status');
  controls.append(status);
  let data: DigitSplit;
  try {
    data = await loadDigits();
  } catch (error) {
    status.textContent = `The digits could not be loaded: ${String(error)}`;
    throw error;
  }
  status.remove();

  const section = explorable<State, TrainingModel>(
    { race: new TrainingRace(data), running: false, learningRate: 0.5, initScale: 0.01, epoch: 0 },
    compute,
  );
  addControls(section, controls, trainingLoop(section, data));
  addReadouts(section, controls);
  addCurves(section, figures);
  section.add(digitSamples(figures, { racers, names: racerName, palette: racerColor }));
  section.add(
    prose(root, {
      epoch: (m) => String(m.latest.epoch),
      ceLoss: (m) => m.latest.testLoss.crossEntropy,
      seLoss: (m) => m.latest.testLoss.squaredError,
      ceAccuracy: (m) => m.latest.testAccuracy.crossEntropy,
      seAccuracy: (m) => m.latest.testAccuracy.squaredError,
    }),
  );
  section.render();
}
