import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { crossEntropy, entropy } from '../../src/index.js';
import { drawRound, ROUND_SIZE } from '../../web/src/quiz/draw.js';
import { gradeNumeric } from '../../web/src/quiz/grade.js';
import { parseAnswer } from '../../web/src/quiz/numeric.js';
import { bank, type ChoiceQuestion, type NumericQuestion } from '../../web/src/sections/quizQuestions.js';
import { rawNumber } from './web/browser.js';
import { itLogsNoErrors, useExplainer } from './web/explainer.js';

const explainer = useExplainer();
let page: Page;
beforeAll(() => {
  page = explainer.page;
});

const ln07 = -Math.log(0.7); // the article's answer, by hand: only the true class counts
const choices = bank.filter((q): q is ChoiceQuestion => q.kind === 'choice');
const numeric = (id: string) =>
  bank.find((q): q is NumericQuestion => q.kind === 'numeric' && q.id === id) as NumericQuestion;

/** The first seed whose round has the article's numeric question and at least three choice questions. */
const seed = Array.from({ length: 1000 }, (_, s) => s).find((s) => {
  const round = drawRound(bank, s);
  return round.some((q) => q.id === 'article') && round.filter((q) => q.kind === 'choice').length >= 3;
}) as number;
const round = drawRound(bank, seed);
const roundChoices = round.filter((q): q is ChoiceQuestion => q.kind === 'choice');

async function open(quizSeed: number): Promise<void> {
  await page.goto(`${explainer.site.url}?quiz-seed=${quizSeed}`);
  await page.waitForSelector('body[data-ready="true"]');
}

const question = (id: string) => page.locator(`#quiz [data-question="${id}"]`);
const gradeOf = (id: string) => question(id).locator('.feedback').getAttribute('data-grade');
const answered = () => page.locator('#quiz .score').getAttribute('data-answered');
const score = () => page.locator('#quiz .score').getAttribute('data-score');
const check = (id: string) => question(id).getByRole('button', { name: 'Check' }).click();
const rightIndex = (q: ChoiceQuestion) => q.choices.findIndex((c) => c.correct);

