import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { crossEntropy } from '../../src/index.js';
import { rawNumber } from './web/browser.js';
import { itLogsNoErrors, useExplainer } from './web/explainer.js';

const explainer = useExplainer();
let page: Page;
beforeAll(() => {
  page = explainer.page;
});

describe('explainer: the quiz', () => {
  it('quiz: right and wrong choices, and the numeric answer checked against the library', async () => {
    const question = (id: string) => page.locator(`#quiz [data-question="${id}"]`);
    await question('q1').locator('input[value="0"]').check();
    await question('q1').getByRole('button', { name: 'Check' }).click();
    expect(await question('q1').locator('.feedback').getAttribute('data-grade')).toBe('correct');
    await question('q2').locator('input[value="0"]').check();
    await question('q2').getByRole('button', { name: 'Check' }).click();
    expect(await question('q2').locator('.feedback').getAttribute('data-grade')).toBe('wrong');
    // Every choice explains itself once checked.
    expect(
      await question('q2')
        .locator('.why')
        .evaluateAll((spans) => spans.filter((s) => s.textContent).length),
    ).toBe(4);

    const answer = question('q4').locator('input[name="q4"]');
    await answer.fill('2');
    await question('q4').getByRole('button', { name: 'Check' }).click();
    expect(await question('q4').locator('.feedback').getAttribute('data-grade')).toBe('wrong');
    expect(await rawNumber(page, '#quiz [data-value="reference"]')).toBe(
      crossEntropy([1, 0, 0], [0.7, 0.2, 0.1]),
    );
    await answer.fill('0.515');
    expect(await question('q4').locator('.feedback').getAttribute('data-grade')).toBe('bits');
    await answer.fill('0.357');
    expect(await question('q4').locator('.feedback').getAttribute('data-grade')).toBe('correct');
    expect(-Math.log(0.7)).toBeCloseTo(0.357, 3); // the accepted answer, by hand
    expect(await page.locator('#quiz .score').textContent()).toContain('2 of 5');
  });

  itLogsNoErrors(explainer);
});
