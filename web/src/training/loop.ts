import type { Explorable } from '../ui/explorable.js';
import type { DigitSplit } from './digits.js';
import { TrainingRace } from './race.js';
import type { RaceState } from './raceState.js';

/** One learning rate for both models: large enough that three steps an epoch make visible progress. */
export const LEARNING_RATE = 2;

export interface TrainingActions {
  toggle: () => void;
  step: () => void;
  reset: () => void;
  /** A fresh race from starting weights of this spread. */
  restart: (initScale: number) => void;
  run: () => void;
}

/**
 * The training loop: one epoch per tick at the chosen speed (epochs per second), so the curves
 * grow live and the page stays responsive. Ticks read the speed as they go, so changing it takes
 * effect at the next epoch.
 */
export function trainingLoop<M>(section: Explorable<RaceState, M>, data: DigitSplit): TrainingActions {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = (): void => {
    clearTimeout(timer);
    timer = undefined;
  };
  const trainOne = (): boolean => {
    const { race, maxEpochs } = section.state;
    const snapshot = race.trainEpoch(LEARNING_RATE);
    const finished = snapshot.epoch >= maxEpochs;
    section.update({ epoch: snapshot.epoch, running: section.state.running && !finished });
    return finished;
  };
  const tick = (): void => {
    timer = undefined;
    if (!section.state.running || trainOne()) return;
    timer = setTimeout(tick, 1000 / section.state.speed);
  };
  const run = (): void => {
    stop();
    section.update({ running: true, view: 'latest' });
    timer = setTimeout(tick, 0);
  };
  const restart = (initScale: number): void => {
    stop();
    section.update({
      initScale,
      race: new TrainingRace(data, initScale),
      running: false,
      view: 'latest',
      epoch: 0,
    });
  };
  return {
    toggle: () => {
      if (section.state.running) {
        stop();
        section.update({ running: false });
      } else run();
    },
    step: () => {
      if (!section.state.running) trainOne();
    },
    reset: () => restart(section.state.initScale),
    restart,
    run,
  };
}
