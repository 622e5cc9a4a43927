/**
 * The join list: filters (outcome, errcode, server, room, matrix cell, search) over
 * a virtual list, so 10,000 joins cost as many DOM rows as fit on screen.
 * Keyboard: up/down move the highlight, Enter selects, Home/End jump, Escape
 * goes back to the overview (no join selected).
 */
import type { JoinReport } from '../../../engine/index';
import { filterJoins, type JoinFilter } from '../../model/join-filter';
import { colourOf } from '../../model/palette';
import { answerOf, finalAnswerOf, shapeOf } from '../../model/answers';
import { digestOf, serverPart } from '../../model/dataset';
import { DECIDER_WORDS, type Decider } from '../../model/overview';
import { mountSuggestions } from './suggestions';
import { clear, el } from '../dom';
import type { Store } from '../store';
import type { Dataset } from '../../model/dataset';

const ROW_HEIGHT = 60;
/**
 * The tallest the list's content is made: Chromium stops laying out past about
 * 16 million pixels, and a million joins at 60 px are 60 million. Past this the
 * scroll position maps proportionally onto the rows.
 */
const MAX_SPACER = 8_000_000;
/** Rows drawn beyond the visible ones, so fast scrolling does not show gaps. */
const OVERSCAN = 6;

export function mountJoinList(host: HTMLElement, store: Store): void {
  const filters = el('div', { class: 'filters', role: 'group', 'aria-label': 'Filter joins' });
  const search = el('input', { type: 'search', id: 'join-search', placeholder: 'Search joins, users, rooms, servers', 'aria-label': 'Search joins' });
  const outcome = select('filter-outcome', 'Outcome', [
    ['all', 'any outcome'],
    ['joined', 'joined'],
    ['failed', 'failed'],
  ]);
  const errcode = select('filter-errcode', 'Errcode', []);
  // Text inputs with suggestions, not drop-downs: a big run has 10,000 rooms and 1,000 servers.
  const room = el('input', { type: 'search', id: 'filter-room', placeholder: 'room', 'aria-label': 'Room', list: 'room-names', autocomplete: 'off' });
  const roomNames = el('datalist', { id: 'room-names' });
  const server = el('input', { type: 'search', id: 'filter-server', placeholder: 'server', 'aria-label': 'Server (joining or asked)', list: 'server-names', autocomplete: 'off' });
  const serverNames = el('datalist', { id: 'server-names' });
  const cellChip = el('button', { type: 'button', id: 'cell-filter', class: 'chip', hidden: '' });
  const groupChip = el('button', { type: 'button', id: 'group-filter', class: 'chip', hidden: '' });
  const count = el('p', { id: 'join-count', class: 'muted', 'aria-live': 'polite' });
  const overview = el('button', { type: 'button', id: 'overview', title: 'Show every server’s answers over all joins (Esc)' }, 'Overview (no join selected)');
  filters.append(search, outcome, errcode, room, roomNames, server, serverNames, cellChip, groupChip, count, overview);
  mountSuggestions(room, roomNames, () => digestOf(store.get().dataset ?? EMPTY).rooms);
  mountSuggestions(server, serverNames, () => digestOf(store.get().dataset ?? EMPTY).servers);
  overview.addEventListener('click', () => store.update({ selected: null }));

  const list = el('div', { id: 'join-list', class: 'vlist', role: 'listbox', tabindex: '0', 'aria-label': 'Joins' });
  const spacer = el('div', { class: 'vlist-spacer' });
  list.append(spacer);
  host.append(filters, list);

  let visible: number[] = [];
  let active = 0;
  let filteredFor: { dataset: object | null; filter: JoinFilter } = { dataset: null, filter: store.get().filter };

  const setFilter = (patch: Partial<JoinFilter>): void => store.update({ filter: { ...store.get().filter, ...patch } });
  search.addEventListener('input', () => setFilter({ search: search.value }));
  outcome.addEventListener('change', () => setFilter({ outcome: outcome.value as JoinFilter['outcome'] }));
  errcode.addEventListener('change', () => setFilter({ errcode: errcode.value }));
  room.addEventListener('change', () => setFilter({ room: room.value.trim() }));
  server.addEventListener('change', () => setFilter({ server: server.value.trim() }));
  cellChip.addEventListener('click', () => setFilter({ cell: null }));
  groupChip.addEventListener('click', () => setFilter({ group: '' }));

  const choose = (position: number): void => {
    const index = visible[position];
    if (index === undefined) return;
    active = position;
    store.update({ selected: index });
  };
  list.addEventListener('click', (event) => {
    const row = (event.target as Element).closest<HTMLElement>('[data-position]');
    if (row) choose(Number(row.dataset.position));
  });
  list.addEventListener('keydown', (event) => {
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10, Home: -Infinity, End: Infinity };
    const move = moves[event.key];
    if (move !== undefined) {
      active = Math.max(0, Math.min(visible.length - 1, active + (Number.isFinite(move) ? move : move > 0 ? visible.length : -visible.length)));
      scrollIntoView();
      drawRows();
    } else if (event.key === 'Enter' || event.key === ' ') choose(active);
    else if (event.key === 'Escape') store.update({ selected: null });
    else return;
    event.preventDefault();
  });
  list.addEventListener('scroll', () => drawRows());

  function scrollIntoView(): void {
    const top = active * ROW_HEIGHT;
    const now = virtualTop();
    if (top < now) setVirtualTop(top);
    else if (top + ROW_HEIGHT > now + list.clientHeight) setVirtualTop(top + ROW_HEIGHT - list.clientHeight);
  }

  /** The scrolled distance in the full list of rows (which may be taller than the element). */
  function virtualTop(): number {
    const total = visible.length * ROW_HEIGHT;
    const height = Math.min(total, MAX_SPACER);
    if (height === total) return list.scrollTop;
    const view = list.clientHeight || 600;
    return (list.scrollTop / Math.max(1, height - view)) * Math.max(0, total - view);
  }

  function setVirtualTop(top: number): void {
    const total = visible.length * ROW_HEIGHT;
    const height = Math.min(total, MAX_SPACER);
    const view = list.clientHeight || 600;
    list.scrollTop = height === total ? top : (top / Math.max(1, total - view)) * Math.max(1, height - view);
  }

  function drawRows(): void {
    const { dataset, selected } = store.get();
    const joins = dataset?.report.joins ?? [];
    const top = virtualTop();
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(visible.length, Math.ceil((top + (list.clientHeight || 600)) / ROW_HEIGHT) + OVERSCAN);
    // Rows sit where the element is scrolled to, shifted by how far into the full list that is.
    const shift = list.scrollTop - top;
    const rows: HTMLElement[] = [];
    for (let position = first; position < last; position++) {
      const index = visible[position] as number;
      const join = joins[index];
      if (join) rows.push(rowFor(join, index, position, index === selected, position === active, shift));
    }
    spacer.style.height = `${Math.min(visible.length * ROW_HEIGHT, MAX_SPACER)}px`;
    spacer.replaceChildren(...rows);
    const activeRow = rows.find((r) => r.classList.contains('active'));
    if (activeRow) list.setAttribute('aria-activedescendant', activeRow.id);
    else list.removeAttribute('aria-activedescendant');
  }

  let optionsFor: object | null = null;
  const render = (): void => {
    const { dataset, filter, selected } = store.get();
    if (dataset !== optionsFor) {
      optionsFor = dataset;
      const errcodes = dataset ? digestOf(dataset).errcodes : [];
      fill(errcode, [['', 'any answer'], ...errcodes.map((e): [string, string] => [e, e])]);
    }
    if (filteredFor.dataset !== dataset || filteredFor.filter !== filter) {
      filteredFor = { dataset, filter };
      visible = filterJoins(dataset?.report.joins ?? [], filter, dataset?.report.lint ?? []);
      active = Math.max(0, selected === null ? 0 : visible.indexOf(selected));
      spacer.style.height = `${Math.min(visible.length * ROW_HEIGHT, MAX_SPACER)}px`;
      setVirtualTop(Math.max(0, active * ROW_HEIGHT - ROW_HEIGHT * 2));
    } else if (selected !== null && visible[active] !== selected && visible.includes(selected)) {
      active = visible.indexOf(selected);
      scrollIntoView();
    }
    const total = dataset?.report.joins.length ?? 0;
    count.textContent = `${visible.length} of ${total} joins`;
    if (search.value !== filter.search) search.value = filter.search;
    outcome.value = filter.outcome;
    errcode.value = filter.errcode;
    if (document.activeElement !== room) room.value = filter.room;
    if (document.activeElement !== server) server.value = filter.server;
    groupChip.hidden = !filter.group;
    groupChip.textContent = filter.group ? `${groupWords(filter.group)} ✕` : '';
    overview.disabled = selected === null;
    cellChip.hidden = !filter.cell;
    cellChip.textContent = filter.cell ? `${filter.cell.server} answered ${filter.cell.answer} ✕` : '';
    drawRows();
  };
  store.subscribe((state, previous) => {
    if (state.dataset !== previous.dataset || state.filter !== previous.filter || state.selected !== previous.selected) render();
  });
  render();
}

