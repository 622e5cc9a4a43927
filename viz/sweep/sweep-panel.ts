/**
 * The sweep view: a panel above the run views with the sweep's name, pickers for
 * the metric and the parameters, the line chart with its bands, the heat map when
 * two or more parameters were varied, a hover card with a point's values and
 * intervals, and the picked point's runs, each of which opens in the run views.
 */
import { el } from '../src/dom';
import { drawHeatMap } from './heat-map';
import { drawLineChart, type PointHandlers } from './line-chart';
import { defaultSelection, key, metricLabel, normaliseSelection, pointDetails, type PlottedPoint, type SweepSelection } from './series';
import type { SweepPointView, SweepView } from './sweep-file';

export interface SweepPanel {
  readonly section: HTMLElement;
  show(sweep: SweepView): void;
  hide(): void;
  /** The sweep shown, if any. */
  readonly sweep: SweepView | null;
}

/** What the panel asks of the page: open replication `replication` of `point` in the run views; resolves to a line about the opened run. */
export type OpenRun = (sweep: SweepView, point: SweepPointView, replication: number) => Promise<string>;

export function createSweepPanel(openRun: OpenRun): SweepPanel {
  const section = el('section', { id: 'sweep-panel', class: 'panel sweep-panel', 'aria-labelledby': 'sweep-title', hidden: '' });
  const title = el('h2', { id: 'sweep-title' });
  const close = el('button', { type: 'button', id: 'sweep-close', class: 'sweep-close' }, 'Close sweep');
  const summary = el('p', { id: 'sweep-summary', class: 'muted' });
  const controls = el('div', { class: 'sweep-controls' });
  const charts = el('div', { class: 'sweep-charts' });
  const lineHost = el('div', { id: 'sweep-line', class: 'sweep-chart' });
  const heatHost = el('div', { id: 'sweep-heat', class: 'sweep-chart' });
  charts.append(lineHost, heatHost);
  const tooltip = el('div', { id: 'sweep-tooltip', class: 'sweep-tooltip', role: 'tooltip', hidden: '' });
  const details = el('div', { id: 'sweep-details', class: 'sweep-details' });
  const opened = el('p', { id: 'sweep-opened', class: 'sweep-opened', 'aria-live': 'polite' });
  section.append(title, close, summary, controls, charts, details, opened, tooltip);

  let sweep: SweepView | null = null;
  let selection: SweepSelection | null = null;
  let picked: SweepPointView | null = null;
  const open = (sweepShown: SweepView, point: SweepPointView, replication: number): void => {
    opened.textContent = '';
    void openRun(sweepShown, point, replication).then((line) => {
      if (sweep === sweepShown) opened.textContent = line;
    });
  };

  const handlers: PointHandlers = {
    hover(point, at) {
      if (!point || !at || !sweep || !selection) {
        tooltip.hidden = true;
        return;
      }
      tooltip.replaceChildren(...pointDetails(sweep, point.point, selection.metric).map((line) => el('div', {}, line)), el('div', { class: 'muted' }, 'click to open one of its runs'));
      tooltip.hidden = false;
      const box = section.getBoundingClientRect();
      tooltip.style.left = `${Math.max(0, at.x - box.left + 12)}px`;
      tooltip.style.top = `${Math.max(0, at.y - box.top - 8)}px`;
    },
    pick(point: PlottedPoint) {
      picked = point.point;
      tooltip.hidden = true;
      renderDetails();
      if (sweep) open(sweep, point.point, 0);
    },
  };

  const select = (id: string, label: string, options: { value: string; text: string }[], chosen: string, onChange: (value: string) => void): HTMLElement => {
    const wrapper = el('label', { class: 'sweep-control' });
    const box = el('select', { id });
    for (const option of options) box.append(el('option', { value: option.value }, option.text));
    box.value = chosen;
    box.addEventListener('change', () => onChange(box.value));
    wrapper.append(el('span', {}, label), box);
    return wrapper;
  };

  const update = (patch: Partial<SweepSelection>): void => {
    if (!sweep || !selection) return;
    selection = normaliseSelection(sweep, { ...selection, ...patch, fixed: { ...selection.fixed, ...(patch.fixed ?? {}) } });
    render();
  };

  const renderControls = (): void => {
    if (!sweep || !selection) return;
    const current = selection;
    const paths = sweep.vary.map((axis) => ({ value: axis.path, text: axis.path }));
    const parts = [select('sweep-metric', 'metric', sweep.metricKeys.map((m) => ({ value: m, text: metricLabel(m) })), current.metric, (metric) => update({ metric }))];
    if (paths.length >= 2) {
      parts.push(select('sweep-x', 'along x', paths, current.x, (x) => update({ x, y: x === current.y ? current.x : current.y })));
      parts.push(select('sweep-y', 'lines / heat-map rows', paths, current.y ?? '', (y) => update({ y, x: y === current.x ? (current.y ?? current.x) : current.x })));
    }
    for (const [path, value] of Object.entries(current.fixed)) {
      const axis = sweep.vary.find((a) => a.path === path);
      if (!axis) continue;
      const options = axis.values.map((v, i) => ({ value: String(i), text: key(v) }));
      parts.push(select(`sweep-fixed-${sweep.vary.indexOf(axis)}`, `${path} =`, options, String(axis.values.indexOf(value)), (i) => update({ fixed: { [path]: axis.values[Number(i)] ?? null } })));
    }
    controls.replaceChildren(...parts);
  };

  const renderDetails = (): void => {
    if (!sweep || !selection || !picked) {
      details.replaceChildren(el('p', { class: 'muted' }, 'Hover a point for its values and intervals; click it to simulate one of its runs here.'));
      return;
    }
    const point = picked;
    const current = sweep;
    const list = el('ul', { class: 'sweep-runs' });
    for (let r = 0; r < Math.max(1, point.runs); r++) {
      const seed = point.seeds[r] ?? `${current.seed}/${point.index}/${r}`;
      const button = el('button', { type: 'button', 'data-replication': String(r) }, `run ${r} (seed ${seed})`);
      button.addEventListener('click', () => open(current, point, r));
      const item = el('li');
      item.append(button);
      list.append(item);
    }
    details.replaceChildren(el('h3', {}, `Point ${point.index}`), ...pointDetails(sweep, point, selection.metric).map((line) => el('p', {}, line)), el('p', { class: 'muted' }, 'Open a run in the views below:'), list);
  };

  const render = (): void => {
    if (!sweep || !selection) return;
    renderControls();
    drawLineChart(lineHost, sweep, selection, handlers);
    heatHost.hidden = selection.y === null;
    drawHeatMap(heatHost, sweep, selection, handlers);
    renderDetails();
  };

  close.addEventListener('click', () => panel.hide());
  const panel: SweepPanel = {
    section,
    get sweep() {
      return sweep;
    },
    show(next) {
      sweep = next;
      selection = defaultSelection(next);
      picked = null;
      opened.textContent = '';
      title.textContent = `Sweep: ${next.scenario}`;
      const axes = next.vary.map((axis) => `${axis.path} (${axis.values.length} values)`).join(' × ');
      summary.textContent = `${next.points.length} points × ${next.replications} replications, seed ${next.seed}; varied: ${axes || 'nothing'}. Bands are 95% confidence intervals of the mean.`;
      section.hidden = false;
      render();
    },
    hide() {
      sweep = null;
      section.hidden = true;
      tooltip.hidden = true;
    },
  };
  return panel;
}
