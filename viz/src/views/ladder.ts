/**
 * The join ladder: a sequence chart of the selected join. One lane per server
 * (the joining server first), time running down, each make_join/send_join drawn
 * as a request arrow and an answer arrow labelled with status, errcode and a few
 * plain words; servers never asked are listed apart. Below it, the same attempts
 * as a table for keyboards, screen readers and copy-paste.
 */
import * as d3 from 'd3';
import { glossOf } from '../../model/answers';
import { ladderOf, type Ladder, type LadderArrow } from '../../model/ladder';
import { colourOf, OKABE_ITO, ROLE_COLOURS } from '../../model/palette';
import { clear, el } from '../dom';
import type { Store } from '../store';

/** Lanes share the panel's width, but never get narrower than this (the chart scrolls instead). */
const MIN_LANE_WIDTH = 150;
const MARGIN = { top: 56, left: 70, right: 30, bottom: 24 };
/** Vertical space between consecutive moments of the join (send, arrival, answer). */
const STEP = 34;

export function mountLadder(host: HTMLElement, store: Store): void {
  const summary = el('p', { id: 'ladder-summary' });
  const chartBox = el('div', { class: 'ladder-chart' });
  const neverAsked = el('p', { id: 'never-asked', class: 'never-asked' });
  const table = el('table', { id: 'ladder-table', class: 'ladder-table' });
  host.append(summary, chartBox, neverAsked, table);
  const svg = d3.select(chartBox).append('svg').attr('id', 'ladder-svg').attr('role', 'img');
  // Read the width from a ResizeObserver, not clientWidth during render, which would force a layout mid-update.
  let available = 700;
  new ResizeObserver((entries) => {
    const width = Math.floor(entries[0]?.contentRect.width ?? available);
    if (width > 0 && Math.abs(width - available) > 4) {
      available = width;
      render();
    }
  }).observe(chartBox);
  defineArrowheads(svg);

  const render = (): void => {
    const { dataset, selected, t } = store.get();
    const join = dataset && selected !== null ? dataset.report.joins[selected] : undefined;
    svg.selectAll('g.ladder').remove();
    clear(table);
    if (!dataset || !join) {
      summary.textContent = dataset ? 'Select a join in the list to see who was asked and what each server answered.' : '';
      neverAsked.textContent = '';
      svg.attr('width', 0).attr('height', 0);
      return;
    }
    const ladder = ladderOf(dataset, join, t);
    summary.textContent =
      t < join.finishedAt
        ? `${join.user} → ${join.room}: ${t < join.at ? 'not started' : 'in progress'} at t = ${t} ms.`
        : join.outcome === 'joined'
        ? `${join.user} joined ${join.room}${join.resident ? ` through ${join.resident}` : ''}${join.authorisedBy ? `, authorised by ${join.authorisedBy}` : ''}${join.local ? ' (a local join)' : ''}.`
        : `${join.user} could not join ${join.room}: ${join.status} ${join.errcode ?? ''}`.trim() + (join.attempts.length ? '.' : `, refused by the joining server ${ladder.joiner} itself; no request was sent.`);
    drawChart(svg, ladder, t, available);
    svg.attr('aria-label', `Sequence chart of join ${join.id}`);
    neverAsked.textContent = ladder.neverAsked.length ? `Never asked (not a refusal): ${ladder.neverAsked.join(', ')}` : '';
    fillTable(table, ladder);
  };
  store.subscribe((state, previous) => {
    if (state.dataset !== previous.dataset || state.selected !== previous.selected || state.t !== previous.t) render();
  });
  render();
}

type Svg = d3.Selection<SVGSVGElement, unknown, null, undefined>;

/** One arrowhead marker per colour: SVG markers cannot take the line's colour everywhere. */
function defineArrowheads(svg: Svg): void {
  const defs = svg.append('defs');
  const colours = new Set<string>([REQUEST_COLOUR, ...Object.values(OKABE_ITO)]);
  defs
    .selectAll('marker')
    .data([...colours])
    .join('marker')
    .attr('id', (d) => headId(d))
    .attr('viewBox', '0 0 10 10')
    .attr('refX', 9)
    .attr('refY', 5)
    .attr('markerWidth', 7)
    .attr('markerHeight', 7)
    .attr('orient', 'auto-start-reverse')
    .append('path')
    .attr('d', 'M0,0 L10,5 L0,10 z')
    .attr('fill', (d) => d);
}

