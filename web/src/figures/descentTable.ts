import { el, type Figure } from '../ui/explorable.js';
import { setNumber } from '../ui/format.js';
import type { Term } from '../ui/palette.js';

/** One loss's gradient-descent position: what the table prints for it. */
export interface DescentPoint {
  logits: readonly number[];
  q: readonly number[];
  grad: ArrayLike<number>;
  loss: number;
}

export interface DescentTableSpec<M> {
  /** Column title and `data-value` prefix of each loss, e.g. `{ name: 'ce', title: 'cross-entropy' }`. */
  columns: { name: string; title: string; read: (model: M) => DescentPoint }[];
}

const rows: { key: 'logits' | 'q' | 'grad'; title: string; term: Term }[] = [
  { key: 'logits', title: 'logits z', term: 'logit' },
  { key: 'q', title: 'q = softmax(z)', term: 'guess' },
  { key: 'grad', title: '∂L/∂z', term: 'gradient' },
];

/**
 * The numbers behind the simplex figures at the current step: logits, prediction, gradient (three
 * entries each) and the loss, one column per loss. Cell `data-value`s are `<loss>-<row><i>`.
 */
export function descentTable<M>(parent: HTMLElement, spec: DescentTableSpec<M>): Figure<M> {
  const table = el('table', 'numbers descent-table');
  const head = el('tr');
  head.append(Object.assign(el('th', 'visually-hidden-text', 'quantity'), { scope: 'col' }));
  for (const column of spec.columns) head.append(Object.assign(el('th', '', column.title), { scope: 'col' }));
  table.append(el('thead'), el('tbody'));
  table.tHead?.append(head);
  const cells: { column: number; key: (typeof rows)[number]['key']; index: number; span: HTMLElement }[] = [];
  const body = table.tBodies[0];
  for (const row of rows) {
    const tr = el('tr');
    const th = Object.assign(el('th', '', row.title), { scope: 'row' });
    th.dataset['term'] = row.term;
    tr.append(th);
    spec.columns.forEach((column, c) => {
      const td = el('td');
      for (let i = 0; i < 3; i++) {
        const span = el('span', 'entry');
        span.dataset['value'] = `${column.name}-${row.key}${i}`;
        td.append(span);
        cells.push({ column: c, key: row.key, index: i, span });
      }
      tr.append(td);
    });
    body.append(tr);
  }
  const lossRow = el('tr');
  lossRow.append(Object.assign(el('th', '', 'loss L'), { scope: 'row' }));
  const lossCells = spec.columns.map((column) => {
    const td = el('td');
    td.dataset['value'] = `${column.name}-loss`;
    lossRow.append(td);
    return td;
  });
  body.append(lossRow);
  const wrap = el('div', 'table-wrap');
  wrap.tabIndex = 0;
  wrap.append(table);
  parent.append(wrap);
  return (model) => {
    const points = spec.columns.map((column) => column.read(model));
    for (const { column, key, index, span } of cells) setNumber(span, points[column][key][index]);
    lossCells.forEach((td, c) => {
      setNumber(td, points[c].loss);
    });
  };
}
