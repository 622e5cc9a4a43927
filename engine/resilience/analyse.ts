/**
 * The resilience analysis: for every restricted room R and each allowed room A,
 * the servers that would let a member of A into R (each by its own
 * implementation's notion, notions.ts), how many of them must fail before members
 * of A are locked out, and the servers whose loss alone locks someone out
 * (MSC3083's "configuration error" and its one-failure-away cousin, reference §4.1).
 */
import { createProfile } from '../federation/profiles';
import type { ProfileSettings } from '../federation/settings';
import { invariant } from '../kernel/invariant';
import { notionOf } from './notions';
import type { LintFacts } from '../facts/index';
import { inputAtStart, type ResilienceInput } from './sight';
import type { AllowedRoomResilience, CriticalServer, ResilienceAdvice, ResilienceAnalysis, ResilienceReport, RoomResilience } from './types';
import { fixesFor } from './advice';

/** How many fixes an advice entry lists at most. */
const MAX_FIXES = 3;

/** Analyses `input`; `profileSettings` are the scenario's per-implementation overrides. */
export function analyseInput(input: ResilienceInput, profileSettings?: Readonly<Record<string, Readonly<Record<string, unknown>>>>): ResilienceAnalysis {
  const settingsOf = settingsLookup(profileSettings);
  const rooms: { entry: RoomResilience; order: number; advice: ResilienceAdvice[] }[] = [];
  const critical = new Map<string, string[]>();
  input.restrictedRooms.forEach((roomId, order) => {
    // The room itself lets in only its own members, who need no authoriser (lint's allow-self).
    const allowedRooms = input.allowedRoomsOf(roomId).filter((a) => a !== roomId);
    const allowed: AllowedRoomResilience[] = [];
    const advice: ResilienceAdvice[] = [];
    for (const allowedId of allowedRooms) {
      const authorisers: { server: string; user: string }[] = [];
      for (const server of residentsOfBoth(input, roomId, allowedId)) {
        const target = input.sight(roomId, server);
        if (target === undefined || !target.allowedRooms.includes(allowedId)) continue;
        const implementation = input.implementationOf(server);
        const user = notionOf(implementation)(server, target, input.sight(allowedId, server), settingsOf(implementation));
        if (user !== null) authorisers.push({ server, user });
      }
      const servers = authorisers.map((a) => a.server);
      allowed.push({ room: allowedId, authorisingServers: servers, minFailures: servers.length });
      // Fixes only where they are wanted: a big federation has tens of thousands of healthy pairs.
      const fixes = servers.length <= 1 ? fixesFor(input, roomId, allowedId, servers, settingsOf).slice(0, MAX_FIXES) : [];
      advice.push({ room: roomId, allowed: allowedId, authorisers, fixes });
      const only = servers[0];
      if (servers.length === 1 && only !== undefined) {
        const list = critical.get(only) ?? [];
        if (list[list.length - 1] !== roomId) list.push(roomId);
        critical.set(only, list);
      }
    }
    const minFailures = allowed.reduce((least, a) => Math.min(least, a.minFailures), allowed.length === 0 ? 0 : Infinity);
    rooms.push({ entry: { room: roomId, minFailures, allowed }, order, advice });
  });
  rooms.sort((a, b) => a.entry.minFailures - b.entry.minFailures || a.order - b.order);
  const criticalServers: CriticalServer[] = [...critical].map(([server, list]) => ({ server, rooms: list }));
  criticalServers.sort((a, b) => b.rooms.length - a.rooms.length || (a.server < b.server ? -1 : a.server > b.server ? 1 : 0));
  return { rooms: rooms.map((r) => r.entry), criticalServers, advice: rooms.flatMap((r) => r.advice) };
}

/**
 * Servers resident in both rooms, in name order, walking the shorter list (a
 * space can have thousands of residents, its rooms a handful, or the other way).
 */
function residentsOfBoth(input: ResilienceInput, roomId: string, allowedId: string): string[] {
  const inRoom = input.residentsOf(roomId);
  const inAllowed = input.residentsOf(allowedId);
  return inRoom.length <= inAllowed.length ? inRoom.filter((s) => input.isResident(allowedId, s)) : inAllowed.filter((s) => input.isResident(roomId, s));
}

/** Profile settings per implementation, with the scenario's overrides, each worked out once. */
export function settingsLookup(overrides?: Readonly<Record<string, Readonly<Record<string, unknown>>>>): (implementation: string) => ProfileSettings {
  const cache = new Map<string, ProfileSettings>();
  return (implementation) => {
    let settings = cache.get(implementation);
    if (settings === undefined) {
      const profile = createProfile(implementation, overrides?.[implementation]);
      invariant(profile, () => `no implementation profile "${implementation}" in this build`);
      settings = profile.settings;
      cache.set(implementation, settings);
    }
    return settings;
  };
}

/** The JSON document of an analysis (what `--json` prints), `joinsLost` per server when verified. */
export function toResilienceReport(analysis: ResilienceAnalysis, joinsLost?: ReadonlyMap<string, readonly string[]>): ResilienceReport {
  return {
    rooms: analysis.rooms,
    criticalServers: analysis.criticalServers.map((c) => (joinsLost ? { server: c.server, rooms: c.rooms, joinsLost: [...(joinsLost.get(c.server) ?? [])] } : { server: c.server, rooms: c.rooms })),
  };
}

/** The analysis of the state at t = 0 from the linter's facts (so lint pays for them once). */
export function analyseFacts(facts: LintFacts): ResilienceAnalysis {
  return analyseInput(
    inputAtStart(facts.rooms, (server) => facts.serversByName.get(server)?.implementation ?? 'synapse'),
    facts.scenario.profileSettings,
  );
}
