/**
 * Boxes that scroll sideways inside themselves rather than push the page wider on a phone: a
 * display formula, a table, a derivation step. A keyboard user can scroll one only if it can take
 * focus, so each such box becomes a labelled tab stop while (and only while) it actually
 * overflows; the rest stay out of the tab order.
 */
const scrollers: Record<string, string> = {
  '.tex.display': 'Formula, scrolls sideways',
  '.step-formula, .step-substituted': 'Derivation step, scrolls sideways',
  '.table-wrap': 'Table, scrolls sideways',
  '.derivation details': 'Derivation, scrolls sideways',
};

function mark(root: ParentNode): void {
  for (const [selector, label] of Object.entries(scrollers))
    for (const box of root.querySelectorAll<HTMLElement>(selector)) {
      const overflows = box.scrollWidth > box.clientWidth + 1;
      if (overflows && box.dataset['scrollRegion'] === undefined) {
        box.dataset['scrollRegion'] = '';
        box.tabIndex = 0;
        box.setAttribute('role', 'group');
        box.setAttribute('aria-label', label);
      } else if (!overflows && box.dataset['scrollRegion'] !== undefined) {
        delete box.dataset['scrollRegion'];
        box.removeAttribute('tabindex');
        box.removeAttribute('role');
        box.removeAttribute('aria-label');
      }
    }
}

/** Keeps `root`'s sideways-scrolling boxes focusable as the window resizes and content changes. */
export function keepScrollRegionsFocusable(root: HTMLElement): void {
  let pending = false;
  const schedule = (): void => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      mark(root);
    });
  };
  mark(root);
  window.addEventListener('resize', schedule);
  // Derivation steps are typeset when opened, and tables grow with their numbers.
  new MutationObserver(schedule).observe(root, { childList: true, subtree: true });
  root.addEventListener('toggle', schedule, true);
}
