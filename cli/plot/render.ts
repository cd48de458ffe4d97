// Loaded only for --plot (a dynamic import), so Vega stays out of every other command's start-up.
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** Renders a Vega-Lite spec to SVG headlessly: no browser, no canvas (text widths are estimated). */
export async function renderSvg(spec: object): Promise<string> {
  const view = new View(parse(compile(spec as TopLevelSpec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
