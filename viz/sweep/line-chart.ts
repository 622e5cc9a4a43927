/**
 * A metric against one varied parameter: the mean as a line with a dot per
 * point, its 95% interval as a shaded band, one line per value of a second
 * parameter. Dots answer hover (details) and click (open one of the point's runs).
 * Every label is set with .text(): parameter values come from the file.
 */
import * as d3 from 'd3';
import { OKABE_ITO } from '../model/palette';
import { formatNumber, isNumericAxis, key, linesOf, metricLabel, valuesOf, type Line, type PlottedPoint, type SweepSelection } from './series';
import type { SweepView } from './sweep-file';

export interface PointHandlers {
  hover(point: PlottedPoint | null, at: { x: number; y: number } | null): void;
  pick(point: PlottedPoint): void;
}

/** Line colours, distinguishable with the common colour-vision deficiencies. */
export const SERIES_COLOURS = [OKABE_ITO.blue, OKABE_ITO.vermillion, OKABE_ITO.bluishGreen, OKABE_ITO.orange, OKABE_ITO.reddishPurple, OKABE_ITO.skyBlue, OKABE_ITO.black, OKABE_ITO.yellow];

const WIDTH = 700;
const HEIGHT = 320;
/** The right margin holds the legend of the lines. */
const MARGIN = { top: 14, right: 110, bottom: 48, left: 70 };

