/**
 * What the visualiser shows: one run, as a report plus (when known) its trace and
 * scenario. Every view reads a Dataset through the pure selectors in this folder.
 */
import type { RunReport, Scenario, TraceEvent } from '../../engine/index';

export type DatasetSource = 'scenario' | 'report' | 'trace';

export interface Dataset {
  /** Shown in the header; comes from a file name or the scenario's `name`. */
  name: string;
  source: DatasetSource;
  /** For shipped scenarios: the path under scenarios/ without extension (`examples/seed-failover`). */
  scenarioKey: string | null;
  /** The same-origin path it was fetched from (`#load=`), if it was. */
  loadedFrom?: string;
  report: RunReport;
  /** Empty when only a report was loaded. */
  trace: TraceEvent[];
  /** Null when a report or trace was loaded (initial residency is then unknown). */
  scenario: Scenario | null;
}

/** Every server the run mentions, in a stable order (scenario order, then first mention). */
export function serversOf(dataset: Dataset): string[] {
  const cached = serverCache.get(dataset);
  if (cached) return cached;
  const seen = new Set<string>();
  const add = (name: string | null | undefined): void => {
    if (name) seen.add(name);
  };
  for (const server of dataset.scenario?.servers ?? []) add(server.name);
  for (const server of dataset.report.servers ?? []) add(server.name);
  for (const join of dataset.report.joins) {
    add(join.joiner ?? serverPart(join.user));
    for (const attempt of join.attempts) add(attempt.server);
  }
  for (const server of Object.keys(dataset.report.errcodeMatrix)) add(server);
  const servers = [...seen];
  serverCache.set(dataset, servers);
  return servers;
}

const serverCache = new WeakMap<Dataset, string[]>();

/** Every room the run mentions: scenario rooms first, then rooms only joins name. */
export function roomsOf(dataset: Dataset): string[] {
  const seen = new Set<string>();
  for (const room of dataset.scenario?.rooms ?? []) seen.add(room.id);
  for (const join of dataset.report.joins) seen.add(join.room);
  return [...seen];
}

/** `hs1` from `@alice:hs1` or `!room:hs1`; '' when there is no colon. */
export function serverPart(id: string): string {
  const colon = id.indexOf(':');
  return colon < 0 ? '' : id.slice(colon + 1);
}
