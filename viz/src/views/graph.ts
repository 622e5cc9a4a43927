/**
 * The federation graph: servers as nodes, coloured by what they answered (for
 * the selected join at time t, or their most frequent answer overall), with the
 * selected join's requests as arrows from the joining server. Small federations
 * are SVG with the data joined once and positions set only in ticked(); large
 * ones are drawn on a canvas. Clicking a server filters the join list by it.
 */
import * as d3 from 'd3';
import { digestOf, implementationsOf, serverPart, type Dataset } from '../../model/dataset';
import { candidatesOf } from '../../model/ladder';
import { conditionsAt, networkEventsOf, type ServerCondition } from '../../model/network-events';
import { shapeOf } from '../../model/answers';
import { mountSuggestions } from './suggestions';
import { layoutGraph, type GraphLayout, type GraphNode } from '../../model/graph-layout';
import { errcodeMatrixAt } from '../../model/matrix';
import { colourOf, ROLE_COLOURS } from '../../model/palette';
import { requestsForJoin, statusForJoin, statusOverall, type ServerStatus } from '../../model/server-status';
import { el } from '../dom';
import type { Store } from '../store';

const SIZE = 600;

export function mountGraph(host: HTMLElement, store: Store): void {
  const caption = el('p', { class: 'muted', id: 'graph-caption' });
  const search = el('input', { type: 'search', id: 'graph-search', placeholder: 'find a server to name it', 'aria-label': 'Name a server in the graph', list: 'graph-names', autocomplete: 'off', hidden: '' });
  const names = el('datalist', { id: 'graph-names' });
  const box = el('div', { class: 'graph-box' });
  const groups = el('div', { class: 'graph-groups', id: 'graph-groups' });
  host.append(search, names, box, caption, groups);
  mountSuggestions(search, names, () => (layoutFor ? digestOf(layoutFor).servers : []));
  let pinned = '';
  search.addEventListener('change', () => {
    pinned = search.value.trim();
    render();
  });
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
      else if (layout && dataset) canvas = createCanvas(box, layout, onPick, () => hoverText);
      search.hidden = layout?.kind !== 'circle';
    }
    if (!dataset || !layout) return;
    const join = selected !== null ? dataset.report.joins[selected] : undefined;
    const overall = statusOverall(errcodeMatrixAt(dataset.report.joins, t));
    const statuses = join ? statusForJoin(join, t) : overall;
    const requests = join ? requestsForJoin(join, t) : [];
    const conditions = conditionsAt(networkEventsOf(dataset), t);
    const implementations = implementationsOf(dataset);
    const down = [...conditions].filter(([, c]) => c === 'crashed').length;
    const cut = conditions.size - down;
    const marks = conditions.size ? ` ${down} down, ${cut} partitioned at t (dashed outline).` : '';
    if (svg) updateSvg(svg, layout, statuses, requests, conditions, implementations);
    if (canvas) {
      // Past a hundred servers only the ones the question is about are named; the rest are summed up below.
      const named = join ? [join.joiner ?? serverPart(join.user), ...candidatesOf(dataset, join), ...join.attempts.map((a) => a.server)] : errcodeMatrixAt(dataset.report.joins, t).servers.slice(0, 8);
      if (pinned) named.push(pinned);
      hoverText = drawCanvas(canvas, layout, statuses, overall, requests, [...new Set(named)], conditions, implementations);
      drawGroups(groups, layout, overall, implementations, conditions);
    } else groups.replaceChildren();
    caption.textContent = join
      ? `Requests of join ${join.id} sent by t = ${t} ms; each server coloured by its answer${canvas ? ' (servers not named: by their most frequent answer)' : ''}.${marks} Click a server to filter the joins.`
      : `Each server coloured by its most frequent answer by t = ${t} ms.${marks} Select a join to see its requests.`;
  };
  let hoverText: (x: number, y: number) => string = () => '';
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

function labelOf(status: ServerStatus | undefined, condition?: ServerCondition): string {
  const base = baseLabelOf(status);
  return condition ? `${base}${base ? ' · ' : ''}${condition === 'crashed' ? 'down' : 'partitioned'}` : base;
}

