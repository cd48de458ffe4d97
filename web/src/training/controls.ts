import { choice } from '../ui/controls.js';
import { el, type Figure } from '../ui/explorable.js';
import type { TrainingActions } from './loop.js';
import type { RaceModel } from './raceState.js';

/** Train / pause, one epoch, reset: ordinary buttons whose labels follow the state. */
export function trainingButtons(parent: HTMLElement, actions: TrainingActions): Figure<RaceModel> {
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
    run.textContent = m.running ? 'Pause' : m.done ? 'Done' : m.latest.epoch > 0 ? 'Resume' : 'Train';
    run.disabled = m.done;
    step.disabled = m.done || m.running;
    run.setAttribute('aria-pressed', String(m.running));
  };
}

export function speedChoice(parent: HTMLElement, onChange: (speed: number) => void): Figure<RaceModel> {
  return choice<RaceModel, number>(parent, {
    legend: 'Speed',
    name: 'speed',
    options: [
      { value: 1, label: '1 epoch/s' },
      { value: 5, label: '5/s' },
      { value: 30, label: '30/s' },
    ],
    value: (m) => m.speed,
    onChange,
  });
}

let timelines = 0;

/**
 * The timeline: a range over the epochs trained so far (a native range input, so arrows, Page
 * Up/Down, Home and End work). At its right end it follows training as it goes; anywhere else it
 * holds that epoch while training continues.
 */
export function timeline(parent: HTMLElement, onScrub: (view: number | 'latest') => void): Figure<RaceModel> {
  const row = el('div', 'control slider timeline');
  const input = el('input');
  input.type = 'range';
  input.min = '0';
  input.step = '1';
  input.id = `timeline-${++timelines}`;
  input.dataset['control'] = 'timeline';
  const label = el('label', '', 'Epoch shown');
  label.htmlFor = input.id;
  const output = el('output');
  output.htmlFor.add(input.id);
  row.append(label, input, output);
  parent.append(row);
  input.addEventListener('input', () => {
    const epoch = Number(input.value);
    onScrub(epoch >= Number(input.max) ? 'latest' : epoch);
  });
  return (m) => {
    input.max = String(m.latest.epoch);
    input.value = String(m.shown.epoch);
    input.disabled = m.latest.epoch === 0;
    const text = `${m.shown.epoch} of ${m.latest.epoch}${m.view === 'latest' ? ' (latest)' : ''}`;
    output.textContent = text;
    input.setAttribute('aria-valuetext', `epoch ${text}`);
  };
}
