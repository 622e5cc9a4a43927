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
import { serverOf } from '../matrix/ids';
import { resolveSettings } from '../federation/settings';
import type { LintFinding } from '../report/types';
import { finding } from './codes';
import type { LintFacts } from '../facts/index';

export function lintPartialState(facts: LintFacts): LintFinding[] {
  const out: LintFinding[] = [];
  const noted = new Set<string>();
  const lastAsk = lastAsks(facts);
  for (const action of facts.scenario.timeline) {
    if (action.do !== 'join') continue;
    const room = facts.roomsById.get(action.room);
    if (!room || !room.restricted) continue;
    const server = serverOf(action.user);
    const spec = facts.serversByName.get(server);
    if (!spec || room.residentSet.has(server) || noted.has(`${server} ${room.spec.id}`)) continue;
    if (powerOf(room.view, action.user) < room.inviteLevel) continue;
    const settings = resolveSettings(spec.implementation, facts.scenario.profileSettings?.[spec.implementation]);
    if (!settings.partialStateJoins) continue;
    const asker = lastAsk.get(`${room.spec.id}\u0000${server}`);
    if (asker === undefined || asker.at <= action.at) continue;
    noted.add(`${server} ${room.spec.id}`);
    const window = settings.partialStateResyncMs > 0 ? `${settings.partialStateResyncMs} ms (partialStateResyncMs)` : 'a time that grows with the room\'s size (partialStateResyncMs)';
    out.push(
      finding(
        'partial-state-authoriser',
        room.spec.id,
        `${server} joins ${room.spec.id} at ${action.at} ms with ${action.user}, who may invite there, by a Synapse partial-state join: for ${window} after that join completes, ${server} answers make_join and send_join for ${room.spec.id} with 404 M_NOT_FOUND, so it authorises no join until its resync (${asker.user} asks it at ${asker.at} ms).`,
        [server],
        `have joins that need ${server} as authoriser wait for its resync, or turn partialStateJoins off for ${spec.implementation} to model a server that joins with full state`,
      ),
    );
  }
  return out;
}

/** For each restricted room and server, the last timeline join into the room whose via names the server (one pass: big runs have 100 000 joins). */
function lastAsks(facts: LintFacts): Map<string, { user: string; at: number }> {
  const last = new Map<string, { user: string; at: number }>();
  for (const action of facts.scenario.timeline) {
    if (action.do !== 'join' || !action.via || !facts.roomsById.get(action.room)?.restricted) continue;
    // The timeline is in time order, so a later action replaces an earlier one.
    for (const server of action.via) last.set(`${action.room}\u0000${server}`, { user: action.user, at: action.at });
  }
  return last;
}
