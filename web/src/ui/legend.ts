import { linkTerms } from './terms.js';

/** The phone layout of styles.css, where a scene's stage pins to the top of the screen. */
const phoneLayout = '(max-width: 760px)';

/**
 * The notation legend. Pointing at or focusing an entry lights that quantity up across the whole
 * page. Once the hero has scrolled away, a copy docks in a corner as a small "Notation" box that
 * opens on demand, so the legend is at hand in every section (a copy made here rather than
 * written twice in the HTML).
 *
 * On a desktop the box sits in the bottom corner. On a phone every part of the screen holds prose
 * or a pinned stage, so no corner is free: there each stage keeps a slim strip at its top right
 * (styles.css), the box sits in it, and it shows only while a stage is pinned with that strip in
 * view, never over a line of text or a control.
 */
export function mountLegend(legend: HTMLElement, hero: HTMLElement): void {
  linkTerms(legend, { highlightIn: document.body });
  const docked = document.createElement('details');
  docked.className = 'legend docked';
  docked.hidden = true;
  const summary = document.createElement('summary');
  summary.textContent = 'Notation';
  const entries = legend.querySelector('.legend-entries')?.cloneNode(true);
  if (entries) docked.append(summary, entries);
  document.body.append(docked);
  linkTerms(docked, { highlightIn: document.body });

  const phone = matchMedia(phoneLayout);
  const stages = [...document.querySelectorAll<HTMLElement>('.scene > .stage')];
  // A stage pinned at the top, not scrolled inside (its strip scrolls away with its content).
  const stripInView = (): boolean =>
    stages.some((stage) => {
      const { top, height } = stage.getBoundingClientRect();
      return height > 0 && Math.abs(top) < 1 && stage.scrollTop < 1;
    });
  let heroInView = true;
  let scheduled = false;
  const place = (): void => {
    scheduled = false;
    docked.hidden = heroInView || (phone.matches && !stripInView());
    if (docked.hidden) docked.open = false;
  };
  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(place);
  };
  new IntersectionObserver(([entry]) => {
    heroInView = entry?.isIntersecting ?? false;
    place();
  }).observe(hero);
  // Capturing, so a stage scrolled inside is heard as well as the page.
  document.addEventListener('scroll', schedule, { capture: true, passive: true });
  addEventListener('resize', schedule);
  phone.addEventListener('change', schedule);
}