function baseLabelOf(status: ServerStatus | undefined): string {
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
  nodes.append('title');
  nodes.append('circle').attr('r', 22);
  nodes.append('text').attr('class', 'node-name').attr('dy', 4).text((d) => d.id);
  nodes.append('text').attr('class', 'node-answer').attr('dy', 38);
  nodes.append('text').attr('class', 'node-impl').attr('dy', 52);
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

function updateSvg(
  svg: d3.Selection<SVGSVGElement, unknown, null, undefined>,
  layout: GraphLayout,
  statuses: Map<string, ServerStatus>,
  requests: Request[],
  conditions: Map<string, ServerCondition>,
  implementations: Map<string, string>,
): void {
  const nodes = svg.select('g.nodes').selectAll<SVGGElement, GraphNode>('g.node');
  nodes.select('circle').attr('fill', (d) => fillOf(statuses.get(d.id))).classed('down', (d) => conditions.has(d.id));
  nodes.attr('data-status', (d) => baseLabelOf(statuses.get(d.id))).attr('data-condition', (d) => conditions.get(d.id) ?? null);
  nodes.select('text.node-name').classed('on-dark', (d) => statuses.get(d.id)?.kind === 'joiner');
  nodes.select<SVGTextElement>('text.node-answer').text((d) => answerText(statuses.get(d.id), conditions.get(d.id)));
  nodes.select<SVGTextElement>('text.node-impl').text((d) => implementations.get(d.id) ?? '');
  nodes.select<SVGTitleElement>('title').text((d) => `${d.id}${implementations.has(d.id) ? ` (${implementations.get(d.id)})` : ''}: ${labelOf(statuses.get(d.id), conditions.get(d.id)) || 'not involved'}`);
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

type HoverText = (x: number, y: number) => string;

function createCanvas(box: HTMLElement, layout: GraphLayout, onPick: (server: string) => void, hover: () => HoverText): HTMLCanvasElement {
  const canvas = el('canvas', { id: 'graph-canvas', width: String(SIZE), height: String(SIZE), role: 'img', 'aria-label': `Federation graph of ${layout.nodes.length} servers` });
  box.append(canvas);
  const toCanvas = (event: MouseEvent): [number, number] => {
    const rect = canvas.getBoundingClientRect();
    return [((event.clientX - rect.left) / rect.width) * SIZE, ((event.clientY - rect.top) / rect.height) * SIZE];
  };
  canvas.addEventListener('click', (event) => {
    const [x, y] = toCanvas(event);
    // Hit-testing records the server under the pointer in data-hit.
    const picked = hover()(x, y) ? (canvas.dataset.hit ?? '') : '';
    if (picked) onPick(picked);
  });
  canvas.addEventListener('mousemove', (event) => {
    const [x, y] = toCanvas(event);
    canvas.title = hover()(x, y);
  });
  return canvas;
}

/** Where the named servers sit: a circle inside the ring of all servers. */
function namedPositions(names: string[]): Map<string, { x: number; y: number }> {
  const r = SIZE * 0.27;
  return new Map(names.map((name, i) => {
    const angle = (2 * Math.PI * i) / Math.max(1, names.length) - Math.PI / 2;
    return [name, { x: SIZE / 2 + r * Math.cos(angle), y: SIZE / 2 + r * Math.sin(angle) }];
  }));
}

/** Draws the large federation and returns what hovering at (x, y) should say. */
function drawCanvas(
  canvas: HTMLCanvasElement,
  layout: GraphLayout,
  statuses: Map<string, ServerStatus>,
  /** Each server's most frequent answer: the colour of the dots not named. */
  overall: Map<string, ServerStatus>,
  requests: Request[],
  named: string[],
  conditions: Map<string, ServerCondition>,
  implementations: Map<string, string>,
): HoverText {
  const context = canvas.getContext('2d');
  if (!context) return () => '';
  context.clearRect(0, 0, SIZE, SIZE);
  const ring = new Map(layout.nodes.map((n) => [n.id, n]));
  const inner = namedPositions(named);
  const at = (name: string): { x: number; y: number } | undefined => inner.get(name) ?? ring.get(name);
  // The ring: every server as a dot in its colour; crashed or partitioned ones hollow with a dark outline.
  for (const node of layout.nodes) {
    if (inner.has(node.id)) continue;
    const condition = conditions.get(node.id);
    context.beginPath();
    context.arc(node.x, node.y, condition ? 4 : 2.5, 0, 2 * Math.PI);
    context.fillStyle = condition ? '#FFFFFF' : fillOf(statuses.get(node.id) ?? overall.get(node.id));
    context.fill();
    context.strokeStyle = condition ? '#000' : '#555';
    context.lineWidth = condition ? 1.5 : 0.5;
    context.stroke();
  }
  context.lineWidth = 2;
  for (const request of requests) {
    const a = at(request.from);
    const b = at(request.to);
    if (!a || !b || request.from === request.to) continue;
    context.strokeStyle = request.answer ? colourOf(request.answer) : ROLE_COLOURS.pending;
    context.setLineDash(request.answer ? [] : [6, 4]);
    context.beginPath();
    context.moveTo(a.x, a.y);
    context.lineTo(b.x, b.y);
    context.stroke();
  }
  context.setLineDash([]);
  context.textAlign = 'center';
  for (const name of named) {
    const p = inner.get(name);
    if (!p) continue;
    const status = statuses.get(name);
    const condition = conditions.get(name);
    context.beginPath();
    context.arc(p.x, p.y, 11, 0, 2 * Math.PI);
    context.fillStyle = fillOf(status);
    context.fill();
    context.strokeStyle = '#222';
    context.lineWidth = 1.5;
    context.setLineDash(condition ? [3, 2] : []);
    context.stroke();
    context.setLineDash([]);
    // A named server with no status for the selected join was one of its candidates the joiner never reached.
    const said = answerText(status, condition) || (requests.length ? 'not asked' : '');
    const lines = [name, [implementations.get(name), said].filter(Boolean).join(' · ')];
    context.font = 'bold 12px system-ui, sans-serif';
    halo(context, lines[0] as string, p.x, p.y - 16);
    context.font = '11px system-ui, sans-serif';
    if (lines[1]) halo(context, lines[1], p.x, p.y + 25);
  }
  return (x, y) => {
    let best = '';
    let bestDistance = 12;
    for (const [name, p] of inner) {
      const d = Math.hypot(p.x - x, p.y - y);
      if (d < bestDistance) [best, bestDistance] = [name, d];
    }
    if (!best)
      for (const node of layout.nodes) {
        const d = Math.hypot(node.x - x, node.y - y);
        if (d < Math.min(bestDistance, 8)) [best, bestDistance] = [node.id, d];
      }
    canvas.dataset.hit = best;
    if (!best) return '';
    const implementation = implementations.get(best);
    return `${best}${implementation ? ` (${implementation})` : ''}: ${labelOf(statuses.get(best), conditions.get(best)) || 'not involved'}`;
  };
}

/** Text with a white halo, so labels stay readable over lines and dots. */
function halo(context: CanvasRenderingContext2D, text: string, x: number, y: number): void {
  context.lineWidth = 4;
  context.strokeStyle = '#FFFFFF';
  context.strokeText(text, x, y);
  context.fillStyle = '#111';
  context.fillText(text, x, y);
}

function answerText(status: ServerStatus | undefined, condition: ServerCondition | undefined): string {
  const label = labelOf(status, condition);
  return status?.kind === 'answer' ? `${shapeOf(status.answer)} ${label}` : label;
}

/** The servers not named, summed by implementation and by their most frequent answer, with the numbers on hover. */
function drawGroups(host: HTMLElement, layout: GraphLayout, overall: Map<string, ServerStatus>, implementations: Map<string, string>, conditions: Map<string, ServerCondition>): void {
  const byImplementation = new Map<string, Map<string, number>>();
  for (const node of layout.nodes) {
    const implementation = implementations.get(node.id) ?? 'unknown implementation';
    const status = overall.get(node.id);
    const condition = conditions.get(node.id);
    const key = condition ? (condition === 'crashed' ? 'down' : 'partitioned') : status?.kind === 'answer' ? status.answer : 'not asked';
    let counts = byImplementation.get(implementation);
    if (!counts) byImplementation.set(implementation, (counts = new Map()));
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const blocks: HTMLElement[] = [el('h3', {}, 'All servers by implementation, coloured by their most frequent answer')];
  for (const [implementation, counts] of [...byImplementation].sort((a, b) => total(b[1]) - total(a[1]))) {
    const sum = total(counts);
    const block = el('div', { class: 'graph-group', 'data-implementation': implementation });
    const parts = [...counts].sort((a, b) => b[1] - a[1]);
    block.append(el('div', {}, `${implementation}: ${sum} servers (${parts.slice(0, 3).map(([k, n]) => `${k} ${n}`).join(', ')}${parts.length > 3 ? ', …' : ''})`));
    const bar = el('div', { class: 'group-bar', role: 'img', 'aria-label': `${implementation}: ${parts.map(([k, n]) => `${n} ${k}`).join(', ')}` });
    for (const [key, n] of parts) {
      const segment = el('span', { title: `${implementation} · ${key}: ${n} server${n === 1 ? '' : 's'}` });
      segment.style.width = `${(100 * n) / sum}%`;
      segment.style.background = key === 'down' || key === 'partitioned' ? 'repeating-linear-gradient(45deg,#000 0 2px,#fff 2px 5px)' : key === 'not asked' ? ROLE_COLOURS.idle : colourOf(key);
      bar.append(segment);
    }
    block.append(bar);
    blocks.push(block);
  }
  host.replaceChildren(...blocks);
}

function total(counts: Map<string, number>): number {
  let sum = 0;
  for (const n of counts.values()) sum += n;
  return sum;
}
