import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { bank } from '../../web/src/sections/quizQuestions.js';
import { type Term, termColors } from '../../web/src/ui/palette.js';
import { collectErrors } from './web/browser.js';
import { itLogsNoErrors, useExplainer } from './web/explainer.js';
import { resultsDir } from './web/serve.js';

// The page as a whole: every section renders, formulas are typeset, the layout holds at desktop
// and phone widths. The sections' own behaviour is tested in the other web-*.test.ts files.
const explainer = useExplainer();

/**
 * Where `text` breaks the page's rule for logarithms (its notation legend states it): `ln` only
 * before a number it works out in nats (ln 2, −ln 0.7, ln(4/3)) or naming nats on the unit switch,
 * "(ln)"; a bare `log` never before a number, which would leave its unit unsaid (0 · log 0 = 0,
 * true in every base, is the one exception). Matches TeX (\ln, \log) and typeset text alike.
 */
function logRuleBreaks(text: string): string[] {
  // A number: digits, ½, or a bracket of them (e, the constant, may appear: ln(1 + e^{4})).
  const number = String.raw`\s*(?:[\d½]|\((?:[^()a-df-zA-Z]|e)*\))`;
  const lnOffRule = new RegExp(String.raw`(?:\\|\b)ln\b(?!${number}|\))`, 'g');
  const logOnNumber = new RegExp(String.raw`(?:\\|\b)log(?![_₂₁\w])(?=${number})(?!\s*0(?![.\d]))`, 'g');
  return [...text.matchAll(lnOffRule), ...text.matchAll(logOnNumber)].map(
    ({ index = 0 }) => `…${text.slice(Math.max(0, index - 30), index + 30)}…`,
  );
}

/** Every section of the page, in order, as the page itself lists them. */
const sectionIds = (): Promise<string[]> =>
  explainer.page.locator('main > section[id]').evaluateAll((sections) => sections.map((s) => s.id));

/**
 * Pairs of labels that overlap inside one SVG figure (boxes crossing by more than a pixel or two),
 * and labels that stick out of their figure, as "section: text × text" lines.
 */
const overlappingLabels = (page: Page): Promise<string[]> =>
  page.evaluate(() => {
    const found: string[] = [];
    for (const svg of document.querySelectorAll('main svg')) {
      const shown = [...svg.querySelectorAll('text')].filter(
        (t) =>
          t.textContent?.trim() &&
          t.getClientRects().length > 0 &&
          getComputedStyle(t).visibility !== 'hidden',
      );
      const boxes = shown.map((t) => t.getBoundingClientRect());
      const frame = svg.getBoundingClientRect();
      const where = svg.closest('section')?.id ?? '?';
      boxes.forEach((a, i) => {
        if (a.left < frame.left - 2 || a.right > frame.right + 2)
          found.push(`${where}: "${shown[i]?.textContent}" is clipped`);
        for (let j = i + 1; j < boxes.length; j++) {
          const b = boxes[j] as DOMRect;
          const across = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const down = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (across > 1 && down > 2)
            found.push(`${where}: "${shown[i]?.textContent}" × "${shown[j]?.textContent}"`);
        }
      });
    }
    return found;
  });

