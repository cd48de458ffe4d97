import '../styles/training.css';
import { curvePlot } from '../figures/curvePlot.js';
import { digitProbabilities } from '../figures/digitProbabilities.js';
import { weightTemplates } from '../figures/weightTemplates.js';
import { digitPicker } from '../sections/digitSamples.js';
import { prose, readout } from '../ui/controls.js';
import { type Explorable, el, explorable } from '../ui/explorable.js';
import { formatNumber } from '../ui/format.js';
import { otherColors, termColors } from '../ui/palette.js';
import { predict } from '../ui/predict.js';
import { speedChoice, timeline, trainingButtons } from './controls.js';
import type { DigitSplit } from './digits.js';
import { LEARNING_RATE, trainingLoop } from './loop.js';
import { batchRows, probabilitiesAt, type Racer, racers } from './race.js';
import { type RaceModel, type RaceState, raceModel, racerCurves, racerName, raceState } from './raceState.js';

const MAX_EPOCHS = 60;
const SATURATED_EPOCHS = 30;
const SAMPLES = 8;
/** The model trained with the loss this page is about wears the loss's colour. */
const racerColor: Record<Racer, string> = {
  crossEntropy: termColors.crossEntropy,
  squaredError: otherColors.squared,
};
const racerKey: Record<Racer, string> = { crossEntropy: 'ce', squaredError: 'se' };

interface WatchState extends RaceState {
  /** Which of the sample digits the probability bars show. */
  pickedRow: number;
}

function computeWatch(s: WatchState) {
  const model = raceModel(s);
  const test = s.race.data.test;
  const { shown } = model;
  const probabilities = {
    crossEntropy: probabilitiesAt(shown.weights.crossEntropy, test, SAMPLES),
    squaredError: probabilitiesAt(shown.weights.squaredError, test, SAMPLES),
  };
  const row = s.pickedRow;
  return {
    ...model,
    samples: { set: test, count: SAMPLES, probabilities },
    picked: {
      label: test.labels[row],
      epoch: shown.epoch,
      probabilities: {
        crossEntropy: probabilities.crossEntropy.subarray(row * 10, row * 10 + 10),
        squaredError: probabilities.squaredError.subarray(row * 10, row * 10 + 10),
      },
    },
  };
}

type WatchModel = ReturnType<typeof computeWatch>;

/** Each racer's numbers at the shown epoch, in its own colour. */
function addReadouts<M extends RaceModel>(
  section: Explorable<RaceState, M>,
  parent: HTMLElement,
  prefix = '',
): void {
  const box = el('div', 'racers');
  parent.append(box);
  for (const racer of racers) {
    const group = el('div', 'racer');
    group.style.borderColor = racerColor[racer];
    group.append(el('h3', 'racer-title', `trained with ${racerName[racer]}`));
    box.append(group);
    const key = `${prefix}${racerKey[racer]}`;
    section.add(
      readout(group, {
        label: 'held-out log loss',
        name: `${key}-test-loss`,
        value: (m) => m.shown.testLoss[racer],
        unit: () => 'nats',
      }),
      readout(group, {
        label: 'held-out accuracy',
        name: `${key}-accuracy`,
        value: (m) => m.shown.testAccuracy[racer],
      }),
    );
  }
}

function curves<M extends RaceModel>(
  parent: HTMLElement,
  spec: { what: 'loss' | 'accuracy'; maxEpochs: number; yMax: number; height: number },
) {
  const read =
    spec.what === 'loss'
      ? (s: M['shown'], r: Racer) => s.testLoss[r]
      : (s: M['shown'], r: Racer) => s.testAccuracy[r];
  const title = spec.what === 'loss' ? 'held-out log loss (nats)' : 'held-out accuracy';
  return curvePlot<M>(parent, {
    describe: (m) =>
      `${title} by epoch; at the shown epoch ${m.shown.epoch}: ${racers.map((r) => `${racerName[r]} model ${formatNumber(read(m.shown, r))}`).join(', ')}`,
    x: { min: 0, max: spec.maxEpochs, label: 'epoch' },
    y: { min: 0, max: spec.yMax, label: title },
    legend: spec.what === 'loss' ? 'top' : 'bottom',
    curves: (m) =>
      racerCurves(m.history, read).map(({ racer, points }) => ({
        label: `trained with ${racerName[racer]}`,
        points,
        color: racerColor[racer],
      })),
    // The timeline's epoch, marked on both curves.
    markers: (m) =>
      racers.map((r, i) => ({
        x: m.shown.epoch,
        y: read(m.shown, r),
        color: racerColor[r],
        label: i === 0 ? `epoch ${m.shown.epoch}` : '',
        name: `${racerKey[r]}-${spec.what}`,
      })),
    height: spec.height,
  });
}

