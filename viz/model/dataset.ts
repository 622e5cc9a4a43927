/**
 * What the visualiser shows: one run, as a report plus (when known) its trace and
 * scenario. Every view reads a Dataset through the pure selectors in this folder.
 */
import type { RunReport, Scenario, TraceEvent } from '../../engine/index';
import { seedAnswerIndex } from './matrix';
import { digestRun, type RunDigest } from './run-digest';

export type DatasetSource = 'scenario' | 'report' | 'trace';

export interface Dataset {
  /** Shown in the header; comes from a file name or the scenario's `name`. */
  name: string;
  source: DatasetSource;
  /** For shipped scenarios: the path under scenarios/ without extension (`examples/seed-failover`). */
  scenarioKey: string | null;
  /** The same-origin path it was fetched from (`#load=`), if it was. */
  loadedFrom?: string;
  /** The name of the file it came from (picked, dropped or fetched), kept in the URL. */
  fileName?: string;
  report: RunReport;
  /** Empty when only a report was loaded, and for runs loaded in the worker (their digest holds what the views need of it). */
  trace: TraceEvent[];
  /** Built by the loading worker; otherwise built from the run on first use (`digestOf`). */
  digest?: RunDigest;
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
  for (const server of digestOf(dataset).servers) add(server);
  for (const server of Object.keys(dataset.report.errcodeMatrix)) add(server);
  const servers = [...seen];
  serverCache.set(dataset, servers);
  return servers;
}

const serverCache = new WeakMap<Dataset, string[]>();

/** Every room the run mentions: scenario rooms first, then rooms only joins name. */
export function roomsOf(dataset: Dataset): string[] {
  const cached = roomCache.get(dataset);
  if (cached) return cached;
  const seen = new Set<string>();
  for (const room of dataset.scenario?.rooms ?? []) seen.add(room.id);
  for (const room of digestOf(dataset).rooms) seen.add(room);
  const rooms = [...seen];
  roomCache.set(dataset, rooms);
  return rooms;
}

const roomCache = new WeakMap<Dataset, string[]>();

const digests = new WeakMap<Dataset, RunDigest>();

/** The run's digest: the worker's, or built here once from the joins and trace. */
export function digestOf(dataset: Dataset): RunDigest {
  let digest = digests.get(dataset);
  if (!digest) {
    digest = dataset.digest ?? digestRun(dataset.report.joins, dataset.trace, { inferResidency: dataset.scenario === null });
    digests.set(dataset, digest);
    seedAnswerIndex(dataset.report.joins, digest.answers);
  }
  return digest;
}

/** Each server's implementation (synapse, dendrite, …) from the report or the scenario; a Map, since names come from files. */
export function implementationsOf(dataset: Dataset): Map<string, string> {
  let found = implementationCache.get(dataset);
  if (found) return found;
  found = new Map();
  for (const server of dataset.scenario?.servers ?? []) if (server.implementation) found.set(server.name, server.implementation);
  for (const server of dataset.report.servers ?? []) found.set(server.name, server.implementation);
  implementationCache.set(dataset, found);
  return found;
}

const implementationCache = new WeakMap<Dataset, Map<string, string>>();

/** `hs1` from `@alice:hs1` or `!room:hs1`; '' when there is no colon. */
export function serverPart(id: string): string {
  const colon = id.indexOf(':');
  return colon < 0 ? '' : id.slice(colon + 1);
}
