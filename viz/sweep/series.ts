/**
 * Pure selectors from a sweep to what its charts draw: a metric along one varied
 * parameter (one line per value of a second, the others held at chosen values),
 * the heat-map cells of a metric over two parameters, and the text of a point's
 * details. The views only position what these return.
 */
import { splitMetricKey, type SweepPointView, type SweepValue, type SweepView, type Summary } from './sweep-file';

/** What the sweep view shows: a metric, the parameter along x, the one along y (lines or heat-map rows), the others' fixed values. */
export interface SweepSelection {
  metric: string;
  x: string;
  y: string | null;
  fixed: Record<string, SweepValue>;
}

export interface PlottedPoint {
  x: SweepValue;
  y: SweepValue;
  point: SweepPointView;
  summary: Summary;
}

export interface Line {
  /** The y parameter's value this line is for (null with one parameter). */
  group: SweepValue;
  points: PlottedPoint[];
}

export function defaultSelection(sweep: SweepView): SweepSelection {
  const [first, second, ...rest] = sweep.vary;
  const fixed: Record<string, SweepValue> = {};
  for (const axis of rest) fixed[axis.path] = axis.values[0] ?? null;
  return {
    metric: sweep.metricKeys.includes('joinedShare') ? 'joinedShare' : (sweep.metricKeys[0] ?? ''),
    x: first?.path ?? '',
    y: second?.path ?? null,
    fixed,
  };
}

/** Keeps a selection valid after one of its parts changed: x and y differ, every other axis has a fixed value. */
export function normaliseSelection(sweep: SweepView, selection: SweepSelection): SweepSelection {
  const paths = sweep.vary.map((axis) => axis.path);
  const x = paths.includes(selection.x) ? selection.x : (paths[0] ?? '');
  let y = selection.y !== null && paths.includes(selection.y) && selection.y !== x ? selection.y : null;
  if (y === null && paths.length >= 2) y = paths.find((path) => path !== x) ?? null;
  const fixed: Record<string, SweepValue> = {};
  for (const axis of sweep.vary) {
    if (axis.path === x || axis.path === y) continue;
    fixed[axis.path] = axis.path in selection.fixed && axis.values.some((v) => v === selection.fixed[axis.path]) ? (selection.fixed[axis.path] as SweepValue) : (axis.values[0] ?? null);
  }
  return { metric: sweep.metricKeys.includes(selection.metric) ? selection.metric : defaultSelection(sweep).metric, x, y, fixed };
}

/** The points the selection shows: those whose other parameters hold the fixed values. */
function selectedPoints(sweep: SweepView, selection: SweepSelection): PlottedPoint[] {
  const plotted: PlottedPoint[] = [];
  for (const point of sweep.points) {
    if (!Object.entries(selection.fixed).every(([path, value]) => point.values[path] === value)) continue;
    const summary = point.metrics.get(selection.metric);
    if (!summary) continue;
    plotted.push({ x: point.values[selection.x] ?? null, y: selection.y === null ? null : (point.values[selection.y] ?? null), point, summary });
  }
  return plotted;
}

/** The metric along x, one line per y value, in the order the values were given to --vary. */
export function linesOf(sweep: SweepView, selection: SweepSelection): Line[] {
  const xOrder = orderOf(sweep, selection.x);
  const plotted = selectedPoints(sweep, selection).sort((a, b) => (xOrder.get(key(a.x)) ?? 0) - (xOrder.get(key(b.x)) ?? 0));
  const groups = selection.y === null ? [null] : (sweep.vary.find((axis) => axis.path === selection.y)?.values ?? []);
  return groups.map((group) => ({ group, points: plotted.filter((p) => selection.y === null || p.y === group) })).filter((line) => line.points.length > 0);
}

/** The heat map's cells: one per (x, y) pair that has the metric. */
export function heatCellsOf(sweep: SweepView, selection: SweepSelection): PlottedPoint[] {
  return selection.y === null ? [] : selectedPoints(sweep, selection);
}

/** Whether every value of a parameter is a number (a linear axis), else the values are categories in --vary order. */
export function isNumericAxis(sweep: SweepView, path: string): boolean {
  const axis = sweep.vary.find((a) => a.path === path);
  return axis !== undefined && axis.values.length > 0 && axis.values.every((v) => typeof v === 'number');
}

export function valuesOf(sweep: SweepView, path: string): SweepValue[] {
  return sweep.vary.find((a) => a.path === path)?.values ?? [];
}

function orderOf(sweep: SweepView, path: string): Map<string, number> {
  return new Map(valuesOf(sweep, path).map((value, i) => [key(value), i]));
}

/** A value as a map key and as text: `0.2`, `true`, `dendrite`, `null`. */
export function key(value: SweepValue): string {
  return value === null ? 'null' : String(value);
}

const LABELS: Record<string, string> = {
  joins: 'joins started',
  joinedShare: 'share of joins that joined',
  timeToJoinMs: 'time to join (ms)',
  attemptsPerJoin: 'requests per join',
  requests: 'federation requests',
  finalStatusShare: 'share of joins ending with status',
  errcodeShare: 'share of answers with errcode',
  lint: 'lint findings',
};

/** A metric key as a reader would say it: `errcodeShare.M_FORBIDDEN` → "share of answers with errcode M_FORBIDDEN". */
export function metricLabel(metric: string): string {
  const { family, key: sub } = splitMetricKey(metric);
  const base = LABELS[family] ?? family;
  if (sub === null) return base;
  return family === 'finalStatusShare' && sub === '0' ? `${base} 0 (no answer)` : `${base} ${sub}`;
}

/** Numbers as a table would print them: integers whole, others to four significant digits. */
export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return Number(value.toPrecision(4)).toString();
}

/** The lines a point's details show: its parameters, the metric with its interval, its runs. */
export function pointDetails(sweep: SweepView, point: SweepPointView, metric: string): string[] {
  const lines = sweep.vary.map((axis) => `${axis.path} = ${key(point.values[axis.path] ?? null)}`);
  const summary = point.metrics.get(metric);
  if (summary) {
    lines.push(`${metricLabel(metric)}: ${formatNumber(summary.mean)}`);
    lines.push(`95% interval ${formatNumber(summary.lo)} – ${formatNumber(summary.hi)} (sd ${formatNumber(summary.sd)})`);
    if (summary.p50 !== undefined && summary.p95 !== undefined) lines.push(`p50 ${formatNumber(summary.p50)} ms, p95 ${formatNumber(summary.p95)} ms over all joined joins`);
  } else lines.push(`${metricLabel(metric)}: no value`);
  lines.push(`${point.runs} run${point.runs === 1 ? '' : 's'} (point ${point.index})`);
  return lines;
}
