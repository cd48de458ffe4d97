import '../styles/quiz.css';
import { drawRound, firstSeed, ROUND_SIZE } from '../quiz/draw.js';
import { type Grade, gradeChoice, gradeNumeric, isAttempt, isFinal } from '../quiz/grade.js';
import { el, explorable, type Figure } from '../ui/explorable.js';
import { passFocus } from '../ui/focus.js';
import { formatNumber, setNumber } from '../ui/format.js';
import { bank, type ChoiceQuestion, type NumericQuestion, type Question } from './quizQuestions.js';

/** One question's answer so far: the pick or the text, the tries used, and the last check. */
interface Answer {
  picked?: number;
  typed: string;
  attempts: number;
  grade?: Grade;
  /** Numeric: what the text evaluated to (in nats if written in bits), and the library's answer. */
  value?: number | undefined;
  reference?: number | undefined;
  error?: string | undefined;
}

interface State {
  seed: number;
  round: Question[];
  answers: Record<string, Answer>;
}

const blank: Answer = { typed: '', attempts: 0 };

function compute(s: State) {
  const answerOf = (q: Question) => s.answers[q.id] ?? blank;
  const finished = s.round.filter((q) => isFinal(answerOf(q).grade ?? 'empty'));
  return {
    ...s,
    answerOf,
    answered: finished.length,
    score: finished.filter((q) => answerOf(q).grade === 'correct').length,
  };
}

type QuizModel = ReturnType<typeof compute>;

interface QuestionParts {
  form: HTMLFormElement;
  feedback: HTMLElement;
  check: HTMLButtonElement;
}

function questionForm(
  number: number,
  q: Question,
  onCheck: () => void,
): QuestionParts & { fieldset: HTMLFieldSetElement } {
  const form = el('form', 'question');
  form.dataset['question'] = q.id;
  const fieldset = el('fieldset');
  const legend = el('legend', '', `${number}. `);
  // `backticks` in a prompt mark code.
  for (const [i, part] of q.prompt.split('`').entries()) legend.append(i % 2 ? el('code', '', part) : part);
  fieldset.append(legend);
  const check = el('button', '', 'Check');
  check.type = 'submit';
  const feedback = el('p', 'feedback');
  feedback.setAttribute('aria-live', 'polite');
  form.append(fieldset, check, feedback);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onCheck();
  });
  return { form, fieldset, feedback, check };
}

const tries = (answer: Answer) => (answer.attempts > 1 ? ' (second try)' : '');

function choiceQuestion(
  number: number,
  q: ChoiceQuestion,
  actions: { pick: (index: number) => void; check: () => void },
): [HTMLElement, Figure<QuizModel>] {
  const { form, fieldset, feedback, check } = questionForm(number, q, actions.check);
  const options = q.choices.map((choice, index) => {
    const label = el('label', 'option');
    const input = el('input');
    Object.assign(input, { type: 'radio', name: `quiz-${q.id}`, value: String(index) });
    input.addEventListener('change', () => actions.pick(index));
    const why = el('span', 'why');
    label.append(input, el('span', 'option-text', choice.text), why);
    fieldset.append(label);
    return { input, label, why, choice };
  });
  return [
    form,
    (m) => {
      const answer = m.answerOf(q);
      const grade = answer.grade;
      const final = grade !== undefined && isFinal(grade);
      if (final) passFocus(form, feedback);
      for (const [index, option] of options.entries()) {
        const picked = answer.picked === index;
        option.input.checked = picked;
        option.input.disabled = final;
        // Explanations wait for the end: a wrong first pick earns a hint, not the answer.
        option.why.textContent = final ? ` ${option.choice.why}` : '';
        option.label.classList.toggle('right', final && option.choice.correct);
        option.label.classList.toggle('wrong', picked && (grade === 'retry' || grade === 'wrong'));
      }
      check.disabled = final;
      feedback.dataset['grade'] = grade ?? 'unchecked';
      feedback.textContent =
        grade === undefined
          ? ''
          : {
              empty: 'Pick an answer first.',
              retry: `Not quite. Hint: ${q.hint} One more try.`,
              correct: `✓ Correct${tries(answer)}.`,
              wrong: '✗ Not this time: the right answer is marked, and every choice explains itself.',
              unreadable: '',
              bits: '',
            }[grade];
    },
  ];
}

