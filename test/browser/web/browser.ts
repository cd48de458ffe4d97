import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (CI installs it); XENT_CHROMIUM points elsewhere. Nothing downloads a browser. */
const executablePath = process.env['XENT_CHROMIUM'] ?? '/usr/bin/chromium';
const args = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launch(): Promise<Browser> {
  try {
    return await chromium.launch({ executablePath, args, headless: true });
  } catch (error) {
    throw new Error(
      `the explainer tests drive Chromium at ${executablePath} and could not start it; install it ` +
        `(apt-get install chromium) or set XENT_CHROMIUM to a Chromium or Chrome binary. ${String(error)}`,
    );
  }
}

/** Every console error and uncaught exception a page produces, with where it came from. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()}`));
  return errors;
}

/** The exact number behind a printed one (`data-raw`), as the page formats it for people. */
export async function rawNumber(page: Page, selector: string): Promise<number> {
  const raw = await page.locator(selector).first().getAttribute('data-raw');
  if (raw === null) throw new Error(`${selector} has no data-raw`);
  return Number(raw);
}

/** Sets a range input's value the way a drag does: value, then an `input` event. */
export async function setSlider(page: Page, selector: string, value: number): Promise<void> {
  await page.locator(selector).evaluate((input, v) => {
    (input as HTMLInputElement).value = String(v);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}
