/**
 * The federation graph: servers as nodes, coloured by what they answered (for
 * the selected join at time t, or their most frequent answer overall), with the
 * selected join's requests as arrows from the joining server. Small federations
 * are SVG with the data joined once and positions set only in ticked(); large
 * ones are drawn on a canvas. Clicking a server filters the join list by it.
 */
import * as d3 from 'd3';
import type { Dataset } from '../../model/dataset';
import { layoutGraph, type GraphLayout, type GraphNode } from '../../model/graph-layout';
import { errcodeMatrixAt } from '../../model/matrix';
import { colourOf, ROLE_COLOURS } from '../../model/palette';
import { requestsForJoin, statusForJoin, statusOverall, type ServerStatus } from '../../model/server-status';
import { el } from '../dom';
import type { Store } from '../store';

const SIZE = 600;

export function mountGraph(host: HTMLElement, store: Store): void {
  const caption = el('p', { class: 'muted', id: 'graph-caption' });
  const box = el('div', { class: 'graph-box' });
  host.append(box, caption);
  let layout: GraphLayout | null = null;
  let layoutFor: Dataset | null = null;
  let svg: d3.Selection<SVGSVGElement, unknown, null, undefined> | null = null;
  let canvas: HTMLCanvasElement | null = null;

  const onPick = (server: string): void => {
    const { filter } = store.get();
    store.update({ filter: { ...filter, server: filter.server === server ? '' : server } });
  };

  const render = (): void => {
    const { dataset, selected, t } = store.get();
    if (dataset !== layoutFor) {
      layoutFor = dataset;
      box.replaceChildren();
      svg = null;
      canvas = null;
      layout = dataset ? layoutGraph(dataset, SIZE) : null;
      if (layout?.kind === 'force') svg = createSvg(box, layout, onPick);
      else if (layout) canvas = createCanvas(box, layout, onPick);
    }
    if (!dataset || !layout) return;
    const join = selected !== null ? dataset.report.joins[selected] : undefined;
    const statuses = join ? statusForJoin(join, t) : statusOverall(errcodeMatrixAt(dataset.report.joins, t));
    const requests = join ? requestsForJoin(join, t) : [];
    if (svg) updateSvg(svg, layout, statuses, requests);
    if (canvas) drawCanvas(canvas, layout, statuses, requests);
    caption.textContent = join
      ? `Requests of join ${join.id} sent by t = ${t} ms; each server coloured by its answer. Click a server to filter the joins.`
      : `Each server coloured by its most frequent answer by t = ${t} ms. Select a join to see its requests.`;
  };
  store.subscribe((state, previous) => {
    if (state.dataset !== previous.dataset || state.selected !== previous.selected || state.t !== previous.t) render();
  });
  render();
}

type Request = { from: string; to: string; answer: string | null };

function fillOf(status: ServerStatus | undefined): string {
  if (!status || status.kind === 'idle') return ROLE_COLOURS.idle;
  if (status.kind === 'joiner') return ROLE_COLOURS.joiner;
  if (status.kind === 'pending') return ROLE_COLOURS.pending;
  return colourOf(status.answer);
}

function labelOf(status: ServerStatus | undefined): string {
  if (!status || status.kind === 'idle') return '';
  if (status.kind === 'joiner') return 'joining';
  if (status.kind === 'pending') return 'waiting';
  return status.answer;
}

function createSvg(box: HTMLElement, layout: GraphLayout, onPick: (server: string) => void): d3.Selection<SVGSVGElement, unknown, null, undefined> {
  // Crop the square to the nodes (plus room for labels), so a flat layout leaves no empty band.
  const ys = layout.nodes.map((n) => n.y);
  const top = Math.max(0, Math.min(...ys) - 40);
  const bottom = Math.min(SIZE, Math.max(...ys) + 50);
  const svg = d3.select(box).append('svg').attr('id', 'graph-svg').attr('viewBox', `0 ${top} ${SIZE} ${bottom - top}`).attr('role', 'img').attr('aria-label', 'Federation graph');
  const byId = new Map(layout.nodes.map((n) => [n.id, n]));
  svg.append('g').attr('class', 'links');
  svg.append('g').attr('class', 'requests');
  svg.append('g').attr('class', 'nodes');
  // The data join happens once per dataset; updates only restyle and ticked() only moves.
  const links = svg
    .select('g.links')
    .selectAll('line')
    .data(layout.links)
    .join('line')
    .attr('stroke-width', (d) => Math.min(4, d.weight));
  const nodes = svg
    .select('g.nodes')
    .selectAll<SVGGElement, GraphNode>('g.node')
    .data(layout.nodes, (d) => d.id)
    .join('g')
    .attr('class', 'node')
    .attr('data-server', (d) => d.id)
    .attr('tabindex', 0)
    .attr('role', 'button')
    .attr('aria-label', (d) => `server ${d.id}`)
    .on('click', (_event, d) => onPick(d.id))
    .on('keydown', (event: KeyboardEvent, d) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        onPick(d.id);
      }
    });
  nodes.append('circle').attr('r', 22);
  nodes.append('text').attr('class', 'node-name').attr('dy', 4).text((d) => d.id);
  nodes.append('text').attr('class', 'node-answer').attr('dy', 38);
  const ticked = (): void => {
    links
      .attr('x1', (d) => byId.get(d.source)?.x ?? 0)
      .attr('y1', (d) => byId.get(d.source)?.y ?? 0)
      .attr('x2', (d) => byId.get(d.target)?.x ?? 0)
      .attr('y2', (d) => byId.get(d.target)?.y ?? 0);
    nodes.attr('transform', (d) => `translate(${d.x},${d.y})`);
  };
  ticked();
  const defs = svg.append('defs');
  for (const colour of new Set([ROLE_COLOURS.pending, '#333333', ...['200', 'M_UNABLE_TO_AUTHORISE_JOIN', 'M_UNABLE_TO_GRANT_JOIN', 'M_FORBIDDEN', 'no answer', 'other'].map(colourOf)])) {
    defs
      .append('marker')
      .attr('id', `graph-head-${colour.slice(1)}`)
      .attr('viewBox', '0 0 10 10')
      .attr('refX', 10)
      .attr('refY', 5)
      .attr('markerWidth', 6)
      .attr('markerHeight', 6)
      .attr('orient', 'auto')
      .append('path')
      .attr('d', 'M0,0 L10,5 L0,10 z')
      .attr('fill', colour);
  }
  return svg;
}

