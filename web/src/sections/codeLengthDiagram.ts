import { codeLengthFigure } from '../figures/codeLength.js';
import { type CodeLengthTableModel, codeLengthTable } from '../figures/codeLengthTable.js';
import type { Explorable } from '../ui/explorable.js';
import { moveBoundary, probabilityOfLength, setProbability } from './distribution.js';

interface DistributionState {
  p: number[];
  q?: number[];
  base: number;
}

/**
 * The code-length diagram (in the stage) and its table (in the prose), wired to a section's state: a boundary trades the
 * truth p between two neighbours; a top sets one code length, and so one probability, of the
 * guess q (when comparing) or of p itself (when q is p), the others rescaled to keep the sum 1.
 */
export function addCodeLengthDiagram<S extends DistributionState, M extends CodeLengthTableModel>(
  section: Explorable<S, M>,
  figures: HTMLElement,
  // The table is read in the prose, not under the diagram: in a stage pinned on a phone it sat
  // below the fold.
  { compare, numbers }: { compare: boolean; numbers: HTMLElement },
): void {
  const edited = compare ? 'q' : 'p';
  section.add(
    codeLengthFigure(figures, {
      compare,
      onBoundary: (i, position) =>
        section.update({ p: moveBoundary(section.state.p, i, position) } as Partial<S>),
      onLength: (i, length) => {
        const { base } = section.state;
        const current = section.state[edited] ?? section.state.p;
        section.update({
          [edited]: setProbability(current, i, probabilityOfLength(length, base)),
        } as Partial<S>);
      },
    }),
    codeLengthTable(numbers, { compare }),
  );
}
