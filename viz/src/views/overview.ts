/**
 * The overview of a run, in the centre column while no join is selected: how
 * many joins failed, grouped by final answer × who decided × the lint finding
 * about the room, largest group first. A click on a group lists its joins.
 */
import { glossOf, shapeOf } from '../../model/answers';
import { DECIDER_WORDS, overviewOf, type FailureGroup } from '../../model/overview';
import { colourOf } from '../../model/palette';
import { el } from '../dom';
import type { Store } from '../store';

/** Groups listed; the rest are summed in one line (a run has a few dozen at most in practice). */
const MAX_GROUPS = 40;

export function mountOverview(section: HTMLElement, host: HTMLElement, store: Store): void {
  const headline = el('p', { id: 'overview-headline', class: 'why-headline' });
  const table = el('table', { id: 'overview-groups', class: 'overview-table' });
  const note = el('p', { class: 'muted', id: 'overview-note' });
  host.append(headline, table, note);
  table.addEventListener('click', (event) => {
    const row = (event.target as Element).closest<HTMLElement>('tr[data-group]');
    if (!row?.dataset.group) return;
    const { filter } = store.get();
    const same = filter.group === row.dataset.group;
    store.update({ filter: { ...filter, outcome: 'failed', group: same ? '' : row.dataset.group } });
  });
  table.addEventListener('keydown', (event) => {
    if ((event.key === 'Enter' || event.key === ' ') && event.target instanceof HTMLTableRowElement) {
      event.target.click();
      event.preventDefault();
    }
  });

  let shownFor: object | null = null;
  const render = (): void => {
    const { dataset, selected, filter } = store.get();
    section.hidden = !dataset || selected !== null;
    if (section.hidden || !dataset) return;
    if (shownFor !== dataset) {
      shownFor = dataset;
      build(dataset.report.joins, dataset.report.lint);
    }
    for (const row of table.querySelectorAll<HTMLElement>('tr[data-group]')) {
      const on = row.dataset.group === filter.group;
      row.classList.toggle('selected', on);
      row.setAttribute('aria-pressed', String(on));
    }
  };

  const build = (joins: Parameters<typeof overviewOf>[0], lint: Parameters<typeof overviewOf>[1]): void => {
    const overview = overviewOf(joins, lint);
    const share = overview.joins ? ((100 * overview.failed) / overview.joins).toFixed(1) : '0';
    headline.textContent = `${n(overview.joins)} joins: ${n(overview.joined)} joined, ${n(overview.failed)} failed (${share} %); ${n(overview.local)} decided by the joining server alone.`;
    const head = el('tr');
    for (const title of ['failed joins', 'final answer', 'decided by', 'lint finding about the room', 'rooms with most']) head.append(el('th', { scope: 'col' }, title));
    const body = el('tbody');
    for (const group of overview.groups.slice(0, MAX_GROUPS)) body.append(rowFor(group));
    table.replaceChildren(el('caption', { class: 'sr-only' }, 'Failed joins by final answer, who decided and lint finding; choose a row to list its joins'), el('thead'), body);
    table.tHead?.append(head);
    const rest = overview.groups.slice(MAX_GROUPS);
    note.textContent = overview.groups.length
      ? `Choose a group to list its joins; a local refusal is the joining server's own answer.${rest.length ? ` ${rest.length} smaller groups (${n(rest.reduce((s, g) => s + g.count, 0))} joins) not listed.` : ''}`
      : 'No join failed.';
  };

  store.subscribe((state, previous) => {
    if (state.dataset !== previous.dataset || state.selected !== previous.selected || state.filter.group !== previous.filter.group) render();
  });
  render();
}

function rowFor(group: FailureGroup): HTMLElement {
  const row = el('tr', { 'data-group': group.key, tabindex: '0', role: 'button', title: `List these ${group.count} joins` });
  const answer = el('td', { class: 'answer-cell' });
  const badge = el('span', { class: 'badge', 'data-answer': group.answer }, `${shapeOf(group.answer)} ${group.status === 0 ? 'no answer' : group.status}${group.answer !== String(group.status) && group.status !== 0 ? ` ${group.answer}` : ''}`);
  badge.style.borderColor = colourOf(group.answer);
  answer.append(badge, el('span', { class: 'muted' }, ` ${glossOf(group.answer)}`));
  const finding = el('td', { class: 'finding-cell' });
  finding.append(el('strong', {}, group.finding));
  if (group.findingText) finding.title = group.findingText;
  row.append(
    el('td', { class: 'count-cell' }, n(group.count)),
    answer,
    el('td', {}, DECIDER_WORDS.get(group.decider) ?? group.decider),
    finding,
    el('td', { class: 'rooms-cell' }, group.rooms.map((r) => `${r.room} ×${r.count}`).join(', ')),
  );
  return row;
}

function n(value: number): string {
  return value.toLocaleString('en');
}