/** The note that says, from the real state, what computed the cross-entropy model's loss and gradient. */
function kernelNote(root: HTMLElement, kernels: boolean, data: DigitSplit): void {
  root.dataset['kernels'] = String(kernels);
  const note = root.querySelector<HTMLElement>('[data-kernel-note]');
  if (!note) return;
  const batch = batchRows(data.train.count);
  note.textContent = kernels
    ? `Loss and gradient of the cross-entropy model by xent’s WASM SIMD kernels: float32 logits, ${batch} digits × 10 classes a step.`
    : 'Loss and gradient of the cross-entropy model by xent’s plain-TypeScript path: this browser cannot run the WASM SIMD kernels.';
}

function scene(root: HTMLElement, name: string) {
  const element = root.querySelector<HTMLElement>(`[data-scene="${name}"]`);
  const stage = element?.querySelector<HTMLElement>('.stage');
  const text = element?.querySelector<HTMLElement>('.prose');
  if (!element || !stage || !text)
    throw new Error(`explainer: #${root.id} has no scene "${name}" with .prose and .stage`);
  return { element, stage, prose: text };
}

/** Scenes 1 and 2: the race from small weights, its curves, its timeline, and what it learned. */
function mountWatch(root: HTMLElement, data: DigitSplit): void {
  const section = explorable<WatchState, WatchModel>(
    { ...raceState(data, { initScale: 0.01, speed: 5, maxEpochs: MAX_EPOCHS }), pickedRow: 0 },
    computeWatch,
  );
  const loop = trainingLoop(section, data);
  const scrub = (view: number | 'latest') => section.update({ view });

  const watch = scene(root, 'watch');
  const charts = el('div', 'race-charts');
  watch.stage.append(charts);
  section.add(curves<WatchModel>(charts, { what: 'loss', maxEpochs: MAX_EPOCHS, yMax: 2.5, height: 190 }));
  section.add(curves<WatchModel>(charts, { what: 'accuracy', maxEpochs: MAX_EPOCHS, yMax: 1, height: 160 }));
  addReadouts(section, watch.stage);
  section.add(
    trainingButtons(watch.stage, loop),
    speedChoice(watch.stage, (speed) => section.update({ speed })),
    timeline(watch.stage, scrub),
  );
  section.add(
    prose(watch.prose, {
      epoch: (m) => String(m.latest.epoch),
      ceLoss: (m) => m.latest.testLoss.crossEntropy,
      seLoss: (m) => m.latest.testLoss.squaredError,
    }),
  );

  const learned = scene(root, 'learned');
  section.add(weightTemplates(learned.stage, { racers, names: racerName, palette: racerColor }));
  section.add(digitProbabilities(learned.stage, { racers, names: racerName, palette: racerColor }));
  section.add(
    timeline(learned.stage, scrub),
    digitPicker(learned.stage, { racers, onPick: (pickedRow) => section.update({ pickedRow }) }),
  );
  section.add(prose(learned.prose, { shownEpoch: (m) => String(m.shown.epoch) }));
  section.render();
}

/** Scene 3: the same race from large starting weights, revealed after the reader predicts. */
function mountSaturated(root: HTMLElement, data: DigitSplit): void {
  const section = explorable<RaceState, RaceModel>(
    raceState(data, { initScale: 2, speed: 10, maxEpochs: SATURATED_EPOCHS }),
    raceModel,
  );
  const loop = trainingLoop(section, data);
  const saturated = scene(root, 'saturated');
  // The prompt goes before the prose it reveals.
  const prompt = el('div');
  saturated.prose.querySelector('.reveal')?.before(prompt);
  predict(prompt, {
    name: 'saturated',
    question: 'both models start from the same large, confidently wrong weights. Which recovers first?',
    choices: [
      { label: 'the cross-entropy model', correct: true },
      { label: 'the squared-error model' },
      { label: 'neither: they keep pace' },
    ],
    explanation:
      'Cross-entropy’s gradient on the logits is q − p: a confidently wrong digit gets a push of almost 1. Squared error’s gradient carries an extra factor q of the true class, which is near 0 exactly when the model is wrong, so it barely moves.',
    onReveal: loop.run,
  });
  const waiting = el('p', 'before-reveal', 'Commit to a prediction (or “Just show me”) to start this race.');
  const reveal = el('div', 'reveal');
  saturated.stage.append(waiting, reveal);
  section.add(
    curves<RaceModel>(reveal, { what: 'accuracy', maxEpochs: SATURATED_EPOCHS, yMax: 1, height: 200 }),
  );
  addReadouts(section, reveal, 'sat-');
  section.add(trainingButtons(reveal, loop));
  section.add(prose(saturated.prose, { satEpoch: (m) => String(m.latest.epoch) }));
  section.render();
}

/**
 * The section's scenes, mounted once the digits and the kernels are ready. This module loads with
 * the digits, after the rest of the page: nothing in it is needed before.
 */
export function mountTrainingScenes(root: HTMLElement, data: DigitSplit, kernels: boolean): void {
  kernelNote(root, kernels, data);
  root.querySelector('[data-value="learningRate"]')?.replaceChildren(String(LEARNING_RATE));
  mountWatch(root, data);
  mountSaturated(root, data);
}
