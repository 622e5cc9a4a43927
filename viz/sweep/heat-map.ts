/**
 * A metric over two varied parameters: one cell per point, coloured by the
 * mean on a perceptually even scale (viridis) and labelled with it, so the
 * colour is never the only cue. Cells answer hover and click like the line
 * chart's dots.
 */
import * as d3 from 'd3';
import { formatNumber, heatCellsOf, key, metricLabel, valuesOf, type PlottedPoint, type SweepSelection } from './series';
import { wirePoints, type PointHandlers } from './line-chart';
import type { SweepView } from './sweep-file';

const WIDTH = 620;
const HEIGHT = 340;
const MARGIN = { top: 14, right: 90, bottom: 48, left: 110 };

export function drawHeatMap(host: HTMLElement, sweep: SweepView, selection: SweepSelection, handlers: PointHandlers): void {
  d3.select(host).selectAll('*').remove();
  if (selection.y === null) return;
  const yPath = selection.y;
  const cells = heatCellsOf(sweep, selection);
  const svg = d3
    .select(host)
    .append('svg')
    .attr('id', 'sweep-heat-map')
    .attr('viewBox', `0 0 ${WIDTH} ${HEIGHT}`)
    .attr('role', 'group')
    .attr('aria-label', `${metricLabel(selection.metric)} over ${selection.x} and ${yPath}`);
  const x = d3.scaleBand<string>().domain(valuesOf(sweep, selection.x).map(key)).range([MARGIN.left, WIDTH - MARGIN.right]).padding(0.04);
  // The first value at the bottom, as on the line chart's y axis.
  const y = d3.scaleBand<string>().domain(valuesOf(sweep, yPath).map(key).reverse()).range([MARGIN.top, HEIGHT - MARGIN.bottom]).padding(0.04);
  const [low, high] = d3.extent(cells, (c) => c.summary.mean) as [number | undefined, number | undefined];
  const colour = d3.scaleSequential(d3.interpolateViridis).domain([low ?? 0, high === low ? (low ?? 0) + 1 : (high ?? 1)]);

  svg.append('g').attr('class', 'axis x-axis').attr('transform', `translate(0,${HEIGHT - MARGIN.bottom})`).call(d3.axisBottom(x));
  svg.append('g').attr('class', 'axis y-axis').attr('transform', `translate(${MARGIN.left},0)`).call(d3.axisLeft(y));
  svg.append('text').attr('class', 'axis-label').attr('x', (MARGIN.left + WIDTH - MARGIN.right) / 2).attr('y', HEIGHT - 10).attr('text-anchor', 'middle').text(selection.x);
  svg
    .append('text')
    .attr('class', 'axis-label')
    .attr('transform', `translate(14,${(MARGIN.top + HEIGHT - MARGIN.bottom) / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .text(yPath);

  const cell = svg
    .append('g')
    .selectAll<SVGGElement, PlottedPoint>('g.cell')
    .data(cells)
    .join('g')
    .attr('class', 'cell')
    .attr('transform', (c) => `translate(${x(key(c.x)) ?? 0},${y(key(c.y)) ?? 0})`);
  cell
    .append('rect')
    .attr('class', 'sweep-cell')
    .attr('data-point', (c) => String(c.point.index))
    .attr('width', x.bandwidth())
    .attr('height', y.bandwidth())
    .attr('fill', (c) => colour(c.summary.mean))
    .attr('tabindex', '0')
    .attr('role', 'button')
    .attr('aria-label', (c) => `point ${c.point.index}: ${selection.x} = ${key(c.x)}, ${yPath} = ${key(c.y)}, ${metricLabel(selection.metric)} ${formatNumber(c.summary.mean)}; open one of its runs`);
  cell
    .append('text')
    .attr('class', 'cell-label')
    .attr('x', x.bandwidth() / 2)
    .attr('y', y.bandwidth() / 2 + 4)
    .attr('text-anchor', 'middle')
    // Light text on the dark end of viridis, dark on the light end (a style, so the sheet's text colour does not win).
    .style('fill', (c) => (d3.lab(colour(c.summary.mean)).l < 60 ? '#ffffff' : '#1b1b1b'))
    .text((c) => formatNumber(c.summary.mean));
  wirePoints(svg, handlers);

  // The colour scale's key: a vertical gradient with the extremes written beside it.
  const gradientId = 'sweep-heat-gradient';
  const gradient = svg.append('defs').append('linearGradient').attr('id', gradientId).attr('x1', 0).attr('y1', 1).attr('x2', 0).attr('y2', 0);
  for (let i = 0; i <= 10; i++) gradient.append('stop').attr('offset', `${i * 10}%`).attr('stop-color', colour(colour.domain()[0]! + ((colour.domain()[1]! - colour.domain()[0]!) * i) / 10));
  const keyX = WIDTH - MARGIN.right + 16;
  svg.append('rect').attr('x', keyX).attr('y', MARGIN.top).attr('width', 12).attr('height', HEIGHT - MARGIN.top - MARGIN.bottom).attr('fill', `url(#${gradientId})`);
  svg.append('text').attr('class', 'key-label').attr('x', keyX + 16).attr('y', MARGIN.top + 10).text(formatNumber(high ?? 0));
  svg.append('text').attr('class', 'key-label').attr('x', keyX + 16).attr('y', HEIGHT - MARGIN.bottom).text(formatNumber(low ?? 0));
}