/** A palette colour (#rrggbb) as getComputedStyle writes it. */
const rgb = (hex: string): string =>
  `rgb(${[1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

describe('explainer page', () => {
  it('renders every section with a figure, and typesets every fixed formula', async () => {
    const { page } = explainer;
    const ids = await sectionIds();
    expect(ids.length).toBeGreaterThanOrEqual(9);
    for (const id of ids) {
      const section = page.locator(`#${id}`);
      await expect(section.isVisible()).resolves.toBe(true);
      if (id !== 'quiz')
        expect(await section.locator('canvas, svg:not(.katex svg)').count(), id).toBeGreaterThan(0);
    }
    expect(await page.locator('main .katex').count()).toBeGreaterThan(10);
    expect(await page.locator('.katex-error').count()).toBe(0);
  });

  it('numbers the sections 1–13 in page order, each number inside its badge', async () => {
    // A round badge holds its number when there is room either side, 15% of its height or more.
    const badges = await explainer.page.locator('main > section > h2 .num-badge').evaluateAll((spans) =>
      spans.map((s) => {
        const digits = document.createRange();
        digits.selectNodeContents(s);
        const badge = s.getBoundingClientRect();
        const room = (badge.width - digits.getBoundingClientRect().width) / 2;
        return { text: s.textContent, fits: room >= 0.15 * badge.height };
      }),
    );
    expect(badges.map((b) => b.text)).toEqual((await sectionIds()).map((_, i) => String(i + 1)));
    expect(badges.filter((b) => !b.fits)).toEqual([]);
  });

  it('writes the loss as L in every formula, as the legend and ∂L/∂z do (never a second symbol, 𝓛)', async () => {
    const sources = await explainer.page
      .locator('main annotation[encoding="application/x-tex"]')
      .evaluateAll((notes) => notes.map((n) => n.textContent ?? ''));
    expect(sources.length).toBeGreaterThan(20);
    expect(sources.filter((tex) => tex.includes('\\mathcal{L}'))).toEqual([]);
  });

  it('stands on its own: no sentence or button points to "the article", a text the reader never saw', async () => {
    const text = await explainer.page.evaluate(() => document.querySelector('main')?.textContent ?? '');
    expect(text).not.toMatch(/\barticle/i);
  });

  it("spells logarithms by the legend's rule: log in formulas, ln for a number in nats, log₂ in bits", async () => {
    const page = await explainer.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(explainer.site.url);
    await page.waitForSelector('body[data-ready="true"]');
    // Every prediction revealed, so its explanation is on the page too.
    await page.locator('form.predict button.quiet').evaluateAll((skips) => {
      for (const skip of skips as HTMLButtonElement[]) skip.click();
    });
    const texts = await page.evaluate(() => {
      const body = document.body.cloneNode(true) as HTMLElement;
      // The legend's statement of the rule names every spelling, as a rule must.
      for (const rule of body.querySelectorAll('[data-notation="logarithms"]')) rule.remove();
      // A typeset formula is read from its TeX source (KaTeX keeps it in an annotation).
      const sources = [...body.querySelectorAll('annotation[encoding="application/x-tex"]')];
      const tex = sources.map((a) => a.textContent ?? '');
      for (const part of body.querySelectorAll('.katex, script, style')) part.remove();
      const labels = [...document.querySelectorAll('[aria-label]')].map((e) => e.getAttribute('aria-label'));
      return [body.textContent ?? '', ...tex, ...labels.map(String)];
    });
    await page.close();
    // The quiz shows a few questions a round; its whole bank is read here.
    const broken = logRuleBreaks([...texts, JSON.stringify(bank)].join('\n'));
    expect(broken).toEqual([]);
    // The scan itself finds what the rule forbids.
    expect(logRuleBreaks('surprisal −ln q, log 2 ≈ 0.693, \\ln(p_i / q_i), \\log 0.7')).toHaveLength(4);
    expect(
      logRuleBreaks('−ln 0.7, ln(4/3), nats (ln), 0 · log 0 = 0, \\log_2 0.01, log₂ 4, log(p / q)'),
    ).toEqual([]);
  });

  it('lists every section in the table of contents, in order, by its heading', async () => {
    const { page } = explainer;
    const toc = await page
      .locator('nav .toc a')
      .evaluateAll((links) => links.map((a) => ({ href: a.getAttribute('href'), text: a.textContent })));
    const headings = await page
      .locator('main > section[id]')
      .evaluateAll((sections) =>
        sections.map((s) => ({ href: `#${s.id}`, heading: s.querySelector('h2')?.textContent ?? '' })),
      );
    expect(toc.map((link) => link.href)).toEqual(headings.map((section) => section.href));
    for (const [i, link] of toc.entries()) expect(headings[i]?.heading).toContain(link.text);
  });

  it('titles every section as "Title: what it is", the form its contents entry cuts', async () => {
    const headings = await explainer.page.locator('main > section[id] h2').evaluateAll((h2s) =>
      h2s.map((h) => ({
        badge: Number(h.querySelector('.num-badge')?.textContent),
        text: h.textContent ?? '',
      })),
    );
    expect(headings.map(({ badge }) => badge)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    for (const { text } of headings) expect(text.trim()).toMatch(/^\d+\s+[^:]+: \S.*\S$/);
  });

  it('lights a quantity up page-wide from the notation legend, by pointer and by keyboard', async () => {
    const { page } = explainer;
    const pitchKl = page.locator('.pitch p > [data-term="kl"]');
    const outline = () => pitchKl.evaluate((span) => getComputedStyle(span).outlineStyle);
    await expect(outline()).resolves.toBe('none');
    await page.locator('.hero .legend [data-term="kl"]').hover();
    await expect(page.locator('body').getAttribute('data-highlight')).resolves.toBe('kl');
    await expect(outline()).resolves.toBe('solid');
    await page.mouse.move(1, 890);
    await expect(page.locator('body').getAttribute('data-highlight')).resolves.toBe(null);
    await page.locator('.hero .legend [data-term="guess"]').focus();
    await expect(page.locator('body').getAttribute('data-highlight')).resolves.toBe('guess');
    await page.locator('.hero .legend [data-term="guess"]').blur();
    // Scrolled past the hero, the legend docks in a corner and opens on demand.
    const docked = page.locator('details.legend.docked');
    await page.locator('#training').scrollIntoViewIfNeeded();
    await docked.waitFor({ state: 'visible' });
    await docked.locator('summary').click();
    await docked.locator('[data-term="entropy"]').hover();
    await expect(page.locator('body').getAttribute('data-highlight')).resolves.toBe('entropy');
    await page.mouse.move(1, 1);
    await docked.locator('summary').click();
    await page.evaluate(() => window.scrollTo(0, 0));
    await docked.waitFor({ state: 'hidden' });
    await page.mouse.move(1, 1);
  });

  it('on a phone, the docked Notation box hides no line of text and no control, anywhere on the page', async () => {
    const phone = await explainer.browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(explainer.site.url);
    await phone.waitForSelector('body[data-ready="true"]');
    const height = await phone.evaluate(() => document.documentElement.scrollHeight);
    const hidden: string[] = [];
    let shown = 0;
    // Every screenful of the page, in steps shorter than the box's strip is tall, then some.
    for (let y = 0; y < height; y += 97) {
      const found = await phone.evaluate(async (top) => {
        window.scrollTo(0, top);
        // The box is placed on the animation frame after a scroll.
        await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
        const docked = document.querySelector<HTMLElement>('details.legend.docked');
        if (!docked || docked.hidden) return null;
        const box = docked.getBoundingClientRect();
        const overlaps = (r: DOMRect) =>
          r.width > 0 &&
          r.height > 0 &&
          r.left < box.right &&
          r.right > box.left &&
          r.top < box.bottom &&
          r.bottom > box.top;
        // The box hides a part only where nothing else (a pinned stage) already covers it: at the
        // overlap's centre, the first thing under the box must be the part itself.
        const hides = (r: DOMRect, part: Element) => {
          const x = (Math.max(r.left, box.left) + Math.min(r.right, box.right)) / 2;
          const y = (Math.max(r.top, box.top) + Math.min(r.bottom, box.bottom)) / 2;
          const under = document.elementsFromPoint(x, y).find((e) => !docked.contains(e));
          return under !== undefined && (under === part || part.contains(under) || under.contains(part));
        };
        const where = document.elementFromPoint(195, 422)?.closest('section')?.id ?? 'header';
        const hits: string[] = [];
        const main = document.querySelector('main') as HTMLElement;
        const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const parent = node.parentElement;
          if (!node.textContent?.trim() || !parent) continue;
          const range = document.createRange();
          range.selectNodeContents(node);
          for (const r of range.getClientRects())
            if (overlaps(r) && hides(r, parent))
              hits.push(`${where}: text "${node.textContent.trim().slice(0, 30)}"`);
        }
        const controls = main.querySelectorAll(
          'input, button, select, summary, a, [role="slider"], [tabindex="0"]',
        );
        for (const control of controls) {
          const r = control.getBoundingClientRect();
          if (overlaps(r) && hides(r, control)) hits.push(`${where}: ${control.outerHTML.slice(0, 50)}`);
        }
        return hits;
      }, y);
      if (found === null) continue;
      shown++;
      hidden.push(...found.map((hit) => `at ${y} px, ${hit}`));
    }
    await phone.close();
    // It is there to be used: shown while reading most of the page.
    expect(shown).toBeGreaterThan(height / 97 / 2);
    expect([...new Set(hidden)]).toEqual([]);
  });

  it('lights a quantity up when its legend entry is tapped on a touch screen (the entry takes focus)', async () => {
    const context = await explainer.browser.newContext({
      viewport: { width: 390, height: 844 },
      hasTouch: true,
      isMobile: true,
    });
    const phone = await context.newPage();
    await phone.goto(explainer.site.url);
    await phone.waitForSelector('body[data-interactive]');
    await phone.locator('.hero .legend [data-term="kl"]').tap();
    await expect(phone.locator('body').getAttribute('data-highlight')).resolves.toBe('kl');
    await context.close();
  });

  it("keeps a scene's figure in view while its prose scrolls: beside it on a desktop, pinned on top on a phone", async () => {
    const { browser, site } = explainer;
    for (const viewport of [
      { width: 1280, height: 900 },
      { width: 390, height: 844 },
    ]) {
      const page = await browser.newPage({ viewport });
      await page.goto(site.url);
      await page.waitForSelector('body[data-ready="true"]');
      // A scene of the shape every section uses (index.html's sections are their owners' to convert).
      await page.evaluate(() => {
        const scene = document.createElement('div');
        scene.className = 'scene';
        scene.id = 'layout-probe';
        const prose = `<p>${'A sentence of prose that the reader scrolls past. '.repeat(12)}</p>`;
        scene.innerHTML =
          `<div class="prose">${prose.repeat(14)}</div>` +
          '<div class="stage"><svg viewBox="0 0 400 240" role="img" aria-label="probe"><rect width="400" height="240"/></svg>' +
          '<input type="range" aria-label="probe" min="0" max="10" value="5"></div>';
        document.querySelector('main > section h2')?.after(scene);
      });
      const stage = page.locator('#layout-probe > .stage');
      const prose = page.locator('#layout-probe > .prose');
      // Scroll to the middle of the prose: the stage must be on screen, stuck near the top.
      await prose.evaluate((element) => {
        const box = element.getBoundingClientRect();
        window.scrollBy(0, box.top + box.height / 2 - window.innerHeight / 2);
      });
      const box = await stage.boundingBox();
      const proseBox = await prose.boundingBox();
      expect(box, `${viewport.width} px`).not.toBeNull();
      if (!box || !proseBox) return;
      expect(box.y, `${viewport.width} px`).toBeGreaterThanOrEqual(0);
      expect(box.y, `${viewport.width} px`).toBeLessThanOrEqual(16);
      expect(proseBox.y, `${viewport.width} px`).toBeLessThan(-100);
      if (viewport.width === 390) expect(box.height).toBeLessThanOrEqual(0.62 * viewport.height + 1);
      else expect(box.x).toBeGreaterThan(proseBox.x + proseBox.width);
      // Using its control from the keyboard does not scroll the figure away.
      await stage.locator('input').focus();
      await page.keyboard.press('ArrowRight');
      const after = await stage.locator('svg').boundingBox();
      expect(after?.y, `${viewport.width} px`).toBeGreaterThanOrEqual(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        viewport.width,
      );
      await page.close();
    }
  });

  it('lays out at desktop (1280 px) and phone (390 px) widths, saved as screenshots', async () => {
    const { page, browser, site } = explainer;
    const ids = await sectionIds();
    await page.screenshot({ path: `${resultsDir}/web-desktop.png`, fullPage: true });
    // One picture per section too: a full page is too tall to look at closely.
    for (const id of ids)
      await page.locator(`#${id}`).screenshot({ path: `${resultsDir}/web-desktop-${id}.png` });
    await page.locator('header').screenshot({ path: `${resultsDir}/web-desktop-header.png` });
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    const phoneErrors = collectErrors(phone);
    await phone.goto(site.url);
    await phone.waitForSelector('body[data-ready="true"]');
    // Nothing may stick out sideways on a phone: a page that scrolls horizontally is broken there.
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    await phone.screenshot({ path: `${resultsDir}/web-phone.png`, fullPage: true });
    for (const id of ids)
      await phone.locator(`#${id}`).screenshot({ path: `${resultsDir}/web-phone-${id}.png` });
    await phone.locator('header').screenshot({ path: `${resultsDir}/web-phone-header.png` });
    await phone.close();
    expect(width).toBeLessThanOrEqual(390);
    expect(phoneErrors).toEqual([]);
    // Some 30 screenshots, two full pages among them: 25 s alone on 2 cores, more under load.
  }, 120_000);

  it("on a phone, a pinned stage shows its controls with its figure, none below the stage's fold", async () => {
    const phone = await explainer.browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(explainer.site.url);
    await phone.waitForSelector('body[data-ready="true"]');
    const hidden = await phone.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.scene > .stage')].flatMap((stage) => {
        const { top } = stage.getBoundingClientRect();
        const where = stage.closest('section')?.id;
        const controls = [...stage.querySelectorAll('input, button, select, [role="slider"]')];
        const below = controls
          .filter((c) => c.getClientRects().length > 0)
          .filter((c) => c.getBoundingClientRect().bottom - top > stage.clientHeight)
          .map((c) => `${where}: ${c.outerHTML.slice(0, 50)}`);
        // And no figure squeezed to make room: drawn at its own aspect ratio.
        const squeezed = [...stage.querySelectorAll<SVGSVGElement>('svg[viewBox]')]
          .filter((svg) => svg.getClientRects().length > 0)
          .filter((svg) => {
            const box = svg.getBoundingClientRect();
            const { width, height } = svg.viewBox.baseVal;
            return Math.abs(box.height - (box.width * height) / width) > 2;
          })
          .map((svg) => `${where}: ${svg.getAttribute('class')} squeezed`);
        return [...below, ...squeezed];
      }),
    );
    await phone.close();
    expect(hidden).toEqual([]);
  });

  it.each([
    ['entropy', 'table.code-length-table'],
    ['cross-entropy', 'table.code-length-table'],
    ['gradient', 'table[data-figure="gradient-table"]'],
  ])(
    "on a phone, %s's numbers table is read in full: in the prose, not under the stage's fold",
    async (id, selector) => {
      const phone = await explainer.browser.newPage({ viewport: { width: 390, height: 844 } });
      await phone.goto(explainer.site.url);
      await phone.waitForSelector('body[data-ready="true"]');
      const table = phone.locator(`#${id} ${selector}`);
      const where = await table.evaluate((t) => {
        t.scrollIntoView({ block: 'end' });
        const stage = t.closest('.stage');
        const box = t.getBoundingClientRect();
        return { inStage: stage !== null, top: box.top, bottom: box.bottom, screen: innerHeight };
      });
      // Pinned stages cover the screen's top; a table below them must still come fully into view.
      const pinned = await phone.locator(`#${id} .stage`).first().boundingBox();
      await phone.close();
      expect(where.inStage).toBe(false);
      expect(where.top).toBeGreaterThanOrEqual((pinned?.y ?? 0) + (pinned?.height ?? 0) - 1);
      expect(where.bottom).toBeLessThanOrEqual(where.screen + 1);
    },
  );

  it('keeps every figure label clear of the others, inside its figure and readable, at 1280 and 390 px', async () => {
    // Section CSS is global: a phone rule meant for sections 1–3 (svg text at 17 px) once grew the
    // labels of every figure below them until bar values, legends and ticks ran into each other.
    expect(await overlappingLabels(explainer.page)).toEqual([]);
    const phone = await explainer.browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(explainer.site.url);
    await phone.waitForSelector('body[data-ready="true"]');
    // With class 1 true, its corner's label is the widest, "class 1 (true)", at the figure's edge.
    await phone.locator('#why .descent-controls input[type="radio"][value="1"]').check();
    const onPhone = await overlappingLabels(phone);
    // Figures scale to the phone's width; their labels must stay readable: 9.5 px on screen at least.
    const tiny = await phone.evaluate(() =>
      [...document.querySelectorAll<SVGSVGElement>('main svg[viewBox]')]
        .filter((svg) => svg.getClientRects().length > 0)
        .flatMap((svg) => {
          const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          return [...svg.querySelectorAll('text')]
            .filter((t) => t.textContent?.trim())
            .map((t) => ({
              text: t.textContent,
              px: Number.parseFloat(getComputedStyle(t).fontSize) * scale,
            }))
            .filter(({ px }) => px < 9.5)
            .map(({ text, px }) => `${svg.closest('section')?.id}: "${text}" ${px.toFixed(1)} px`);
        }),
    );
    await phone.close();
    expect(onPhone).toEqual([]);
    expect(tiny).toEqual([]);
  });

  it("draws every figure label that names a quantity in that quantity's colour", async () => {
    // Numbers printed on bars are the exception: ink on purpose, the bar under them is coloured.
    const labels = await explainer.page
      .locator('main svg text[data-term]:not(.plot .value)')
      .evaluateAll((texts) =>
        texts.map((t) => ({
          where: `${t.closest('section')?.id} "${t.textContent}"`,
          term: t.getAttribute('data-term') as string,
          fill: getComputedStyle(t).fill,
        })),
      );
    expect(labels.length).toBeGreaterThanOrEqual(30);
    for (const { where, term, fill } of labels) expect(fill, where).toBe(rgb(termColors[term as Term]));
  });

  it("keeps the notation legend's CSS in the legend: a bar chart's key is drawn at its figure's 12 units", async () => {
    const sizes = await explainer.page
      .locator('main svg.class-bars .legend text')
      .evaluateAll((texts) => texts.map((t) => getComputedStyle(t).fontSize));
    expect(sizes.length).toBeGreaterThan(0);
    expect(new Set(sizes)).toEqual(new Set(['12px']));
  });

  it("prints each section's headline number in its quantity's colour, never in another's", async () => {
    const headlines = await explainer.page.locator('.readout.emphasis .num').evaluateAll((numbers) =>
      numbers.map((n) => ({
        where: `${n.closest('section')?.id} ${n.getAttribute('data-value')}`,
        term: n.getAttribute('data-term'),
        color: getComputedStyle(n).color,
      })),
    );
    expect(headlines.length).toBeGreaterThanOrEqual(10);
    for (const { where, term, color } of headlines) {
      expect(term, where).not.toBeNull();
      expect(color, where).toBe(rgb(termColors[term as Term]));
    }
  });

  itLogsNoErrors(explainer);
});
