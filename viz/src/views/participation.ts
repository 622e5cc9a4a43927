/**
 * The participation matrix: servers x rooms at time t. A filled dot is a
 * resident, a star an authorising server (resident with a user who may invite);
 * room headers say which rooms are restricted, which rooms they allow and which
 * lint findings concern them. The MSC3083 trap reads off one row: an authorising
 * server of the restricted room must also be resident in an allowed room.
 */
import { serverPart, serversOf } from '../../model/dataset';
import { cellKey, participationAt, roomsInfoOf, type ParticipationRoom } from '../../model/participation';
import { singlePointsOf } from '../../model/single-points';
import { clear, el } from '../dom';
import type { Store } from '../store';

const MAX_SERVERS = 30;
const MAX_ROOMS = 12;
const MAX_FINDINGS = 8;

export function mountParticipation(host: HTMLElement, store: Store): void {
  const table = el('table', { id: 'participation', class: 'matrix participation' });
  const note = el('p', { class: 'muted' });
  const knowledge = el('ul', { id: 'knowledge', class: 'knowledge' });
  const lint = el('ul', { id: 'lint-findings', class: 'lint' });
  host.append(table, note, knowledge, el('h3', {}, 'Lint findings'), lint);
  // The table's shape depends on the dataset and the selected join; scrubbing only restyles its cells.
  let shape: { dataset: object | null; selected: number | null; servers: string[]; rooms: string[]; cells: Map<string, HTMLTableCellElement> } | null = null;

  const build = (): void => {
    const { dataset, selected } = store.get();
    clear(table);
    clear(lint);
    shape = { dataset, selected, servers: [], rooms: [], cells: new Map() };
    if (!dataset) return;
    const join = selected !== null ? dataset.report.joins[selected] : undefined;
    // Servers of the selected join first, so they are never cut off in large runs.
    const involved = join ? [join.joiner ?? serverPart(join.user), ...join.attempts.map((a) => a.server)] : [];
    const servers = [...new Set([...involved, ...serversOf(dataset)])].slice(0, MAX_SERVERS);
    const info = roomsInfoOf(dataset);
    // The selected join's room and the rooms it allows first: they are the ones the question is about.
    // Picked, not sorted: a big run has 100,000 rooms and only a dozen are shown.
    const byId = roomsById(info);
    const first = join ? [join.room, ...(byId.get(join.room)?.allows ?? [])] : [];
    const rooms: typeof info = [];
    for (const id of first) {
      const room = byId.get(id);
      if (room && !rooms.includes(room)) rooms.push(room);
    }
    for (const room of info) {
      if (rooms.length >= MAX_ROOMS) break;
      if (!rooms.includes(room)) rooms.push(room);
    }
    rooms.splice(MAX_ROOMS);
    shape.servers = servers;
    shape.rooms = rooms.map((r) => r.id);
    const head = el('tr');
    head.append(el('th', { scope: 'col' }, 'server'));
    for (const room of rooms) {
      const th = el('th', { scope: 'col', 'data-room': room.id });
      th.append(el('span', { class: 'room-id' }, room.id));
      if (room.restricted) th.append(el('span', { class: 'room-note' }, `restricted, allows ${room.allows.join(', ') || 'nothing'}`));
      if (room.allowedBy.length) th.append(el('span', { class: 'room-note' }, `allowed room of ${room.allowedBy.join(', ')}`));
      for (const [code, findings] of groupBy(room.lint, (f) => f.code)) {
        th.append(el('span', { class: `lint-badge ${findings[0]?.severity ?? 'info'}`, title: findings[0]?.message ?? code }, `⚠ ${code}${findings.length > 1 ? ` ×${findings.length}` : ''}`));
      }
      head.append(th);
    }
    table.append(el('caption', { class: 'sr-only' }, 'Which server is resident in which room'), el('thead'), el('tbody'));
    table.tHead?.append(head);
    const body = table.tBodies[0] as HTMLTableSectionElement;
    for (const server of servers) {
      const row = el('tr', { 'data-server': server });
      row.append(el('th', { scope: 'row' }, server));
      for (const room of rooms) {
        const td = el('td', { 'data-room': room.id });
        shape.cells.set(cellKey(server, room.id), td);
        row.append(td);
      }
      body.append(row);
    }
    // Findings about the selected join's room first; large runs can have thousands, so only the first few are listed.
    const findings = [...dataset.report.lint].sort((a, b) => Number(b.room === join?.room) - Number(a.room === join?.room));
    for (const finding of findings.slice(0, MAX_FINDINGS)) {
      const item = el('li', { class: finding.severity });
      item.append(el('strong', {}, `${finding.severity} ${finding.code}`), document.createTextNode(`${finding.room ? ` (${finding.room})` : ''}: ${finding.message}`));
      if (finding.fix) item.append(el('span', { class: 'muted' }, ` Fix: ${finding.fix}`));
      lint.append(item);
    }
    if (findings.length > MAX_FINDINGS) {
      const counts = [...groupBy(findings, (f) => f.code)].map(([code, list]) => `${code} ×${list.length}`).join(', ');
      lint.append(el('li', { class: 'muted' }, `…and ${findings.length - MAX_FINDINGS} more (${counts} in all).`));
    }
    if (!findings.length) lint.append(el('li', { class: 'muted' }, 'No lint findings.'));
  };

  const update = (): void => {
    const { dataset, t } = store.get();
    if (!dataset || !shape) return;
    const p = participationAt(dataset, t, new Set(shape.servers), new Set(shape.rooms));
    const singlePoints = singlePointsOf(dataset);
    for (const server of shape.servers) {
      for (const room of shape.rooms) {
        const td = shape.cells.get(cellKey(server, room));
        if (!td) continue;
        const cell = p.cells.get(cellKey(server, room));
        const kind = !cell?.resident ? 'absent' : cell.authorising ? 'authorising' : 'resident';
        const words = kind === 'absent' ? 'not resident' : kind === 'authorising' ? 'resident, can authorise joins' : 'resident';
        // The only server that can authorise joins through some allowed room (at t = 0): its loss locks members out.
        const only = singlePoints.get(cellKey(server, room));
        const spof = only ? `; single point of failure: the only server that can authorise joins for members of ${only.join(', ')} (at t = 0)` : '';
        const label = `${server} in ${room}: ${words}${cell?.inferred ? ' (inferred from its answers)' : ''}${cell?.lastEvent ? `; last event it knows: ${cell.lastEvent}` : ''}${spof}`;
        const className = only ? `${kind} spof` : kind;
        if (td.className !== className) {
          td.className = className;
          td.textContent = (kind === 'absent' ? '–' : kind === 'authorising' ? '★' : '●') + (only ? '!' : '');
        }
        if (td.title !== label) {
          td.title = label;
          td.setAttribute('aria-label', label);
        }
      }
    }
    // What each shown server has learnt of the selected join's room by t (from state and deliver records).
    clear(knowledge);
    const join = shape.selected !== null ? dataset.report.joins[shape.selected] : undefined;
    if (join) {
      for (const server of shape.servers) {
        const event = p.cells.get(cellKey(server, join.room))?.lastEvent;
        if (event) knowledge.append(el('li', { 'data-server': server }, `${server} last learnt of ${join.room}: ${event}`));
      }
    }
    const hidden = p.servers.length - shape.servers.length;
    note.textContent = `★ resident and can authorise (has a user with power ≥ invite) · ● resident · – not resident · ! single point of failure (the only server that can authorise through an allowed room, at t = 0). At t = ${t} ms.${p.known ? '' : ' Residency inferred from answers (load the scenario for the full picture).'}${hidden > 0 ? ` ${hidden} more servers not shown.` : ''}`;
  };

  store.subscribe((state, previous) => {
    if (state.dataset !== previous.dataset || state.selected !== previous.selected) build();
    if (state.dataset !== previous.dataset || state.selected !== previous.selected || state.t !== previous.t) update();
  });
  build();
  update();
}

const byIdCache = new WeakMap<readonly ParticipationRoom[], Map<string, ParticipationRoom>>();

function roomsById(rooms: readonly ParticipationRoom[]): Map<string, ParticipationRoom> {
  let map = byIdCache.get(rooms);
  if (!map) byIdCache.set(rooms, (map = new Map(rooms.map((r) => [r.id, r]))));
  return map;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