export function drawLineChart(host: HTMLElement, sweep: SweepView, selection: SweepSelection, handlers: PointHandlers): void {
  d3.select(host).selectAll('*').remove();
  const lines = linesOf(sweep, selection);
  const svg = d3
    .select(host)
    .append('svg')
    .attr('id', 'sweep-line-chart')
    .attr('viewBox', `0 0 ${WIDTH} ${HEIGHT}`)
    .attr('role', 'group')
    .attr('aria-label', `${metricLabel(selection.metric)} against ${selection.x}`);
  if (lines.length === 0) {
    svg.append('text').attr('x', WIDTH / 2).attr('y', HEIGHT / 2).attr('text-anchor', 'middle').attr('class', 'muted').text('No point has this metric.');
    return;
  }
  const all = lines.flatMap((line) => line.points);
  const xAt = xPosition(sweep, selection.x);
  const low = d3.min(all, (p) => p.summary.lo) ?? 0;
  const high = d3.max(all, (p) => p.summary.hi) ?? 1;
  const pad = low === high ? Math.max(1, Math.abs(low) * 0.1) : 0;
  const y = d3.scaleLinear().domain([low - pad, high + pad]).nice().range([HEIGHT - MARGIN.bottom, MARGIN.top]);

  const xAxis = svg.append('g').attr('class', 'axis x-axis').attr('transform', `translate(0,${HEIGHT - MARGIN.bottom})`);
  xAxis.call(xAt.axis);
  svg.append('g').attr('class', 'axis y-axis').attr('transform', `translate(${MARGIN.left},0)`).call(d3.axisLeft(y).ticks(6));
  svg.append('text').attr('class', 'axis-label').attr('x', (MARGIN.left + WIDTH - MARGIN.right) / 2).attr('y', HEIGHT - 10).attr('text-anchor', 'middle').text(selection.x || 'no parameter varied');
  svg
    .append('text')
    .attr('class', 'axis-label')
    .attr('transform', `translate(16,${(MARGIN.top + HEIGHT - MARGIN.bottom) / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .text(metricLabel(selection.metric));

  const band = d3
    .area<PlottedPoint>()
    .x((p) => xAt.at(p.x))
    .y0((p) => y(p.summary.lo))
    .y1((p) => y(p.summary.hi));
  const line = d3
    .line<PlottedPoint>()
    .x((p) => xAt.at(p.x))
    .y((p) => y(p.summary.mean));
  const series = svg
    .append('g')
    .selectAll<SVGGElement, Line>('g.series')
    .data(lines)
    .join('g')
    .attr('class', 'series')
    .attr('data-group', (l) => key(l.group));
  series
    .append('path')
    .attr('class', 'band')
    .attr('d', (l) => band(l.points))
    .attr('fill', (_, i) => colour(i));
  series
    .append('path')
    .attr('class', 'mean-line')
    .attr('d', (l) => line(l.points))
    .attr('stroke', (_, i) => colour(i));
  series.each(function (l, i) {
    d3.select(this)
      .selectAll<SVGCircleElement, PlottedPoint>('circle')
      .data(l.points)
      .join('circle')
      .attr('class', 'sweep-dot')
      .attr('data-point', (p) => String(p.point.index))
      .attr('cx', (p) => xAt.at(p.x))
      .attr('cy', (p) => y(p.summary.mean))
      .attr('r', 5.5)
      .attr('fill', colour(i))
      .attr('tabindex', '0')
      .attr('role', 'button')
      .attr('aria-label', (p) => `point ${p.point.index}: ${selection.x} = ${key(p.x)}, ${metricLabel(selection.metric)} ${formatNumber(p.summary.mean)}; open one of its runs`);
  });
  wirePoints(svg, handlers);

  if (selection.y !== null) {
    const legend = svg.append('g').attr('class', 'series-legend').attr('transform', `translate(${WIDTH - MARGIN.right + 14},${MARGIN.top + 4})`);
    // The path's last step fits the margin; the whole path is the tooltip (and the heat map's axis title).
    const title = legend.append('text').attr('class', 'legend-title').attr('y', 4).text(`${selection.y.split('.').pop() ?? selection.y}:`);
    title.append('title').text(selection.y);
    lines.forEach((l, i) => {
      const row = legend.append('g').attr('transform', `translate(0,${18 + i * 16})`);
      row.append('rect').attr('width', 10).attr('height', 10).attr('y', -5).attr('fill', colour(i));
      row.append('text').attr('x', 14).attr('y', 4).text(key(l.group));
    });
  }
}

/** Hover and click on any `.sweep-dot` or `.sweep-cell` of `svg`, and Enter or Space on a focused one. */
export function wirePoints(svg: d3.Selection<SVGSVGElement, unknown, null, undefined>, handlers: PointHandlers): void {
  const targets = svg.selectAll<SVGElement, PlottedPoint>('.sweep-dot, .sweep-cell');
  const at = (element: Element): { x: number; y: number } => {
    const box = element.getBoundingClientRect();
    return { x: box.left + box.width / 2, y: box.top };
  };
  targets
    .on('mouseenter focus', function (_event, p) {
      handlers.hover(p, at(this));
    })
    .on('mouseleave blur', () => handlers.hover(null, null))
    .on('click', (_event, p) => handlers.pick(p))
    .on('keydown', (event: KeyboardEvent, p) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        handlers.pick(p);
      }
    });
}

function colour(i: number): string {
  return SERIES_COLOURS[i % SERIES_COLOURS.length] as string;
}

/** Where a parameter's value goes along x: a linear scale for numbers, evenly spaced categories otherwise. */
function xPosition(sweep: SweepView, path: string): { at: (value: unknown) => number; axis: (g: d3.Selection<SVGGElement, unknown, null, undefined>) => void } {
  const range: [number, number] = [MARGIN.left + 12, WIDTH - MARGIN.right - 12];
  if (isNumericAxis(sweep, path)) {
    const values = valuesOf(sweep, path) as number[];
    const scale = d3.scaleLinear().domain(d3.extent(values) as [number, number]).range(range);
    if (scale.domain()[0] === scale.domain()[1]) scale.domain([values[0]! - 1, values[0]! + 1]);
    return { at: (value) => scale(value as number), axis: (g) => void g.call(d3.axisBottom(scale).tickValues(values.length <= 12 ? values : scale.ticks(8))) };
  }
  // A sweep that varies nothing has one point: it stands alone in the middle.
  const values = sweep.vary.length === 0 ? [null] : valuesOf(sweep, path);
  const scale = d3.scalePoint<string>().domain(values.map(key)).range(range).padding(0.3);
  const axis = d3.axisBottom(scale);
  if (sweep.vary.length === 0) axis.tickFormat(() => 'all runs');
  return { at: (value) => scale(key(value as never)) ?? 0, axis: (g) => void g.call(axis) };
}
