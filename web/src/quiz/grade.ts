import type { ChoiceQuestion, NumericQuestion } from '../sections/quizQuestions.js';
import { parseAnswer } from './numeric.js';

/** Tries per question: a wrong first answer earns a hint and one more try before the reveal. */
export const ATTEMPTS = 2;

/**
 * What a press of Check means. Only `retry`, `correct` and `wrong` are attempts: an empty
 * answer, one the parser cannot read, or a right number in bits where nats were asked (a unit
 * slip, not a wrong idea) is answered with a prompt and changes neither the tries nor the score.
 */
export type Grade = 'empty' | 'unreadable' | 'bits' | 'retry' | 'correct' | 'wrong';

export const isAttempt = (grade: Grade): boolean =>
  grade === 'retry' || grade === 'correct' || grade === 'wrong';
/** Correct, or out of tries: the question is answered and its explanations are shown. */
export const isFinal = (grade: Grade): boolean => grade === 'correct' || grade === 'wrong';

/** Within 1% of the reference (two to three significant digits), or 0.0005 near zero. */
export function accepts(typed: number, reference: number): boolean {
  return Math.abs(typed - reference) <= Math.max(0.01 * Math.abs(reference), 0.0005);
}

const missed = (attemptsBefore: number): Grade => (attemptsBefore + 1 < ATTEMPTS ? 'retry' : 'wrong');

export function gradeChoice(
  question: ChoiceQuestion,
  picked: number | undefined,
  attemptsBefore: number,
): Grade {
  if (picked === undefined) return 'empty';
  return question.choices[picked]?.correct ? 'correct' : missed(attemptsBefore);
}

export interface NumericGrade {
  grade: Grade;
  /** The reference answer, in the question's unit. */
  reference: number;
  /** What the reader's text evaluated to, converted to nats if they wrote bits. */
  value?: number;
  /** Why the text could not be read. */
  error?: string;
}

export function gradeNumeric(question: NumericQuestion, text: string, attemptsBefore: number): NumericGrade {
  const reference = question.answer();
  if (text.trim() === '') return { grade: 'empty', reference };
  const parsed = parseAnswer(text);
  if ('error' in parsed) return { grade: 'unreadable', reference, error: parsed.error };
  if (question.unit === 'none' && parsed.unit !== undefined) {
    return { grade: 'unreadable', reference, error: `this answer has no unit; drop “${parsed.unit}”` };
  }
  const value = parsed.unit === 'bits' ? parsed.value * Math.LN2 : parsed.value;
  if (accepts(value, reference)) return { grade: 'correct', reference, value };
  if (question.unit === 'nats' && parsed.unit === undefined && accepts(value, reference / Math.LN2)) {
    return { grade: 'bits', reference, value };
  }
  return { grade: missed(attemptsBefore), reference, value };
}