function rowFor(join: JoinReport, index: number, position: number, selected: boolean, active: boolean, shift: number): HTMLElement {
  const row = el('div', {
    id: `join-row-${index}`,
    class: `join-row${selected ? ' selected' : ''}${active ? ' active' : ''}`,
    role: 'option',
    'aria-selected': String(selected),
    'data-position': String(position),
    'data-join': join.id,
  });
  row.style.top = `${position * ROW_HEIGHT + shift}px`;
  const final = finalAnswerOf(join);
  row.append(el('span', { class: 'join-id' }, join.id), badgeFor(join), el('span', { class: 'join-sub' }, `${join.user} → ${join.room}`));
  const attempts = join.attempts.map((a) => `${a.server} ${answerOf(a)}`).join(' → ');
  const joiner = join.joiner ?? serverPart(join.user);
  const local = join.outcome === 'joined' ? `local join on ${joiner}` : `refused by its own server ${joiner} (${final}), no request sent`;
  row.append(el('span', { class: 'join-sub muted' }, attempts || (join.local || join.outcome !== 'joined' ? local : 'no request')));
  return row;
}

/** The outcome with its status and errcode, a shape for its class, and a border in its colour: never colour alone. */
export function badgeFor(join: JoinReport): HTMLElement {
  const final = finalAnswerOf(join);
  const text = join.outcome === 'joined' ? `${shapeOf(final)} joined 200` : `${shapeOf(final)} failed ${join.status === 0 ? 'no answer' : join.status}${join.errcode ? ` ${join.errcode}` : ''}`;
  const badge = el('span', { class: 'badge', 'data-answer': final }, text);
  badge.style.borderColor = colourOf(final);
  return badge;
}

/** A group key (answer, decider, finding) in words, for the chip that clears it. */
function groupWords(key: string): string {
  const [answer, decider, finding] = key.split('\u0000');
  return `failed ${answer} · decided by ${DECIDER_WORDS.get(decider as Decider) ?? decider} · ${finding}`;
}

const EMPTY = { name: '', source: 'report', scenarioKey: null, report: { fedsim: 1, scenario: '', seed: '', errcodes: 'spec', fingerprint: '', endedAt: 0, events: 0, joins: [], errcodeMatrix: {}, lint: [], expectations: [] }, trace: [], scenario: null } as const satisfies Dataset;

function select(id: string, label: string, options: [string, string][]): HTMLSelectElement {
  const node = el('select', { id, 'aria-label': label });
  fill(node, options);
  return node;
}

function fill(node: HTMLSelectElement, options: [string, string][]): void {
  node.replaceChildren(...options.map(([value, text]) => el('option', { value }, text)));
}
