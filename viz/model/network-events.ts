/**
 * Crashes, recoveries, partitions and heals: marks for the timeline and, at
 * time t, which servers are down or cut off. From the scenario's timeline when
 * it is loaded; a report alone only says when each such action happened.
 */
import type { Dataset } from './dataset';

export type NetworkEventKind = 'crash' | 'recover' | 'partition' | 'heal';

export interface NetworkEvent {
  t: number;
  kind: NetworkEventKind;
  /** The server crashed or recovered, or every server named in a partition's groups; empty when unknown. */
  servers: string[];
  groups: string[][];
}

export type ServerCondition = 'crashed' | 'partitioned';

const KINDS = new Set<string>(['crash', 'recover', 'partition', 'heal']);
const cache = new WeakMap<Dataset, NetworkEvent[]>();

export function networkEventsOf(dataset: Dataset): NetworkEvent[] {
  let events = cache.get(dataset);
  if (events) return events;
  events = [];
  if (dataset.scenario) {
    for (const action of dataset.scenario.timeline) {
      if (action.do === 'crash' || action.do === 'recover') events.push({ t: action.at, kind: action.do, servers: [action.server], groups: [] });
      else if (action.do === 'partition') events.push({ t: action.at, kind: 'partition', servers: action.groups.flat(), groups: action.groups });
      else if (action.do === 'heal') events.push({ t: action.at, kind: 'heal', servers: [], groups: [] });
    }
  } else {
    for (const action of dataset.report.actions ?? []) if (KINDS.has(action.do) && action.applied) events.push({ t: action.at, kind: action.do as NetworkEventKind, servers: [], groups: [] });
  }
  events.sort((a, b) => a.t - b.t);
  cache.set(dataset, events);
  return events;
}

/** Servers down or partitioned at t (a partition marks every server in its groups until a heal). */
export function conditionsAt(events: readonly NetworkEvent[], t: number): Map<string, ServerCondition> {
  const crashed = new Set<string>();
  let partitioned: string[] = [];
  for (const event of events) {
    if (event.t > t) break;
    if (event.kind === 'crash') for (const s of event.servers) crashed.add(s);
    else if (event.kind === 'recover') for (const s of event.servers) crashed.delete(s);
    else if (event.kind === 'partition') partitioned = event.servers;
    else partitioned = [];
  }
  const conditions = new Map<string, ServerCondition>();
  for (const s of partitioned) conditions.set(s, 'partitioned');
  for (const s of crashed) conditions.set(s, 'crashed');
  return conditions;
}
