import type { DigitSplit } from './digits.js';
import { type Racer, racers, type Snapshot, TrainingRace } from './race.js';

/** What one race scene keeps: the race itself, how it runs, and which epoch the reader looks at. */
export interface RaceState {
  race: TrainingRace;
  running: boolean;
  /** Epochs per second while running. */
  speed: number;
  /** Spread of the shared starting weights (see TrainingRace). */
  initScale: number;
  /** The epoch the timeline shows, or 'latest' to follow training as it goes. */
  view: number | 'latest';
  /** Bumped after each epoch, so the state changes and the model recomputes. */
  epoch: number;
  maxEpochs: number;
}

export function raceState(
  data: DigitSplit,
  { initScale, speed, maxEpochs }: { initScale: number; speed: number; maxEpochs: number },
): RaceState {
  return {
    race: new TrainingRace(data, initScale),
    running: false,
    speed,
    initScale,
    view: 'latest',
    epoch: 0,
    maxEpochs,
  };
}

/** The derived values every race figure reads: the history, the latest and the shown epoch. */
export function raceModel<S extends RaceState>(s: S) {
  const history = s.race.history;
  const latest = history[history.length - 1];
  const shown = s.view === 'latest' ? latest : history[Math.min(s.view, latest.epoch)];
  return { ...s, history, latest, shown, done: latest.epoch >= s.maxEpochs };
}

export type RaceModel = ReturnType<typeof raceModel<RaceState>>;

export const racerName: Record<Racer, string> = {
  crossEntropy: 'cross-entropy',
  squaredError: 'squared error',
};

/** One series per racer, for the curves: a value read from each snapshot of the history. */
export function racerCurves(history: Snapshot[], read: (s: Snapshot, racer: Racer) => number) {
  return racers.map((racer) => ({ racer, points: history.map((s) => ({ x: s.epoch, y: read(s, racer) })) }));
}
