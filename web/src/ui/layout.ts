/** The containers index.html gives each section: controls on one side, figures on the other. */
export interface SectionParts {
  root: HTMLElement;
  controls: HTMLElement;
  figures: HTMLElement;
  derivation: HTMLElement | null;
}

export function partsOf(root: HTMLElement, controls = '.controls', figures = '.figures'): SectionParts {
  const find = (selector: string): HTMLElement => {
    const element = root.querySelector<HTMLElement>(selector);
    if (!element) throw new Error(`explainer: #${root.id} has no ${selector}`);
    return element;
  };
  return {
    root,
    controls: find(controls),
    figures: find(figures),
    derivation: root.querySelector<HTMLElement>('.derivation'),
  };
}

/** Evenly spaced samples, for drawing curves the library evaluates. */
export function linspace(start: number, stop: number, count: number): number[] {
  const step = (stop - start) / (count - 1);
  return Array.from({ length: count }, (_, i) => (i === count - 1 ? stop : start + i * step));
}

/** Pairs sample positions with the library's values at them, as chart points. */
export function zipPoints(xs: readonly number[], ys: ArrayLike<number>): { x: number; y: number }[] {
  return xs.map((x, i) => ({ x, y: ys[i] }));
}
