/**
 * Lint rules about the timeline's joins, judged against the state at t = 0
 * (reference §3.1, §4.2 items 5 and 6): joining servers that do not support the
 * room's version, via lists that reach no authorising server, and via lists that
 * name only the joining server itself.
 */
import { serverOf } from '../matrix/ids';
import { aclDenial } from '../matrix/server-acl';
import type { LintFinding } from '../report/types';
import type { JoinAction } from '../scenario/types';
import { finding } from './codes';
import { orList, timelineJoins, type LintFacts, type RoomFacts } from '../facts/index';
import { stateFix } from './who-can-act';

/**
 * Past this many findings of one code for one room, further joins are counted in
 * one closing finding instead: a generated run with 10^5 joins through the same
 * wrong via needs the point made once, not 10^5 times.
 */
export const MAX_JOIN_FINDINGS_PER_ROOM = 50;

export function lintJoins(facts: LintFacts): LintFinding[] {
  const all = collectJoinFindings(facts);
  const seen = new Map<string, number>();
  const out: LintFinding[] = [];
  for (const f of all) {
    const key = `${f.code}|${f.room}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n <= MAX_JOIN_FINDINGS_PER_ROOM) out.push(f);
  }
  for (const [key, n] of seen) {
    if (n <= MAX_JOIN_FINDINGS_PER_ROOM) continue;
    const first = all.find((f) => `${f.code}|${f.room}` === key) as LintFinding;
    const more = n - MAX_JOIN_FINDINGS_PER_ROOM;
    out.push({ ...first, message: `${more} more timeline join${more === 1 ? '' : 's'} into ${first.room} ${more === 1 ? 'has' : 'have'} the same problem (${first.code}); only the first ${MAX_JOIN_FINDINGS_PER_ROOM} are listed.` });
  }
  return out;
}

function collectJoinFindings(facts: LintFacts): LintFinding[] {
  const out: LintFinding[] = [];
  const versionReported = new Set<string>();
  for (const { action, room, joiner } of timelineJoins(facts)) {
    // The cheap test first: the key is made only for a joiner that lacks the version (most joins are fine).
    const unsupported = roomVersionUnsupported(facts, room, joiner, action);
    if (unsupported) {
      const key = `${joiner}|${room.spec.id}`;
      if (!versionReported.has(key)) {
        versionReported.add(key);
        out.push(unsupported);
      }
    }
    if (room.restricted || effectiveVia(action).length === 0) {
      const via = viaCannotAuthorise(room, action, joiner);
      if (via) out.push(via);
    }
    const own = viaOnlyOwnServer(room, action, joiner);
    if (own) out.push(own);
    const acl = aclDeniesJoiner(room, action, joiner);
    if (acl) out.push(acl);
  }
  return out;
}

/** Reference §4.2 item 7: an ACL that denies the joining server makes every resident answer 403. */
function aclDeniesJoiner(room: RoomFacts, action: JoinAction, joiner: string): LintFinding | null {
  const denial = aclDenial(room.spec.serverAcl ?? null, joiner);
  if (denial === null) return null;
  const { id } = room.spec;
  return finding(
    'server-acl-denies-joiner',
    id,
    `${action.user} cannot join ${id} (join ${action.id}): ${denial}, so every resident answers 403 M_FORBIDDEN ("Server is banned from room") and a Synapse joiner stops at the first.`,
    [joiner],
    stateFix(room, 'm.room.server_acl', `remove the deny entry that matches ${joiner} from the server ACL of ${id}, or add ${joiner} to its allow list`),
  );
}

/** The servers the joiner would ask: the join's via, or the room ID's server (contract `join`; none for a v12 room ID). */
export function effectiveVia(action: JoinAction): string[] {
  if (action.via && action.via.length > 0) return action.via;
  const server = serverOf(action.room);
  return server === '' ? [] : [server];
}

function roomVersionUnsupported(facts: LintFacts, room: RoomFacts, joiner: string, action: JoinAction): LintFinding | null {
  const spec = facts.serversByName.get(joiner);
  if (!spec || spec.roomVersions.includes(room.spec.version)) return null;
  const { id, version } = room.spec;
  return finding(
    'room-version-unsupported',
    id,
    `${joiner} is asked to join ${id} (join ${action.id}) but does not support its version ${version}: every resident answers 400 M_INCOMPATIBLE_ROOM_VERSION and a Synapse joiner gives up at the first.`,
    [joiner],
    `upgrade ${joiner} to a release that supports room version ${version} (add "${version}" to its roomVersions)`,
  );
}

function viaCannotAuthorise(room: RoomFacts, action: JoinAction, joiner: string): LintFinding | null {
  const via = effectiveVia(action);
  if (via.length === 0) return noServerToAsk(room, action, joiner);
  if (via.some((s) => room.authorisers.has(s))) return null;
  const id = room.spec.id;
  const why = via.map((s) => (room.residentSet.has(s) ? `${s} has no joined user who may invite` : `${s} is not in the room`)).join('; ');
  const authorising = [...room.authorisers.keys()];
  const given = action.via && action.via.length > 0 ? `lists via ${via.join(', ')}` : `gives no via, so only the room ID's server ${via[0]} is asked`;
  return finding(
    'via-cannot-authorise',
    id,
    `Join ${action.id} of ${action.user} ${given}; none of them can authorise joins into ${id} at t = 0 (${why}). Unless the user is invited, every answer is M_UNABLE_TO_GRANT_JOIN, M_UNABLE_TO_AUTHORISE_JOIN or 404, ending in 502.`,
    [...new Set([...via, ...authorising])].sort(),
    authorising.length > 0 ? `put ${orList(authorising.slice(0, 3))} first in the via of join ${action.id}` : `give ${id} an authorising server first (see no-authorising-server)`,
  );
}

/**
 * A join without via into a room whose ID has no server part (room version 12)
 * has no server to ask at all: Synapse answers 404 at once, with no federation
 * request (reference §1.6, "No default via in Synapse"). A resident joiner needs
 * none for a local join.
 */
function noServerToAsk(room: RoomFacts, action: JoinAction, joiner: string): LintFinding | null {
  if (room.residentSet.has(joiner)) return null;
  const id = room.spec.id;
  const helpful = room.restricted ? [...room.authorisers.keys()] : room.residents;
  return finding(
    'via-cannot-authorise',
    id,
    `Join ${action.id} of ${action.user} gives no via, and the room ID ${id} has no server part (room version ${room.spec.version}), so there is no server to ask: the joiner answers 404 "no servers that are in the room have been provided" without a federation request.`,
    [...new Set([joiner, ...helpful])].sort(),
    helpful.length > 0 ? `give join ${action.id} a via of ${orList(helpful.slice(0, 3))}` : `give ${id} a resident that can let users in first`,
  );
}

function viaOnlyOwnServer(room: RoomFacts, action: JoinAction, joiner: string): LintFinding | null {
  if (room.residentSet.has(joiner)) return null;
  const via = effectiveVia(action);
  // No via at all is via-cannot-authorise's case (a room ID without a server part).
  if (via.length === 0 || !via.every((s) => s === joiner)) return null;
  const id = room.spec.id;
  const others = room.residents.filter((s) => s !== joiner);
  return finding(
    'via-only-own-server',
    id,
    `Join ${action.id} of ${action.user} would ask only ${joiner}, its own server, which is not in ${id}: with nobody else to ask, Synapse answers 404 "no servers that are in the room have been provided".`,
    [joiner],
    others.length > 0 ? `give join ${action.id} a via of ${orList(others.slice(0, 3))}` : `have some server join ${id} first`,
  );
}
