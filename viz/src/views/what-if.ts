/**
 * Under the federation graph: "What if this server is down?". Pick a server (or
 * click it in the graph), press the toggle, and the scenario is re-run with that
 * server crashed from t = 0; the joins that change are listed, lost ones first,
 * and the server is marked down in the graph. Only for simulated scenarios (a
 * loaded report has no scenario to re-run) of at most MAX_WHAT_IF_JOINS joins.
 */
import { serversOf } from '../../model/dataset';
import { joinChanges, MAX_WHAT_IF_JOINS, runWithServerDown, type JoinChange } from '../../model/what-if';
import { clear, el } from '../dom';
import type { Store } from '../store';

export function mountWhatIf(host: HTMLElement, store: Store): void {
  const box = el('div', { id: 'what-if', class: 'what-if' });
  const label = el('label', { for: 'what-if-server' }, 'What if this server is down? ');
  const select = el('select', { id: 'what-if-server' });
  const toggle = el('button', { id: 'what-if-toggle', type: 'button', 'aria-pressed': 'false' }, 'Down from t = 0');
  const result = el('div', { id: 'what-if-result', role: 'status' });
  box.append(label, select, toggle, result);
  host.append(box);
  let down: string | null = null;

  const markGraph = (): void => {
    for (const node of host.querySelectorAll('[data-server].what-if-down')) node.classList.remove('what-if-down');
    if (down === null) return;
    for (const node of host.querySelectorAll('g.node[data-server]')) if ((node as Element).getAttribute('data-server') === down) node.classList.add('what-if-down');
  };

  const show = (changes: JoinChange[], server: string): void => {
    clear(result);
    const lost = changes.filter((c) => c.lost);
    result.append(el('p', {}, `With ${server} down from t = 0: ${changes.length} join${changes.length === 1 ? '' : 's'} change, ${lost.length} lost.`));
    const list = el('ul', { class: 'what-if-changes' });
    for (const change of [...lost, ...changes.filter((c) => !c.lost)]) {
      list.append(el('li', { 'data-join': change.id, class: change.lost ? 'lost' : 'changed' }, `${change.id}: ${change.before} → ${change.after}`));
    }
    result.append(list);
  };

  const apply = (): void => {
    const { dataset } = store.get();
    toggle.setAttribute('aria-pressed', String(down !== null));
    markGraph();
    clear(result);
    if (!dataset || down === null) return;
    if (!dataset.scenario) {
      result.append(el('p', { class: 'muted' }, 'Load a scenario (not a report or trace) to re-run it with a server down.'));
      return;
    }
    if (dataset.report.joins.length > MAX_WHAT_IF_JOINS) {
      result.append(el('p', { class: 'muted' }, `${dataset.report.joins.length} joins is too many to re-run here; use fedsim resilience --verify.`));
      return;
    }
    show(joinChanges(dataset.report, runWithServerDown(dataset.scenario, down)), down);
  };

  const fill = (): void => {
    const { dataset } = store.get();
    clear(select);
    down = null;
    const servers = dataset?.scenario ? dataset.scenario.servers.map((s) => s.name) : dataset ? serversOf(dataset) : [];
    for (const server of servers) select.append(el('option', { value: server }, server));
    box.hidden = servers.length === 0;
    apply();
  };

  toggle.addEventListener('click', () => {
    down = down === null ? select.value || null : null;
    apply();
  });
  select.addEventListener('change', () => {
    if (down !== null) {
      down = select.value;
      apply();
    }
  });
  // A click on a server in the graph picks it here too (the graph itself also filters the joins by it).
  host.addEventListener('click', (event) => {
    const node = (event.target as Element | null)?.closest?.('g.node[data-server]');
    const server = node?.getAttribute('data-server');
    if (!server || ![...select.options].some((o) => o.value === server)) return;
    select.value = server;
    if (down !== null) {
      down = server;
      apply();
    }
  });
  store.subscribe((state, previous) => {
    if (state.dataset !== previous.dataset) fill();
    else if (down !== null && state.selected !== previous.selected) markGraph();
  });
  fill();
}
