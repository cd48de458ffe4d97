/**
 * The page's one pattern (Tangle's `update()`, Distill's explorables): a section keeps its
 * inputs in a state object, one `compute` turns them into a model holding every derived value
 * (each from the library), and every figure, control and prose span redraws from that model.
 * An input event patches the state and renders exactly once.
 */
export type Figure<M> = (model: M) => void;
export type FigureFactory<M> = (element: HTMLElement) => Figure<M>;

export interface Explorable<S, M> {
  /** The current inputs; read them, change them only through `update`. */
  readonly state: Readonly<S>;
  /** The model of the last render. */
  readonly model: M;
  /** Merge a patch into the state, recompute the model and redraw every figure once. */
  update(patch: Partial<S>): void;
  /** Register figures; they draw at the next render, in order. */
  add(...figures: Figure<M>[]): void;
  render(): void;
}

export function explorable<S extends object, M>(initial: S, compute: (state: S) => M): Explorable<S, M> {
  const state = { ...initial };
  const figures: Figure<M>[] = [];
  let model = compute(state);
  const render = (): void => {
    model = compute(state);
    for (const figure of figures) figure(model);
  };
  return {
    state,
    get model() {
      return model;
    },
    update(patch) {
      Object.assign(state, patch);
      render();
    },
    add(...added) {
      figures.push(...added);
    },
    render,
  };
}

/** The element a section mounts into, or a clear error naming the missing id. */
export function byId(id: string): HTMLElement {
  const element = document.getElementById(id);
  if (!element) throw new Error(`explainer: no element with id "${id}" in index.html`);
  return element;
}

/** A child element created with a class and optional text, for compact figure code. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className = '',
  text = '',
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text) element.textContent = text;
  return element;
}
