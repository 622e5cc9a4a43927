/**
 * The visualiser's entry: builds the page, wires each view to the store, and
 * loads what the URL fragment names (else the shipped failover example).
 */
import { el, panel } from './dom';
import { syncHash } from './hash-sync';
import { loadFromPath, loadShipped, mountLoaders } from './loaders';
import { SHIPPED } from './shipped';
import { createStore, INITIAL_STATE } from './store';
import { mountGraph } from './views/graph';
import { mountJoinList } from './views/join-list';
import { mountLadder } from './views/ladder';
import { mountLegend } from './views/legend';
import { mountMatrix } from './views/matrix';
import { mountOverview } from './views/overview';
import { mountParticipation } from './views/participation';
import { mountTimeline } from './views/timeline';
import { mountWhy } from './views/why';
import { mountWhatIf } from './views/what-if';
import { parseHash } from '../model/url-state';
import { NO_FILTER, type JoinFilter } from '../model/join-filter';

const DEFAULT_SCENARIO = 'examples/seed-failover';

function start(): void {
  const app = document.getElementById('app');
  if (!app) return;
  app.replaceChildren();
  const store = createStore(INITIAL_STATE);

  const header = el('header', { class: 'top' });
  const title = el('h1', {}, 'fedsim');
  const runName = el('p', { id: 'run-name', class: 'run-name' });
  const status = el('p', { id: 'status', class: 'status', role: 'status' });
  const loaders = el('div', { class: 'loaders' });
  const legend = el('div', { id: 'legend' });
  header.append(title, runName, loaders, status, legend);
  const problems = el('div', { id: 'problems', role: 'alert', hidden: '' });

  const joins = panel('joins-panel', 'Joins');
  const overview = panel('overview-panel', 'Overview: why joins failed');
  const ladder = panel('ladder-panel', 'Join ladder: who was asked, what they answered');
  const why = panel('why-panel', 'Why');
  const graph = panel('graph-panel', 'Federation');
  const matrix = panel('matrix-panel', 'Answers by server');
  const participation = panel('participation-panel', 'Who is in which room');
  const timeline = el('footer', { id: 'timeline', class: 'timeline', role: 'group', 'aria-label': 'Timeline' });

  const grid = el('main', { class: 'grid' });
  const centre = el('div', { class: 'column centre' });
  const right = el('div', { class: 'column right' });
  centre.append(overview.section, ladder.section, why.section);
  right.append(graph.section, matrix.section, participation.section);
  grid.append(joins.section, centre, right);
  app.append(header, problems, grid, timeline);

  mountLoaders(loaders, store, (key) => loadShipped(store, key));
  mountLegend(legend, store);
  mountJoinList(joins.body, store);
  mountOverview(overview.section, overview.body, store);
  mountLadder(ladder.body, store);
  mountWhy(why.body, store);
  mountGraph(graph.body, store);
  mountWhatIf(graph.body, store);
  mountMatrix(matrix.body, store);
  mountParticipation(participation.body, store);
  mountTimeline(timeline, store);

  store.subscribe((state) => {
    const d = state.dataset;
    runName.textContent = d ? `${d.name} · ${d.source === 'scenario' ? 'simulated here' : `loaded ${d.source}`} · seed ${d.report.seed || '?'} · ${d.report.joins.length} joins · ended at ${d.report.endedAt} ms` : '';
    status.textContent = state.status;
    problems.hidden = state.problems.length === 0;
    problems.replaceChildren(...state.problems.map((p) => el('p', {}, p)));
  });
  syncHash(store);

  const fromHash = (hash: string): void => {
    const wanted = parseHash(hash);
    const target = { join: wanted.join, t: wanted.t, overview: wanted.overview ?? false, filter: wanted.filter ?? {} };
    const current = store.get().dataset;
    if (wanted.scenario) {
      if (current?.scenarioKey === wanted.scenario) return selectFrom(target);
      loadShipped(store, wanted.scenario, target);
    } else if (wanted.load) {
      if (current?.loadedFrom === wanted.load) return selectFrom(target);
      void loadFromPath(store, wanted.load, target);
    } else if (wanted.file && current?.fileName === wanted.file) return selectFrom(target);
    else if (wanted.file && !current) {
      store.update({ problems: [`This link shows ${wanted.file}, a file opened from a disk: open it again (Open a file…) to see it.`] });
    } else if (!current && SHIPPED.some((s) => s.key === DEFAULT_SCENARIO)) loadShipped(store, DEFAULT_SCENARIO);
  };
  const selectFrom = (target: { join: string | null; t: number | null; overview: boolean; filter: Partial<JoinFilter> }): void => {
    const dataset = store.get().dataset;
    if (!dataset) return;
    const index = target.join ? dataset.report.joins.findIndex((j) => j.id === target.join) : -1;
    store.update({
      ...(index >= 0 ? { selected: index } : target.overview ? { selected: null } : {}),
      ...(target.t !== null ? { t: Math.min(target.t, dataset.report.endedAt) } : {}),
      filter: { ...NO_FILTER, ...target.filter },
    });
  };
  window.addEventListener('hashchange', () => fromHash(window.location.hash));
  fromHash(window.location.hash);
}

start();
