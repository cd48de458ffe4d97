/**
 * What every draggable thing on the page (a bar, a block's edge, a point on a curve, a number in
 * the prose) shares with a native range input: the keys of an ARIA slider, and values snapped to
 * the control's grid.
 */

/**
 * The keys of an ARIA slider (arrows, Page Up/Down, Home, End) on a focusable part: `onStep` gets
 * the number of steps to move (±1, ±10) or the end to go to.
 */
export function onSliderKeys(
  target: Element,
  onStep: (move: { steps: number } | { to: 'min' | 'max' }) => void,
): void {
  target.addEventListener('keydown', (event) => {
    const key = (event as KeyboardEvent).key;
    const steps: Record<string, number> = {
      ArrowUp: 1,
      ArrowRight: 1,
      ArrowDown: -1,
      ArrowLeft: -1,
      PageUp: 10,
      PageDown: -10,
    };
    if (key in steps) onStep({ steps: steps[key] ?? 0 });
    else if (key === 'Home') onStep({ to: 'min' });
    else if (key === 'End') onStep({ to: 'max' });
    else return;
    event.preventDefault();
  });
}

/** A value snapped to its control's step and kept in range (12 significant digits: no 0.30000000000000004). */
export function snap(value: number, { min, max, step }: { min: number; max: number; step: number }): number {
  const snapped = min + Math.round((value - min) / step) * step;
  return Math.min(max, Math.max(min, Number(snapped.toPrecision(12))));
}