describe('the quiz bank', () => {
  it('has at least 12 questions with distinct ids, each choice question with one right option', () => {
    expect(bank.length).toBeGreaterThanOrEqual(12);
    expect(new Set(bank.map((q) => q.id)).size).toBe(bank.length);
    for (const q of choices)
      expect(
        q.choices.filter((c) => c.correct),
        q.id,
      ).toHaveLength(1);
  });

  it('gives no length tell: options within 1.6× of each other, the right one longest in at most a fair share', () => {
    let rightLongest = 0;
    for (const q of choices) {
      const lengths = q.choices.map((c) => c.text.length);
      expect(Math.max(...lengths) / Math.min(...lengths), `${q.id}: ${lengths}`).toBeLessThanOrEqual(1.6);
      if (lengths[rightIndex(q)] === Math.max(...lengths)) rightLongest++;
    }
    // A fair share: one question in four, when every question has four options.
    expect(choices.every((q) => q.choices.length === 4)).toBe(true);
    expect(rightLongest).toBeLessThanOrEqual(Math.ceil(choices.length / 4));
  });

  it("speaks the page's notation: C classes (section 6), classes and their logits numbered from 0 (every figure)", () => {
    const text = bank
      .flatMap((q) =>
        q.kind === 'choice'
          ? [q.prompt, q.hint, ...q.choices.flatMap((c) => [c.text, c.why])]
          : [q.prompt, q.hint, q.explanation],
      )
      .join('\n');
    expect(text).not.toMatch(/\bK classes|ε\s*\/\s*K/);
    // The divergence is D_KL(p‖q), as in the notation legend, never a bare KL(p‖q).
    expect(text).not.toMatch(/(?<!D_)KL\(/);
    // The first class is class 0 on the page, so its logit is z₀: a z₁ for "the first" would be the second bar.
    expect(text).not.toMatch(/first[^.?]*[zqp]₁/);
  });

  it('drawRound(bank, seed) draws five distinct questions, the same five for the same seed', () => {
    expect(round).toHaveLength(ROUND_SIZE);
    expect(new Set(round.map((q) => q.id)).size).toBe(ROUND_SIZE);
    expect(drawRound(bank, seed).map((q) => q.id)).toEqual(round.map((q) => q.id));
    expect(drawRound(bank, seed + 1).map((q) => q.id)).not.toEqual(round.map((q) => q.id));
  });

  it('parseAnswer(text) reads numbers, small expressions and units, and nothing else', () => {
    const cases: [string, number, string | undefined][] = [
      ['0.357', 0.357, undefined],
      ['0.36 nats', 0.36, 'nats'],
      ['-ln(0.7)', ln07, undefined],
      ['ln(1/0.7)', Math.log(1 / 0.7), undefined],
      ['−log(0.7)', ln07, undefined], // a Unicode minus; log is the natural log
      ['log2(10/7) bits', Math.log2(10 / 7), 'bits'],
      ['1/3', 1 / 3, undefined],
      ['0,5', 0.5, undefined],
      ['2^-1', 0.5, undefined],
      ['0.7 − 1', 0.7 - 1, undefined],
      ['-(0.5*ln(0.5) + 0.5*ln(0.5))', -(0.5 * Math.log(0.5) + 0.5 * Math.log(0.5)), undefined],
    ];
    for (const [text, value, unit] of cases) expect(parseAnswer(text), text).toEqual({ value, unit });
    for (const bad of ['', 'abc', '2 +', 'alert(1)', '0.3.5', 'ln 0.7', '1/0', 'ln(0)', '(1']) {
      expect(parseAnswer(bad), bad).toHaveProperty('error');
    }
  });

  it('gradeNumeric(question, text) checks against the library, converting bits', () => {
    const article = numeric('article');
    expect(article.answer()).toBe(crossEntropy([1, 0, 0], [0.7, 0.2, 0.1]));
    expect(article.answer()).toBeCloseTo(ln07, 15);
    for (const right of [
      '0.357',
      '0.36 nats',
      '-ln(0.7)',
      'ln(1/0.7)',
      '−log(0.7)',
      '0.515 bits',
      'log2(1/0.7) bits',
    ])
      expect(gradeNumeric(article, right, 0).grade, right).toBe('correct');
    expect(gradeNumeric(article, '0.515', 0).grade).toBe('bits');
    expect(gradeNumeric(article, '0.35', 0).grade).toBe('retry');
    expect(gradeNumeric(article, '0.35', 1).grade).toBe('wrong');
    expect(gradeNumeric(article, '  ', 0).grade).toBe('empty');
    const coin = numeric('coin');
    expect(coin.answer()).toBe(entropy([0.5, 0.5]));
    expect(gradeNumeric(coin, '1 bit', 0).grade).toBe('correct');
    const gradient = numeric('logit-gradient');
    expect(gradeNumeric(gradient, '0.7 - 1', 0).grade).toBe('correct');
    expect(gradeNumeric(gradient, '-0.3 nats', 0).grade).toBe('unreadable');
  });
});

describe('explainer: the quiz', () => {
  it(`draws the round of ?quiz-seed=${seed}: five questions`, async () => {
    await open(seed);
    expect(await page.locator('#quiz').getAttribute('data-quiz-seed')).toBe(String(seed));
    const ids = await page
      .locator('#quiz [data-question]')
      .evaluateAll((forms) => forms.map((f) => f.getAttribute('data-question')));
    expect(ids).toEqual(round.map((q) => q.id));
  });

  it('a right pick scores; an empty check asks for an answer and changes nothing', async () => {
    const [first, second] = roundChoices;
    await check(first.id);
    expect(await gradeOf(first.id)).toBe('empty');
    expect(await answered()).toBe('0');
    await question(first.id)
      .locator(`input[value="${rightIndex(first)}"]`)
      .check();
    // Checked from the keyboard: the Check button is disabled once graded, so the focus moves on
    // to the verdict instead of falling to the top of the page.
    await question(first.id).getByRole('button', { name: 'Check' }).focus();
    await page.keyboard.press('Enter');
    expect(await gradeOf(first.id)).toBe('correct');
    expect(await page.evaluate(() => document.activeElement?.matches('#quiz .feedback'))).toBe(true);
    expect([await score(), await answered()]).toEqual(['1', '1']);
    await check(second.id);
    expect(await gradeOf(second.id)).toBe('empty');
    expect([await score(), await answered()]).toEqual(['1', '1']);
  });

  it('a wrong pick earns a hint and one more try; the explanations wait until then', async () => {
    const q = roundChoices[1];
    const wrong = q.choices.map((c, i) => (c.correct ? -1 : i)).filter((i) => i >= 0);
    await question(q.id).locator(`input[value="${wrong[0]}"]`).check();
    await check(q.id);
    expect(await gradeOf(q.id)).toBe('retry');
    expect(await question(q.id).locator('.feedback').textContent()).toContain(q.hint);
    const shown = () =>
      question(q.id)
        .locator('.why')
        .evaluateAll((spans) => spans.filter((s) => s.textContent).length);
    expect(await shown()).toBe(0);
    expect(await question(q.id).locator('.option.right').count()).toBe(0);
    expect(await answered()).toBe('1');
    await question(q.id).locator(`input[value="${wrong[1]}"]`).check();
    await check(q.id);
    expect(await gradeOf(q.id)).toBe('wrong');
    expect(await shown()).toBe(q.choices.length);
    expect(await question(q.id).locator('.option.right .option-text').textContent()).toBe(
      q.choices[rightIndex(q)].text,
    );
    expect([await score(), await answered()]).toEqual(['1', '2']);
  });

  it('the numeric answer: empty, unreadable and bits are prompts; wrong, then right on the second try', async () => {
    const answerWith = async (text: string) => {
      await question('article').locator('input[type="text"]').fill(text);
      await check('article');
      return gradeOf('article');
    };
    expect(await answerWith('')).toBe('empty');
    expect(await question('article').locator('[data-value="reference"]').count()).toBe(0); // no answer given away
    expect(await answerWith('seven')).toBe('unreadable');
    expect(await answerWith('0.515')).toBe('bits');
    expect(await answered()).toBe('2');
    expect(await answerWith('2')).toBe('retry');
    expect(await answerWith('0.36 nats')).toBe('correct');
    expect(await rawNumber(page, '#quiz [data-value="reference"]')).toBe(
      crossEntropy([1, 0, 0], [0.7, 0.2, 0.1]),
    );
    expect([await score(), await answered()]).toEqual(['2', '3']);
  });

  it('accepts -ln(0.7), −log(0.7) and 0.515 bits on the page too', async () => {
    for (const text of ['-ln(0.7)', '−log(0.7)', '0.515 bits']) {
      await open(seed);
      await question('article').locator('input[type="text"]').fill(text);
      await check('article');
      expect(await gradeOf('article'), text).toBe('correct');
    }
  });

  it('"New round" draws the next seed’s five questions and starts the score again', async () => {
    await open(seed);
    await question(roundChoices[0].id)
      .locator(`input[value="${rightIndex(roundChoices[0])}"]`)
      .check();
    await check(roundChoices[0].id);
    expect(await answered()).toBe('1');
    await page.locator('#quiz [data-control="new-round"]').click();
    const ids = await page
      .locator('#quiz [data-question]')
      .evaluateAll((forms) => forms.map((f) => f.getAttribute('data-question')));
    expect(ids).toEqual(drawRound(bank, seed + 1).map((q) => q.id));
    expect(await answered()).toBe('0');
  });

  itLogsNoErrors(explainer);
});
