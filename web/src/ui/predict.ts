import { el } from './explorable.js';
import { passFocus } from './focus.js';

/**
 * Predict, then reveal: the learner commits to a guess before the figure answers the question.
 * Until then the scene's `.reveal` parts stay hidden (the scene gets `data-revealed` after), and
 * the guess is graded against the answer with a short explanation. "Just show me" reveals
 * without a guess, for readers who would rather not.
 */
export interface PredictSpec {
  /** A stable name for tests, written as `data-predict`. */
  name: string;
  question: string;
  choices: { label: string; correct?: boolean }[];
  /** Why the answer is what it is, shown after the reveal. */
  explanation: string;
  /** Runs once at the reveal, to set the figure to what answers the question, for example. */
  onReveal?: () => void;
}

export function predict(parent: HTMLElement, spec: PredictSpec): HTMLElement {
  const form = el('form', 'predict');
  form.dataset['predict'] = spec.name;
  const fieldset = el('fieldset');
  fieldset.append(el('legend', '', `Predict first: ${spec.question}`));
  const group = `predict-${spec.name}`;
  const inputs = spec.choices.map((choice, index) => {
    const label = el('label');
    const input = el('input');
    Object.assign(input, { type: 'radio', name: group, value: String(index) });
    label.append(input, ` ${choice.label}`);
    fieldset.append(label);
    return input;
  });
  const commit = el('button', '', 'Commit and reveal');
  commit.type = 'submit';
  commit.disabled = true;
  const skip = el('button', 'quiet', 'Just show me');
  skip.type = 'button';
  const feedback = el('p', 'feedback');
  feedback.setAttribute('aria-live', 'polite');
  form.append(fieldset, commit, skip, feedback);
  parent.append(form);

  for (const input of inputs) input.addEventListener('change', () => (commit.disabled = false));
  const scene = (parent.closest('.scene') ?? parent.closest('section')) as HTMLElement | null;
  const reveal = (guess: number | null): void => {
    const right = guess !== null && spec.choices[guess]?.correct === true;
    const grade = guess === null ? 'skipped' : right ? 'correct' : 'wrong';
    form.dataset['grade'] = grade;
    const verdict = { correct: 'You called it. ', wrong: 'Not quite. ', skipped: '' }[grade];
    feedback.textContent = `${verdict}${spec.explanation}`;
    passFocus(form, feedback);
    for (const input of inputs) input.disabled = true;
    commit.disabled = true;
    skip.hidden = true;
    scene?.setAttribute('data-revealed', 'true');
    spec.onReveal?.();
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = inputs.findIndex((input) => input.checked);
    if (chosen >= 0) reveal(chosen);
  });
  skip.addEventListener('click', () => reveal(null));
  return form;
}
