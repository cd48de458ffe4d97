import { el, type Figure } from '../ui/explorable.js';

/** A section whose state counts steps of an iteration and says whether it is running. */
export interface Clocked {
  readonly state: Readonly<{ steps: number; playing: boolean }>;
  update(patch: { steps?: number; playing?: boolean }): void;
}

/**
 * Play / Pause, one step, back to the start: the clock of an iteration the page animates (gradient
 * descent in the simplex). Play runs one step per `interval` ms until `maxSteps`; pressing it at
 * the end starts over.
 */
export function playControls(
  parent: HTMLElement,
  section: Clocked,
  { maxSteps, interval }: { maxSteps: number; interval: number },
): Figure<{ playing: boolean }> {
  const row = el('div', 'control buttons');
  row.setAttribute('role', 'group');
  row.setAttribute('aria-label', 'Gradient descent');
  const play = el('button', 'primary', 'Play');
  const step = el('button', '', 'Step');
  const reset = el('button', '', 'Reset');
  for (const [button, name] of [
    [play, 'play'],
    [step, 'step'],
    [reset, 'reset'],
  ] as const) {
    button.type = 'button';
    button.dataset['control'] = name;
  }
  row.append(play, step, reset);
  parent.append(row);
  let timer: ReturnType<typeof setInterval> | undefined;
  const advance = (): void => {
    const { steps } = section.state;
    if (steps >= maxSteps) section.update({ playing: false });
    else section.update({ steps: steps + 1 });
  };
  play.addEventListener('click', () => {
    const { playing, steps } = section.state;
    section.update({ playing: !playing, steps: steps >= maxSteps ? 0 : steps });
  });
  step.addEventListener('click', () => {
    section.update({ playing: false });
    advance();
  });
  reset.addEventListener('click', () => section.update({ playing: false, steps: 0 }));
  return (model) => {
    play.textContent = model.playing ? 'Pause' : 'Play';
    play.setAttribute('aria-pressed', String(model.playing));
    if (model.playing && timer === undefined) timer = setInterval(advance, interval);
    if (!model.playing && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}