const REQUEST_COLOUR = '#333333';

function headId(colour: string): string {
  return `ladder-head-${colour.replace('#', '')}`;
}

function headFor(colour: string): string {
  return `url(#${headId(colour)})`;
}

function drawChart(svg: Svg, ladder: Ladder, t: number, available: number): void {
  const laneWidth = Math.max(MIN_LANE_WIDTH, Math.floor((available - MARGIN.left - MARGIN.right) / ladder.lanes.length));
  const width = MARGIN.left + ladder.lanes.length * laneWidth + MARGIN.right;
  // Time runs down on a piecewise-linear scale with every moment of the join one step apart:
  // a 20 s timeout next to 50 ms answers would otherwise squash the answers into one line.
  const moments = [...new Set([ladder.start, ladder.end, ...ladder.arrows.flatMap((a) => [a.sentAt, midpoint(a), a.answeredAt])])].sort((a, b) => a - b);
  if (moments.length < 2) moments.push((moments[0] ?? 0) + 1);
  const height = MARGIN.top + (moments.length - 1) * STEP + MARGIN.bottom + 10;
  // Scales down a little if the measured width was stale, rather than clipping the last lane.
  svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`).style('max-width', '100%').style('height', 'auto');
  const y = d3
    .scaleLinear()
    .domain(moments)
    .range(moments.map((_, i) => MARGIN.top + i * STEP))
    .clamp(true);
  const ticks = [...new Set([ladder.start, ...ladder.arrows.flatMap((a) => [a.sentAt, a.answeredAt])])];
  const x = (server: string): number => MARGIN.left + laneWidth * (ladder.lanes.findIndex((l) => l.server === server) + 0.5);
  const g = svg.append('g').attr('class', 'ladder');

  g.append('g')
    .attr('class', 'axis')
    .attr('transform', `translate(${MARGIN.left - 8},0)`)
    .call(d3.axisLeft(y).tickValues(ticks).tickFormat((d) => `${d} ms`));

  const lanes = g.selectAll('g.lane').data(ladder.lanes).join('g').attr('class', 'lane').attr('data-server', (d) => d.server);
  lanes
    .append('line')
    .attr('x1', (d) => x(d.server))
    .attr('x2', (d) => x(d.server))
    .attr('y1', MARGIN.top - 10)
    .attr('y2', height - MARGIN.bottom)
    .attr('class', 'lifeline');
  lanes
    .append('rect')
    .attr('x', (d) => x(d.server) - Math.min(70, laneWidth / 2 - 6))
    .attr('y', 6)
    .attr('width', Math.min(140, laneWidth - 12))
    .attr('height', 36)
    .attr('rx', 6)
    .attr('fill', (d) => (d.role === 'joiner' ? ROLE_COLOURS.joiner : d.answer ? colourOf(d.answer) : ROLE_COLOURS.idle))
    .attr('class', 'lane-head');
  lanes
    .append('text')
    .attr('x', (d) => x(d.server))
    .attr('y', 22)
    .attr('class', (d) => `lane-name${d.role === 'joiner' ? ' on-dark' : ''}`)
    .text((d) => d.server);
  lanes
    .append('text')
    .attr('x', (d) => x(d.server))
    .attr('y', 36)
    .attr('class', (d) => `lane-role${d.role === 'joiner' ? ' on-dark' : ''}`)
    .text((d) => (d.role === 'joiner' ? 'joining server' : d.answer ? shortGloss(d.answer) : d.askedYet ? 'asked, no answer yet' : 'not asked yet'));

  const joinerX = x(ladder.joiner);
  const arrows = g
    .selectAll('g.attempt')
    .data(ladder.arrows.filter((a) => a.phase !== 'future'))
    .join('g')
    .attr('class', (d) => `attempt ${d.phase}`)
    .attr('data-server', (d) => d.server)
    .attr('data-answer', (d) => d.answer);
  arrows
    .append('line')
    .attr('class', 'request')
    .attr('x1', joinerX)
    .attr('y1', (d) => y(d.sentAt))
    .attr('x2', (d) => x(d.server))
    .attr('y2', (d) => y(d.phase === 'answered' ? midpoint(d) : Math.min(t, midpoint(d))))
    .attr('stroke', REQUEST_COLOUR)
    .attr('marker-end', headFor(REQUEST_COLOUR));
  arrows
    .append('text')
    .attr('class', 'request-label')
    .attr('x', (d) => (joinerX + x(d.server)) / 2)
    .attr('y', (d) => (y(d.sentAt) + y(midpoint(d))) / 2 - 5)
    .text((d) => `${d.index + 1}. ${d.step}`);
  const answered = arrows.filter((d) => d.phase === 'answered');
  answered
    .append('line')
    .attr('class', 'answer')
    .attr('x1', (d) => x(d.server))
    .attr('y1', (d) => y(midpoint(d)))
    .attr('x2', joinerX)
    .attr('y2', (d) => y(d.answeredAt))
    .attr('stroke', (d) => colourOf(d.answer))
    .attr('marker-end', (d) => headFor(colourOf(d.answer)));
  answered
    .append('text')
    .attr('class', 'answer-label')
    .attr('x', (d) => (joinerX + x(d.server)) / 2)
    .attr('y', (d) => (y(midpoint(d)) + y(d.answeredAt)) / 2 - 5)
    .text((d) => `${d.status === 0 ? 'no answer' : d.status} ${d.errcode ?? ''}`.trim());

  if (t >= ladder.start && t <= ladder.end) {
    g.append('line').attr('class', 'now').attr('x1', MARGIN.left - 8).attr('x2', width - MARGIN.right).attr('y1', y(t)).attr('y2', y(t));
    g.append('text').attr('class', 'now-label').attr('x', width - MARGIN.right).attr('y', y(t) - 3).text(`t = ${t} ms`);
  }
}

/** The request reaches the server halfway between sending and the answer arriving back. */
function midpoint(arrow: LadderArrow): number {
  return (arrow.sentAt + arrow.answeredAt) / 2;
}

function shortGloss(answer: string): string {
  const gloss = glossOf(answer);
  const cut = gloss.indexOf(':');
  return cut > 0 ? gloss.slice(0, cut) : gloss;
}

function fillTable(table: HTMLTableElement, ladder: Ladder): void {
  const head = el('tr');
  for (const title of ['#', 'server', 'step', 'answer', 'meaning', 'why (the server’s reason)']) head.append(el('th', { scope: 'col' }, title));
  table.append(el('caption', { class: 'sr-only' }, 'Attempts of the selected join'), el('thead'), el('tbody'));
  table.tHead?.append(head);
  for (const arrow of ladder.arrows) {
    const row = el('tr', { class: `attempt-row ${arrow.phase}`, 'data-server': arrow.server, 'data-errcode': arrow.errcode ?? '', 'data-status': String(arrow.status) });
    const answer = el('td', { class: 'answer-cell' });
    const swatch = el('span', { class: 'swatch', 'aria-hidden': 'true' });
    swatch.style.background = arrow.phase === 'answered' ? colourOf(arrow.answer) : ROLE_COLOURS.pending;
    answer.append(swatch, document.createTextNode(arrow.phase === 'answered' ? `${arrow.status === 0 ? 'no answer' : arrow.status} ${arrow.errcode ?? ''}`.trim() : arrow.phase === 'in-flight' ? 'waiting…' : `not sent yet (at ${arrow.sentAt} ms)`));
    row.append(
      el('td', {}, String(arrow.index + 1)),
      el('td', { class: 'server-cell' }, arrow.server),
      el('td', { class: 'step-cell' }, arrow.step),
      answer,
      el('td', {}, arrow.phase === 'answered' ? glossOf(arrow.answer) : ''),
      el('td', { class: 'reason-cell' }, arrow.phase === 'answered' ? arrow.reason : ''),
    );
    table.tBodies[0]?.append(row);
  }
}
