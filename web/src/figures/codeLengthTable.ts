import { el, type Figure } from '../ui/explorable.js';
import { setNumber } from '../ui/format.js';
import type { CodeLengthModel } from './codeLength.js';

export interface CodeLengthTableModel extends CodeLengthModel {
  /** p_i·(−log q_i) from the library: each block's area. */
  terms: readonly number[];
}

interface Column {
  heading: string;
  term: string;
  /** `data-cell` of row i is `${cell}-${i}`, for tests. */
  cell: string;
  value: (m: CodeLengthTableModel, i: number) => number;
}

/**
 * The diagram's numbers, one row per block: width p, height −log q and area p·(−log q), each in its quantity's
 * colour (hovering a heading lights up those parts of the figure), and the total area.
 */
export function codeLengthTable(
  parent: HTMLElement,
  { compare }: { compare: boolean },
): Figure<CodeLengthTableModel> {
  const columns: Column[] = [
    { heading: 'p', term: 'truth', cell: 'p', value: (m, i) => m.p[i] },
    ...(compare ? [{ heading: 'q', term: 'guess', cell: 'q', value: (m, i) => m.q[i] } as Column] : []),
    {
      heading: compare ? '−log q' : '−log p',
      term: 'surprisal',
      cell: 'length',
      value: (m, i) => m.lengths[i],
    },
    {
      heading: compare ? 'p·(−log q)' : 'p·(−log p)',
      term: 'term',
      cell: 'area',
      value: (m, i) => m.terms[i],
    },
  ];
  const wrap = el('div', 'table-wrap');
  const table = el('table', 'numbers code-length-table');
  const head = el('tr');
  head.append(el('th', '', 'outcome'));
  for (const column of columns) {
    const th = el('th', '', column.heading);
    th.dataset['term'] = column.term;
    head.append(th);
  }
  const body = el('tbody');
  const foot = el('tr', 'total');
  const totalName = el('th', '', '');
  totalName.colSpan = columns.length;
  totalName.dataset['term'] = compare ? 'crossEntropy' : 'entropy';
  const total = el('td');
  total.dataset['cell'] = 'total';
  foot.append(totalName, total);
  table.append(el('thead'), body, el('tfoot'));
  table.tHead?.append(head);
  table.tFoot?.append(foot);
  wrap.append(table);
  parent.append(wrap);
  return (m) => {
    if (body.rows.length !== m.p.length)
      body.replaceChildren(
        ...m.p.map((_, i) => {
          const row = el('tr');
          row.append(el('th'));
          for (const column of columns) {
            const cell = el('td');
            cell.dataset['cell'] = `${column.cell}-${i}`;
            row.append(cell);
          }
          return row;
        }),
      );
    for (const [i, row] of [...body.rows].entries()) {
      row.cells[0].textContent = m.names[i] ?? '';
      for (const [j, column] of columns.entries()) setNumber(row.cells[j + 1], column.value(m, i));
    }
    totalName.textContent = `${compare ? 'H(p, q)' : 'H(p)'}, the total area (${m.unit})`;
    setNumber(total, compare ? m.crossEntropy : m.entropy);
  };
}
