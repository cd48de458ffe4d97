import { el, type Figure } from './explorable.js';
import { formatNumber, setNumber } from './format.js';
import type { Term } from './palette.js';

/**
 * Labelled native controls. Each is a figure too: it reads its value back from the model, so a
 * preset button moves the sliders it changes, and native inputs keep keyboard use for free
 * (arrows, Page Up/Down, Home/End on ranges; Tab and Space elsewhere).
 */

let counter = 0;
const uniqueId = (stem: string): string => `${stem}-${++counter}`;

export interface SliderSpec<M> {
  label: string;
  min: number;
  max: number;
  step: number;
  value: (model: M) => number;
  onInput: (value: number) => void;
  /** How the current value is printed beside the slider (default: the number itself). */
  format?: (value: number, model: M) => string;
  /** A stable name for tests and styling, written as `data-control`. */
  name?: string;
}

export function slider<M>(parent: HTMLElement, spec: SliderSpec<M>): Figure<M> {
  const id = uniqueId(spec.name ?? 'slider');
  const row = el('div', 'control slider');
  const label = el('label', '', spec.label);
  label.htmlFor = id;
  const input = el('input');
  Object.assign(input, {
    type: 'range',
    id,
    min: String(spec.min),
    max: String(spec.max),
    step: String(spec.step),
  });
  if (spec.name) input.dataset['control'] = spec.name;
  const output = el('output');
  output.htmlFor.add(id);
  row.append(label, input, output);
  parent.append(row);
  input.addEventListener('input', () => spec.onInput(Number(input.value)));
  return (model) => {
    const value = spec.value(model);
    if (Number(input.value) !== value) input.value = String(value);
    const text = spec.format ? spec.format(value, model) : formatNumber(value);
    output.textContent = text;
    // The range input snaps to its step; the state's exact value is kept here, for the tests.
    output.setAttribute('data-raw', String(value));
    input.setAttribute('aria-valuetext', text);
  };
}

export interface ChoiceSpec<M, V extends string | number> {
  legend: string;
  options: { value: V; label: string }[];
  value: (model: M) => V;
  onChange: (value: V) => void;
  name?: string;
}

/** A radio group in a fieldset: arrow keys move between options, as screen readers expect. */
export function choice<M, V extends string | number>(parent: HTMLElement, spec: ChoiceSpec<M, V>): Figure<M> {
  const group = uniqueId(spec.name ?? 'choice');
  const fieldset = el('fieldset', 'control choice');
  fieldset.append(el('legend', '', spec.legend));
  if (spec.name) fieldset.dataset['control'] = spec.name;
  const inputs = spec.options.map((option) => {
    const label = el('label');
    const input = el('input');
    Object.assign(input, { type: 'radio', name: group, value: String(option.value) });
    input.addEventListener('change', () => {
      if (input.checked) spec.onChange(option.value);
    });
    label.append(input, ` ${option.label}`);
    fieldset.append(label);
    return { input, value: option.value };
  });
  parent.append(fieldset);
  return (model) => {
    const value = spec.value(model);
    for (const { input, value: v } of inputs) input.checked = v === value;
  };
}

export interface ToggleSpec<M> {
  label: string;
  checked: (model: M) => boolean;
  onChange: (checked: boolean) => void;
  name?: string;
}

export function toggle<M>(parent: HTMLElement, spec: ToggleSpec<M>): Figure<M> {
  const label = el('label', 'control toggle');
  const input = el('input');
  input.type = 'checkbox';
  if (spec.name) input.dataset['control'] = spec.name;
  input.addEventListener('change', () => spec.onChange(input.checked));
  label.append(input, ` ${spec.label}`);
  parent.append(label);
  return (model) => {
    input.checked = spec.checked(model);
  };
}

