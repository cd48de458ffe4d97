import { linkTerms } from './terms.js';

/**
 * The notation legend. Pointing at or focusing an entry lights that quantity up across the whole
 * page. Once the hero has scrolled away, a copy docks in a corner as a small "Notation" box that
 * opens on demand, so the legend is at hand in every section (a copy made here rather than
 * written twice in the HTML).
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
  new IntersectionObserver(([entry]) => {
    docked.hidden = entry?.isIntersecting ?? false;
    if (docked.hidden) docked.open = false;
  }).observe(hero);
}
