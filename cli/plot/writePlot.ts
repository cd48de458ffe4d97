import { writeFile } from 'node:fs/promises';
import { CliError } from '../errors.js';
import { type PlotFigures, plotSpec } from './specs.js';

/** Refuses a --plot path that is not .svg, before any reading is done. */
export function checkPlotPath(command: string, path: string): void {
  if (!path.toLowerCase().endsWith('.svg'))
    throw new CliError(`xent ${command}: --plot ${path}: the plot is an SVG; name the file .svg`);
}

/** Writes the figures as an SVG file at `path`. */
export async function writePlot(command: string, path: string, figures: PlotFigures): Promise<void> {
  checkPlotPath(command, path);
  const { renderSvg } = await import('./render.js');
  const svg = await renderSvg(plotSpec(figures));
  try {
    await writeFile(path, svg);
  } catch (error) {
    throw new CliError(`xent ${command}: cannot write ${path}: ${(error as NodeJS.ErrnoException).code}`);
  }
}
