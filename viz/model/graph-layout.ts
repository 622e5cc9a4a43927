/**
 * Where each server sits in the federation graph, the same every time: a
 * d3-force layout with a seeded random source, ticked to rest synchronously, for
 * small federations; a circle for large ones, where a force layout of a thousand
 * nodes would cost seconds and say little.
 */
import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY, type SimulationLinkDatum, type SimulationNodeDatum } from 'd3';
import type { Dataset } from './dataset';
import { serverPart, serversOf } from './dataset';

export interface GraphNode extends SimulationNodeDatum {
  id: string;
  x: number;
  y: number;
}

export interface GraphLink extends SimulationLinkDatum<GraphNode> {
  source: string | GraphNode;
  target: string | GraphNode;
  /** How many rooms the two servers share at t = 0. */
  weight: number;
}

export interface GraphLayout {
  nodes: GraphNode[];
  links: { source: string; target: string; weight: number }[];
  kind: 'force' | 'circle';
}

/** Above this many servers: circle layout, no links, canvas rendering. */
export const LARGE_GRAPH = 120;

export function layoutGraph(dataset: Dataset, size = 600, seed = 1): GraphLayout {
  const servers = serversOf(dataset);
  if (servers.length > LARGE_GRAPH) return { nodes: circle(servers, size), links: [], kind: 'circle' };
  const links = linksOf(dataset, servers);
  const nodes: GraphNode[] = servers.map((id) => ({ id, x: 0, y: 0 }));
  // Start from the circle so the result depends on the seed and data only.
  circle(servers, size * 0.6).forEach((p, i) => Object.assign(nodes[i] as GraphNode, { x: p.x, y: p.y }));
  const simulation = forceSimulation<GraphNode>(nodes)
    .randomSource(lcg(seed))
    .force('link', forceLink<GraphNode, GraphLink>(links.map((l) => ({ ...l }))).id((n) => n.id).distance(size / 4).strength(0.3))
    .force('charge', forceManyBody<GraphNode>().strength(-size / 2))
    .force('collide', forceCollide<GraphNode>(34))
    .force('x', forceX<GraphNode>(size / 2).strength(0.06))
    .force('y', forceY<GraphNode>(size / 2).strength(0.06))
    .stop();
  simulation.tick(300);
  // Room for the answer labels under the nodes at the edges.
  fit(nodes, size, 80);
  return { nodes, links, kind: 'force' };
}

/** Scales the layout to fill the square (keeping its aspect), so small graphs are not a dot in the middle. */
function fit(nodes: GraphNode[], size: number, pad: number): void {
  if (nodes.length < 2) {
    for (const node of nodes) Object.assign(node, { x: size / 2, y: size / 2 });
    return;
  }
  const xs = nodes.map((n) => n.x);
  const ys = nodes.map((n) => n.y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const scale = Math.min((size - 2 * pad) / Math.max(1, maxX - minX), (size - 2 * pad) / Math.max(1, maxY - minY), 3);
  const offsetX = (size - (maxX - minX) * scale) / 2;
  const offsetY = (size - (maxY - minY) * scale) / 2;
  for (const node of nodes) {
    node.x = offsetX + (node.x - minX) * scale;
    node.y = offsetY + (node.y - minY) * scale;
  }
}

function circle(servers: string[], size: number): GraphNode[] {
  const r = size / 2 - 30;
  return servers.map((id, i) => {
    const angle = (2 * Math.PI * i) / Math.max(1, servers.length) - Math.PI / 2;
    return { id, x: size / 2 + r * Math.cos(angle), y: size / 2 + r * Math.sin(angle) };
  });
}

/** Servers that share a room at t = 0 (from the scenario) or, without one, that talked in a join. */
function linksOf(dataset: Dataset, servers: string[]): { source: string; target: string; weight: number }[] {
  const known = new Set(servers);
  const weights = new Map<string, number>();
  const add = (a: string, b: string): void => {
    if (a === b || !known.has(a) || !known.has(b)) return;
    const key = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
    weights.set(key, (weights.get(key) ?? 0) + 1);
  };
  if (dataset.scenario) {
    for (const room of dataset.scenario.rooms) {
      const residents = [...new Set(Object.entries(room.members).filter(([, m]) => m === 'join').map(([u]) => serverPart(u)))];
      for (let i = 0; i < residents.length; i++) for (let j = i + 1; j < residents.length; j++) add(residents[i] as string, residents[j] as string);
    }
  }
  for (const join of dataset.report.joins) for (const attempt of join.attempts) add(join.joiner ?? serverPart(join.user), attempt.server);
  return [...weights].map(([key, weight]) => {
    const [source, target] = key.split('\u0000') as [string, string];
    return { source, target, weight };
  });
}

/** The same linear congruential generator d3-force uses by default, with our seed. */
function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => ((s = (1664525 * s + 1013904223) % 4294967296) / 4294967296);
}