function numericQuestion(
  number: number,
  q: NumericQuestion,
  actions: { type: (text: string) => void; check: () => void },
): [HTMLElement, Figure<QuizModel>] {
  const { form, fieldset, feedback, check } = questionForm(number, q, actions.check);
  const label = el('label', 'numeric');
  label.append(q.unit === 'nats' ? 'Your answer (nats): ' : 'Your answer: ');
  const input = el('input');
  Object.assign(input, {
    type: 'text',
    autocomplete: 'off',
    spellcheck: false,
    name: `quiz-${q.id}`,
    size: 12,
  });
  input.addEventListener('input', () => actions.type(input.value));
  label.append(input);
  // Examples of the forms, with numbers that answer no question in the bank.
  const forms = q.unit === 'nats' ? '0.25, −ln(0.3), ln(4/3), 1.2 bits' : '−0.25, 0.4 − 1, −1/4';
  fieldset.append(label, el('span', 'forms', `Numbers or small expressions work, e.g. ${forms}.`));
  const reference = el('span', 'num');
  reference.dataset['value'] = 'reference';
  return [
    form,
    (m) => {
      const answer = m.answerOf(q);
      const { grade } = answer;
      if (input.value !== answer.typed) input.value = answer.typed;
      const final = grade !== undefined && isFinal(grade);
      if (final) passFocus(form, feedback);
      input.disabled = final;
      check.disabled = final;
      feedback.dataset['grade'] = grade ?? 'unchecked';
      const typed = answer.value === undefined ? '' : formatNumber(answer.value);
      const unit = q.unit === 'nats' ? ' nats' : '';
      if (final && answer.reference !== undefined) setNumber(reference, answer.reference, 6);
      const parts: (string | Node)[] =
        grade === undefined
          ? []
          : {
              empty: ['Type an answer first.'],
              unreadable: [`I could not read that: ${answer.error}.`],
              bits: [
                `${typed} is the answer in bits; this question asks for nats. Multiply by ln 2, or write “bits” after the number.`,
              ],
              retry: [`Not quite: ${typed}${unit}. Hint: ${q.hint} One more try.`],
              correct: [`✓ Correct${tries(answer)}: `, reference, `${unit}. ${q.explanation}`],
              wrong: [`✗ You wrote ${typed}${unit}; the answer is `, reference, `${unit}. ${q.explanation}`],
            }[grade];
      feedback.replaceChildren(...parts);
    },
  ];
}

export function mountQuiz(root: HTMLElement) {
  const body = root.querySelector<HTMLElement>('.quiz-body');
  if (!body) throw new Error('explainer: #quiz has no .quiz-body');
  const seed = firstSeed(location.search);
  const section = explorable<State, QuizModel>({ seed, round: drawRound(bank, seed), answers: {} }, compute);
  const patch = (q: Question, change: Partial<Answer>) => {
    const answers = section.state.answers;
    section.update({ answers: { ...answers, [q.id]: { ...(answers[q.id] ?? blank), ...change } } });
  };
  const checkChoice = (q: ChoiceQuestion) => {
    const answer = section.model.answerOf(q);
    const grade = gradeChoice(q, answer.picked, answer.attempts);
    patch(q, { grade, attempts: answer.attempts + (isAttempt(grade) ? 1 : 0) });
  };
  const checkNumeric = (q: NumericQuestion) => {
    const answer = section.model.answerOf(q);
    const { grade, reference, value, error } = gradeNumeric(q, answer.typed, answer.attempts);
    patch(q, { grade, reference, value, error, attempts: answer.attempts + (isAttempt(grade) ? 1 : 0) });
  };

  const list = el('div', 'quiz-round');
  const footer = el('div', 'quiz-footer');
  const score = el('p', 'score');
  score.setAttribute('aria-live', 'polite');
  const next = el('button', '', 'New round');
  next.type = 'button';
  next.dataset['control'] = 'new-round';
  next.addEventListener('click', () => {
    const seed = section.state.seed + 1;
    section.update({ seed, round: drawRound(bank, seed), answers: {} });
  });
  footer.append(score, next);
  body.append(list, footer);

  let drawn: Question[] | undefined;
  let questions: Figure<QuizModel>[] = [];
  section.add((m) => {
    if (drawn !== m.round) {
      drawn = m.round;
      const built = m.round.map((q, i) =>
        q.kind === 'choice'
          ? choiceQuestion(i + 1, q, { pick: (picked) => patch(q, { picked }), check: () => checkChoice(q) })
          : numericQuestion(i + 1, q, { type: (typed) => patch(q, { typed }), check: () => checkNumeric(q) }),
      );
      list.replaceChildren(...built.map(([form]) => form));
      questions = built.map(([, figure]) => figure);
      root.dataset['quizSeed'] = String(m.seed);
    }
    for (const question of questions) question(m);
    score.dataset['score'] = String(m.score);
    score.dataset['answered'] = String(m.answered);
    score.textContent =
      m.answered === 0
        ? `${ROUND_SIZE} questions from a bank of ${bank.length}.`
        : `Score: ${m.score} of ${m.answered} answered (${ROUND_SIZE} in this round).`;
  });
  section.render();
  return section;
}