function updateSvg(svg: d3.Selection<SVGSVGElement, unknown, null, undefined>, layout: GraphLayout, statuses: Map<string, ServerStatus>, requests: Request[]): void {
  const nodes = svg.select('g.nodes').selectAll<SVGGElement, GraphNode>('g.node');
  nodes.select('circle').attr('fill', (d) => fillOf(statuses.get(d.id)));
  nodes.attr('data-status', (d) => labelOf(statuses.get(d.id)));
  nodes.select('text.node-name').classed('on-dark', (d) => statuses.get(d.id)?.kind === 'joiner');
  nodes.select<SVGTextElement>('text.node-answer').text((d) => labelOf(statuses.get(d.id)));
  const byId = new Map(layout.nodes.map((n) => [n.id, n]));
  svg
    .select('g.requests')
    .selectAll('line')
    .data(requests.filter((r) => r.from !== r.to))
    .join('line')
    .attr('class', (d) => (d.answer ? 'request answered' : 'request pending'))
    .each(function (d) {
      const a = byId.get(d.from);
      const b = byId.get(d.to);
      if (!a || !b) return;
      // Stop short of the target circle so the arrowhead stays visible.
      const dx = b.x - a.x;
      const dy = b.y - a.y;
      const len = Math.hypot(dx, dy) || 1;
      const colour = d.answer ? colourOf(d.answer) : ROLE_COLOURS.pending;
      d3.select(this)
        .attr('x1', a.x + (dx / len) * 24)
        .attr('y1', a.y + (dy / len) * 24)
        .attr('x2', b.x - (dx / len) * 26)
        .attr('y2', b.y - (dy / len) * 26)
        .attr('stroke', colour)
        .attr('marker-end', `url(#graph-head-${colour.slice(1)})`);
    });
}

function createCanvas(box: HTMLElement, layout: GraphLayout, onPick: (server: string) => void): HTMLCanvasElement {
  const canvas = el('canvas', { id: 'graph-canvas', width: String(SIZE), height: String(SIZE), role: 'img', 'aria-label': `Federation graph of ${layout.nodes.length} servers` });
  box.append(canvas);
  canvas.addEventListener('click', (event) => {
    const rect = canvas.getBoundingClientRect();
    const x = ((event.clientX - rect.left) / rect.width) * SIZE;
    const y = ((event.clientY - rect.top) / rect.height) * SIZE;
    let best: GraphNode | null = null;
    let bestDistance = 10;
    for (const node of layout.nodes) {
      const distance = Math.hypot(node.x - x, node.y - y);
      if (distance < bestDistance) [best, bestDistance] = [node, distance];
    }
    if (best) onPick(best.id);
  });
  return canvas;
}

function drawCanvas(canvas: HTMLCanvasElement, layout: GraphLayout, statuses: Map<string, ServerStatus>, requests: Request[]): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  context.clearRect(0, 0, SIZE, SIZE);
  const byId = new Map(layout.nodes.map((n) => [n.id, n]));
  context.lineWidth = 1.5;
  for (const request of requests) {
    const a = byId.get(request.from);
    const b = byId.get(request.to);
    if (!a || !b) continue;
    context.strokeStyle = request.answer ? colourOf(request.answer) : ROLE_COLOURS.pending;
    context.beginPath();
    context.moveTo(a.x, a.y);
    context.lineTo(b.x, b.y);
    context.stroke();
  }
  context.strokeStyle = '#555';
  context.lineWidth = 0.5;
  for (const node of layout.nodes) {
    const status = statuses.get(node.id);
    context.fillStyle = fillOf(status);
    context.beginPath();
    context.arc(node.x, node.y, status && status.kind !== 'idle' ? 5 : 2.5, 0, 2 * Math.PI);
    context.fill();
    context.stroke();
  }
  context.fillStyle = '#111';
  context.font = '11px system-ui, sans-serif';
  // Only the servers of the selected join are named: a thousand labels would be noise.
  for (const name of new Set(requests.flatMap((r) => [r.from, r.to]))) {
    const node = byId.get(name);
    if (node) context.fillText(name, node.x + 7, node.y - 7);
  }
}
