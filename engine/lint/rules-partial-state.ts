/**
 * Lint rule `partial-state-authoriser` (reference §1.6): a timeline join brings a
 * user who may invite into a restricted room on a Synapse server that is not yet
 * resident, so that server will become an authorising server, but its join is a
 * partial-state join: until its resync it answers make_join and send_join for the
 * room with 404, and authorises nobody. Noted only when a later join of the
 * timeline lists that server in its via (someone will ask it). A note for the
 * authoriser analysis.
 */
import { powerOf } from '../matrix/auth-rules';
import { resolveSettings, type ProfileSettings } from '../federation/settings';
import type { LintFinding } from '../report/types';
import type { JoinAction } from '../scenario/types';
import { finding } from './codes';
import { timelineJoins, type LintFacts, type RoomFacts } from '../facts/index';

export function lintPartialState(facts: LintFacts): LintFinding[] {
  const candidates = partialStateAuthorisers(facts);
  if (candidates.length === 0) return [];
  const lastAsk = lastAsks(facts, candidates);
  const out: LintFinding[] = [];
  const noted = new Map<string, Set<string>>();
  for (const { action, room, server, implementation, settings } of candidates) {
    const roomId = room.spec.id;
    const asker = lastAsk.get(roomId)?.get(server);
    if (asker === undefined || asker.at <= action.at) continue;
    let notedInRoom = noted.get(roomId);
    if (notedInRoom === undefined) noted.set(roomId, (notedInRoom = new Set()));
    if (notedInRoom.has(server)) continue;
    notedInRoom.add(server);
    const window = settings.partialStateResyncMs > 0 ? `${settings.partialStateResyncMs} ms (partialStateResyncMs)` : 'a time that grows with the room\'s size (partialStateResyncMs)';
    out.push(
      finding(
        'partial-state-authoriser',
        roomId,
        `${server} joins ${roomId} at ${action.at} ms with ${action.user}, who may invite there, by a Synapse partial-state join: for ${window} after that join completes, ${server} answers make_join and send_join for ${roomId} with 404 M_NOT_FOUND, so it authorises no join until its resync (${asker.user} asks it at ${asker.at} ms).`,
        [server],
        `have joins that need ${server} as authoriser wait for its resync, or turn partialStateJoins off for ${implementation} to model a server that joins with full state`,
      ),
    );
  }
  return out;
}

/** A timeline join that makes a server not yet resident in a restricted room an authorising server there by a partial-state join. */
interface Candidate {
  action: JoinAction;
  room: RoomFacts;
  server: string;
  implementation: string;
  settings: ProfileSettings;
}

/** Every such join, in timeline order (whether someone asks the server afterwards is lastAsks's part). */
function partialStateAuthorisers(facts: LintFacts): Candidate[] {
  const out: Candidate[] = [];
  // Settings per implementation, worked out once: a big timeline has a million joins.
  const settingsOf = new Map<string, ProfileSettings>();
  for (const { action, room, joiner: server } of timelineJoins(facts)) {
    if (!room.restricted) continue;
    const serverSpec = facts.serversByName.get(server);
    if (!serverSpec || room.residentSet.has(server)) continue;
    let settings = settingsOf.get(serverSpec.implementation);
    if (settings === undefined) {
      settings = resolveSettings(serverSpec.implementation, facts.scenario.profileSettings?.[serverSpec.implementation]);
      settingsOf.set(serverSpec.implementation, settings);
    }
    if (!settings.partialStateJoins || powerOf(room.view, action.user) < room.inviteLevel) continue;
    out.push({ action, room, server, implementation: serverSpec.implementation, settings });
  }
  return out;
}

/**
 * For each room and server of `candidates`, the last timeline join into the room
 * whose via names the server (one pass, and only those pairs remembered: big runs
 * have a million joins).
 */
function lastAsks(facts: LintFacts, candidates: readonly Candidate[]): Map<string, Map<string, JoinAction>> {
  const wanted = new Map<string, Set<string>>();
  for (const { room, server } of candidates) {
    let servers = wanted.get(room.spec.id);
    if (servers === undefined) wanted.set(room.spec.id, (servers = new Set()));
    servers.add(server);
  }
  const last = new Map<string, Map<string, JoinAction>>();
  for (const { action } of timelineJoins(facts)) {
    if (!action.via) continue;
    const servers = wanted.get(action.room);
    if (servers === undefined) continue;
    for (const server of action.via) {
      if (!servers.has(server)) continue;
      let byServer = last.get(action.room);
      if (byServer === undefined) last.set(action.room, (byServer = new Map()));
      // The timeline is in time order, so a later action replaces an earlier one.
      byServer.set(server, action);
    }
  }
  return last;
}
