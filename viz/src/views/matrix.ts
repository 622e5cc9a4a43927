/**
 * The errcode matrix: servers x answers (200, errcodes, "no answer") as a heat
 * map of counts at time t. Clicking a cell filters the join list to the joins
 * where that server gave that answer. Large runs show the busiest servers and
 * fold the rest into one aggregate row.
 */
import { errcodeMatrixAt, countOf } from '../../model/matrix';
import { shapeOf } from '../../model/answers';
import { colourOf } from '../../model/palette';
import { clear, el } from '../dom';
import type { Store } from '../store';

/** Rows drawn at first before the rest are summed into one "other servers" row; "show more" adds this many. */
const PAGE_ROWS = 30;

export function mountMatrix(host: HTMLElement, store: Store): void {
  const find = el('input', { type: 'search', id: 'matrix-search', placeholder: 'find a server', 'aria-label': 'Show only servers whose name contains', autocomplete: 'off' });
  const table = el('table', { id: 'errcode-matrix', class: 'matrix' });
  const note = el('p', { class: 'muted' });
  host.append(find, table, note);
  let rows = PAGE_ROWS;
  let rowsFor: object | null = null;
  find.addEventListener('input', () => render());
  table.addEventListener('click', (event) => {
    if ((event.target as Element).closest('#matrix-more')) {
      rows += PAGE_ROWS * 3;
      render();
    }
  });
  table.addEventListener('click', (event) => {
    const cell = (event.target as Element).closest<HTMLElement>('td[data-answer]');
    if (!cell?.dataset.server || !cell.dataset.answer) return;
    const { filter } = store.get();
    const same = filter.cell?.server === cell.dataset.server && filter.cell.answer === cell.dataset.answer;
    store.update({ filter: { ...filter, cell: same ? null : { server: cell.dataset.server, answer: cell.dataset.answer } } });
  });
  table.addEventListener('keydown', (event) => {
    if ((event.key === 'Enter' || event.key === ' ') && event.target instanceof HTMLTableCellElement) {
      event.target.click();
      event.preventDefault();
    }
  });

  const render = (): void => {
    const { dataset, t, filter } = store.get();
    clear(table);
    if (!dataset) return;
    if (rowsFor !== dataset) {
      rowsFor = dataset;
      rows = PAGE_ROWS;
    }
    const matrix = errcodeMatrixAt(dataset.report.joins, t);
    const head = el('tr');
    head.append(el('th', { scope: 'col' }, 'server'));
    for (const answer of matrix.answers) head.append(el('th', { scope: 'col', class: 'answer-head', title: answer, 'data-answer': answer }, `${shapeOf(answer)} ${answer.replace(/_/g, '_\u200b')}`));
    table.append(el('caption', { class: 'sr-only' }, 'How often each server answered each errcode'), el('thead'), el('tbody'));
    table.tHead?.append(head);
    const body = table.tBodies[0] as HTMLTableSectionElement;
    const wanted = find.value.trim().toLowerCase();
    const servers = wanted ? matrix.servers.filter((s) => s.toLowerCase().includes(wanted)) : matrix.servers;
    for (const server of servers.slice(0, rows)) {
      const row = el('tr', { 'data-server': server });
      row.append(el('th', { scope: 'row' }, server));
      for (const answer of matrix.answers) {
        const count = countOf(matrix, server, answer);
        const selected = filter.cell?.server === server && filter.cell.answer === answer;
        const td = el('td', count ? { 'data-server': server, 'data-answer': answer, tabindex: '0', class: selected ? 'selected' : '', title: `${server} answered ${answer} ${count} time${count === 1 ? '' : 's'}; click to list those joins` } : {}, count ? String(count) : '·');
        if (count) {
          // Shaded against its own column's largest count, so a rare errcode's column does not fade beside the 200s.
          const share = count / (matrix.columnMax.get(answer) ?? count);
          td.style.background = heat(colourOf(answer), share);
          if (share > 0.6) td.classList.add('strong');
        }
        row.append(td);
      }
      body.append(row);
    }
    const rest = servers.slice(rows);
    if (rest.length) {
      const row = el('tr', { class: 'aggregate' });
      const th = el('th', { scope: 'row' }, `${rest.length} other servers `);
      th.append(el('button', { type: 'button', id: 'matrix-more' }, `show ${Math.min(rest.length, PAGE_ROWS * 3)} more`));
      row.append(th);
      for (const answer of matrix.answers) row.append(el('td', {}, String(rest.reduce((sum, s) => sum + countOf(matrix, s, answer), 0))));
      body.append(row);
    }
    note.textContent = matrix.servers.length ? `Answers received by t = ${t} ms. Click a count to list those joins.` : `No answers by t = ${t} ms.`;
  };
  store.subscribe((state, previous) => {
    if (state.dataset !== previous.dataset || state.t !== previous.t || state.filter.cell !== previous.filter.cell) render();
  });
  render();
}

/** The answer's colour, more opaque the more often it was given (never fully transparent). */
function heat(colour: string, share: number): string {
  // Capped below opaque so black counts stay readable on the darkest colours.
  const alpha = Math.round((0.15 + 0.6 * Math.min(1, share)) * 255);
  return `${colour}${alpha.toString(16).padStart(2, '0')}`;
}
