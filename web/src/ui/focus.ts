/**
 * Hands the keyboard focus to `to` when it is inside `from`, just before the control holding it is
 * disabled or hidden (a "Commit and reveal" or "Check" button once it has done its job). Without
 * this the browser drops the focus to the page's start, and a keyboard reader loses their place.
 * `to` becomes focusable from script only (tabindex −1), so it adds no tab stop.
 */
export function passFocus(from: HTMLElement, to: HTMLElement): void {
  if (!from.contains(document.activeElement)) return;
  to.tabIndex = -1;
  to.focus({ preventScroll: true });
}
