/**
 * `--verify`: each critical server crashed from t = 0 (a `crash` action first in
 * the timeline), and the timeline's joins that then fail though they succeeded in
 * the plain run. Deterministic: the same scenario and seed give the same lists.
 */
import { findProfile } from '../federation/profiles';
import { invariant } from '../kernel/invariant';
import { simulate } from '../run/simulation';
import type { Scenario, TimelineAction } from '../scenario/types';

/** Which simulation is running, for progress bars: the plain one, or the one with `server` down (`step` of `of`). */
export interface VerifyPhase {
  server: string | null;
  step: number;
  of: number;
}

export interface VerifyOptions {
  seed?: string;
  onProgress?: (phase: VerifyPhase, events: number, simTime: number) => void;
}

/** The scenario with `server` crashed from t = 0, before anything else happens. */
export function withServerDown(scenario: Scenario, server: string): Scenario {
  const index = scenario.timeline.reduce((most, a) => Math.max(most, a.index + 1), 0);
  const crash: TimelineAction = { at: 0, index, do: 'crash', server };
  return { ...scenario, timeline: [crash, ...scenario.timeline] };
}

/** Ids of the joins that succeed in `scenario` as it is. */
function joinedIds(scenario: Scenario, options: VerifyOptions, phase: VerifyPhase): Set<string> {
  const result = simulate(scenario, {
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.onProgress ? { onProgress: (events: number, simTime: number) => options.onProgress?.(phase, events, simTime) } : {}),
    profileFor: (name) => {
      const profile = findProfile(name);
      invariant(profile, () => `no implementation profile "${name}" in this build`);
      return profile;
    },
  });
  return new Set(result.joins.filter((j) => j.outcome === 'joined').map((j) => j.id));
}

/** For each of `servers`: the joins (ids, in timeline order) lost when it is down from t = 0. */
export function joinsLostWithout(scenario: Scenario, servers: readonly string[], options: VerifyOptions = {}): Map<string, string[]> {
  const of = servers.length;
  const plain = joinedIds(scenario, options, { server: null, step: 0, of });
  const order = scenario.timeline.filter((a) => a.do === 'join').map((a) => a.id as string);
  const lost = new Map<string, string[]>();
  servers.forEach((server, i) => {
    const down = joinedIds(withServerDown(scenario, server), options, { server, step: i + 1, of });
    lost.set(server, order.filter((id) => plain.has(id) && !down.has(id)));
  });
  return lost;
}
