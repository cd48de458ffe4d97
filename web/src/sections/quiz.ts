import { crossEntropy } from '../../../src/index.js';
import { el, explorable, type Figure } from '../ui/explorable.js';
import { formatNumber, setNumber } from '../ui/format.js';
import { type ChoiceQuestion, conceptual } from './quizQuestions.js';

const prediction = [0.7, 0.2, 0.1];
const target = [1, 0, 0];
const TOLERANCE = 0.005;

interface State {
  picked: Record<string, number | undefined>;
  checked: Record<string, boolean>;
  numeric: string;
}

function compute(s: State) {
  // The reference answer comes from the library, in both units a candidate might use.
  const nats = crossEntropy(target, prediction);
  const bits = crossEntropy(target, prediction, { base: 2 });
  const typed = s.numeric.trim() === '' ? Number.NaN : Number(s.numeric.replace(',', '.'));
  const numericGrade = Number.isNaN(typed)
    ? 'empty'
    : Math.abs(typed - nats) <= TOLERANCE
      ? 'correct'
      : Math.abs(typed - bits) <= TOLERANCE
        ? 'bits'
        : 'wrong';
  const grades = Object.fromEntries(
    conceptual.map((q) => {
      const pick = s.picked[q.id];
      return [q.id, pick === undefined ? 'empty' : q.choices[pick].correct ? 'correct' : 'wrong'];
    }),
  );
  const score =
    Object.values(grades).filter((g) => g === 'correct').length + (numericGrade === 'correct' ? 1 : 0);
  return { ...s, nats, bits, typed, numericGrade, grades, score };
}

type QuizModel = ReturnType<typeof compute>;

function choiceQuestion(
  parent: HTMLElement,
  q: ChoiceQuestion,
  number: number,
  onPick: (index: number) => void,
  onCheck: () => void,
): Figure<QuizModel> {
  const form = el('form', 'question');
  form.dataset['question'] = q.id;
  const fieldset = el('fieldset');
  fieldset.append(el('legend', '', `${number}. ${q.prompt}`));
  const options = q.choices.map((choice, index) => {
    const label = el('label', 'option');
    const input = el('input');
    Object.assign(input, { type: 'radio', name: q.id, value: String(index) });
    input.addEventListener('change', () => onPick(index));
    const why = el('span', 'why');
    label.append(input, el('span', 'option-text', choice.text), why);
    fieldset.append(label);
    return { input, label, why, choice };
  });
  const check = el('button', '', 'Check');
  check.type = 'submit';
  const feedback = el('p', 'feedback');
  feedback.setAttribute('aria-live', 'polite');
  form.append(fieldset, check, feedback);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onCheck();
  });
  parent.append(form);
  return (m) => {
    const checked = m.checked[q.id] ?? false;
    const grade = m.grades[q.id];
    for (const [index, option] of options.entries()) {
      option.input.checked = m.picked[q.id] === index;
      // Once checked, every choice explains itself, so a wrong pick teaches as much as a right one.
      option.why.textContent = checked ? ` ${option.choice.why}` : '';
      option.label.classList.toggle('right', checked && option.choice.correct);
      option.label.classList.toggle('wrong', checked && !option.choice.correct && m.picked[q.id] === index);
    }
    feedback.dataset['grade'] = checked ? grade : 'unchecked';
    feedback.textContent = !checked
      ? ''
      : grade === 'correct'
        ? '✓ Correct.'
        : grade === 'empty'
          ? 'Pick an answer first.'
          : '✗ Not quite — read the explanations under each choice.';
  };
}

function numericQuestion(
  parent: HTMLElement,
  onInput: (text: string) => void,
  onCheck: () => void,
): Figure<QuizModel> {
  const form = el('form', 'question');
  form.dataset['question'] = 'q4';
  const fieldset = el('fieldset');
  const legend = el('legend');
  legend.append(
    '4. The model predicts ',
    el('code', '', 'q = [0.7, 0.2, 0.1]'),
    ' for the target ',
    el('code', '', 'y = [1, 0, 0]'),
    '. What is the cross-entropy loss, in nats?',
  );
  const label = el('label', 'numeric');
  label.append('Your answer (nats): ');
  const input = el('input');
  Object.assign(input, { type: 'text', inputMode: 'decimal', autocomplete: 'off', name: 'q4', size: 8 });
  input.addEventListener('input', () => onInput(input.value));
  label.append(input);
  fieldset.append(legend, label);
  const check = el('button', '', 'Check');
  check.type = 'submit';
  const feedback = el('p', 'feedback');
  feedback.setAttribute('aria-live', 'polite');
  const reference = el('span', 'num');
  reference.dataset['value'] = 'reference';
  form.append(fieldset, check, feedback);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onCheck();
  });
  parent.append(form);
  return (m) => {
    if (input.value !== m.numeric) input.value = m.numeric;
    const checked = m.checked['q4'] ?? false;
    feedback.dataset['grade'] = checked ? m.numericGrade : 'unchecked';
    if (!checked) {
      feedback.textContent = '';
      return;
    }
    setNumber(reference, m.nats, 6);
    const lead = {
      correct: '✓ Correct: ',
      bits: `That is the answer in bits (${formatNumber(m.bits)}); in nats it is `,
      wrong: `✗ You wrote ${formatNumber(m.typed)}; the loss is `,
      empty: 'Type a number first. The loss is ',
    }[m.numericGrade as 'correct' | 'bits' | 'wrong' | 'empty'];
    feedback.replaceChildren(
      lead,
      reference,
      ' nats. Only the true class counts with a one-hot target: −ln 0.7 (the library’s crossEntropy gives the number).',
    );
  };
}

export function mountQuiz(root: HTMLElement) {
  const body = root.querySelector<HTMLElement>('.quiz-body');
  if (!body) throw new Error('explainer: #quiz has no .quiz-body');
  const section = explorable<State, QuizModel>({ picked: {}, checked: {}, numeric: '' }, compute);
  const check = (id: string) => section.update({ checked: { ...section.state.checked, [id]: true } });
  const [q1, q2, q3, q5] = conceptual;
  const add = (q: ChoiceQuestion, number: number) =>
    section.add(
      choiceQuestion(
        body,
        q,
        number,
        (index) => section.update({ picked: { ...section.state.picked, [q.id]: index } }),
        () => check(q.id),
      ),
    );
  add(q1, 1);
  add(q2, 2);
  add(q3, 3);
  section.add(
    numericQuestion(
      body,
      (numeric) => section.update({ numeric }),
      () => check('q4'),
    ),
  );
  add(q5, 5);
  const score = el('p', 'score');
  score.setAttribute('aria-live', 'polite');
  body.append(score);
  section.add((m) => {
    const answered = Object.values(m.checked).filter(Boolean).length;
    score.textContent = answered === 0 ? '' : `Score: ${m.score} of 5 (${answered} checked).`;
  });
  section.render();
  return section;
}