/** A row of buttons that set presets; they need no redraw of their own. */
export function buttons(parent: HTMLElement, label: string, items: { label: string; onClick: () => void }[]) {
  const row = el('div', 'control buttons');
  row.setAttribute('role', 'group');
  row.setAttribute('aria-label', label);
  row.append(el('span', 'buttons-label', label));
  for (const item of items) {
    const button = el('button', '', item.label);
    button.type = 'button';
    button.addEventListener('click', item.onClick);
    row.append(button);
  }
  parent.append(row);
}

export interface ReadoutSpec<M> {
  label: string;
  value: (model: M) => number;
  /** Text after the number, e.g. the unit. */
  unit?: (model: M) => string;
  /** The `data-value` name the tests read. */
  name: string;
  digits?: number;
  emphasis?: boolean;
  /** The quantity the number is: it wears that quantity's colour and lights up with it. */
  term?: Term;
  /** Shown instead of NaN where a value does not exist yet (a training loss before epoch 1). */
  missing?: string;
}

/** A labelled live number. */
export function readout<M>(parent: HTMLElement, spec: ReadoutSpec<M>): Figure<M> {
  const box = el('div', spec.emphasis ? 'readout emphasis' : 'readout');
  const number = el('span', 'num');
  number.dataset['value'] = spec.name;
  if (spec.term) number.dataset['term'] = spec.term;
  const unit = el('span', 'unit');
  box.append(el('span', 'name', spec.label), number, unit);
  parent.append(box);
  return (model) => {
    const value = spec.value(model);
    setNumber(number, value, spec.digits);
    if (Number.isNaN(value) && spec.missing) number.textContent = spec.missing;
    unit.textContent = spec.unit ? ` ${spec.unit(model)}` : '';
  };
}

/**
 * Binds prose spans written in index.html as `<span data-value="name">`: the text around them
 * stays in the HTML, where it is easy to read and edit, and the numbers come from the model.
 */
export function prose<M>(
  root: HTMLElement,
  values: Record<string, (model: M) => number | string>,
): Figure<M> {
  const bound = Object.entries(values).map(([name, read]) => {
    const spans = [...root.querySelectorAll(`[data-value="${name}"]`)];
    if (spans.length === 0) throw new Error(`explainer: no [data-value="${name}"] in #${root.id}`);
    return { spans, read };
  });
  return (model) => {
    for (const { spans, read } of bound) {
      const value = read(model);
      for (const span of spans) {
        if (typeof value === 'number') setNumber(span, value);
        else span.textContent = value;
      }
    }
  };
}

/** The bits / nats switch the information sections share; the model carries the log base. */
export function unitChoice<M extends { base: number }>(
  parent: HTMLElement,
  onChange: (base: number) => void,
) {
  return choice<M, number>(parent, {
    legend: 'Unit',
    name: 'base',
    options: [
      { value: 2, label: 'bits (log₂)' },
      { value: Math.E, label: 'nats (ln)' },
    ],
    value: (m) => m.base,
    onChange,
  });
}

export interface VectorSlidersSpec<M> extends Omit<SliderSpec<M>, 'label' | 'name' | 'value' | 'onInput'> {
  /** One label per entry, e.g. `logit a(panda)`. */
  labels: string[];
  /** `data-control` of entry i is `${name}${i}`. */
  name: string;
  values: (model: M) => readonly number[];
  onInput: (values: number[]) => void;
}

/** One slider per entry of a vector (logits, per-label scores); moving one replaces that entry. */
export function vectorSliders<M>(parent: HTMLElement, spec: VectorSlidersSpec<M>): Figure<M> {
  const { labels, name, values, onInput, ...range } = spec;
  let current: readonly number[] = [];
  const figures = labels.map((label, i) =>
    slider<M>(parent, {
      ...range,
      label,
      name: `${name}${i}`,
      value: (m) => values(m)[i],
      onInput: (v) => onInput(current.map((a, j) => (j === i ? v : a))),
    }),
  );
  return (model) => {
    current = values(model);
    for (const figure of figures) figure(model);
  };
}
