/**
 * The three classes the loss steps share (softmax, the loss, smoothing, mixup), so a reader
 * meets the same panda, bird and dog in each. Class names carry their index: the label the
 * library takes is the number.
 */
const names = ['panda', 'bird', 'dog'] as const;
const subscripts = '₀₁₂';

export const classes = names.map((name, i) => `${i} ${name}`);
export const classCount = names.length;
export const logitLabels = names.map((name, i) => `z${subscripts[i]} ${name}`);
export const logitNames = names.map((name, i) => `logit z${i} (${name})`);
export const classOptions = classes.map((label, value) => ({ value, label }));
/** The drag range of a logit bar: wide enough to push one class to nearly all the mass. */
export const logitRange = { min: -6, max: 6, step: 0.1 };

/**
 * A named place in a step's HTML: `.code-slot` (the "same in code" box goes under the prose, so
 * the sticky stage keeps only the figure and its controls, at most 62% of a phone's screen) or
 * `.predict-slot`.
 */
export function slotIn(root: HTMLElement, selector: string): HTMLElement {
  const slot = root.querySelector<HTMLElement>(selector);
  if (!slot) throw new Error(`explainer: #${root.id} has no ${selector}`);
  return slot;
}
