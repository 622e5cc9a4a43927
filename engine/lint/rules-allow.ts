/**
 * Lint rules about a restricted room's allow list and who can act on it
 * (reference §2.2, §2.4, §4.1, §4.2 items 1-3): allowed rooms that no authorising
 * server takes part in, rooms with no authorising server at all, allow entries
 * that name unknown rooms, are malformed, repeat, or name the room itself.
 */
import { powerOf } from '../matrix/auth-rules';
import type { LintFinding } from '../report/types';
import { closestMatch } from '../scenario/did-you-mean';
import { finding } from './codes';
import { joinedUsersOn, orList, andList, strongestJoined, type LintFacts, type RoomFacts } from './facts';

export function lintAllowLists(facts: LintFacts): LintFinding[] {
  const out: LintFinding[] = [];
  for (const room of facts.rooms) {
    out.push(...invalidAllow(room));
    if (!room.restricted) continue;
    out.push(...noAuthorisingServer(room));
    const distinct = [...new Set(room.allow.allowedRooms)];
    if (distinct.length === 0) out.push(allowEmpty(room));
    for (const allowed of distinct) {
      if (allowed === room.spec.id) out.push(allowSelf(room));
      const known = facts.roomsById.get(allowed);
      if (!known) out.push(unknownAllowedRoom(facts, room, allowed));
      const finding = allowedRoomWithoutAuthoriser(room, allowed, known);
      if (finding) out.push(finding);
      const times = room.allow.allowedRooms.filter((r) => r === allowed).length;
      if (times > 1) out.push(allowDuplicate(room, allowed, times));
    }
  }
  return out;
}

function invalidAllow(room: RoomFacts): LintFinding[] {
  const { allow } = room;
  const id = room.spec.id;
  const nothingLeft = allow.allowedRooms.length === 0;
  const effect = room.restricted && nothingLeft ? ' Nothing valid remains, so the room is invite-only in effect.' : room.restricted ? '' : ' The join rule is not restricted, so the allow list is not used today.';
  if (!allow.allowIsList) {
    return [finding('invalid-allow', id, `The allow list of ${id} is not a list, so residents read it as empty.${effect}`, room.residents, `write allow as a list of { type: m.room_membership, room_id: "!space:server" } entries`)];
  }
  if (allow.ignoredEntries === 0) return [];
  const n = allow.ignoredEntries;
  return [
    finding(
      'invalid-allow',
      id,
      `${n} allow entr${n === 1 ? 'y' : 'ies'} of ${id} ${n === 1 ? 'is' : 'are'} ignored (not an object with type m.room_membership and a string room_id).${effect}`,
      room.residents,
      `give each allow entry type: m.room_membership and a string room_id, or remove the ${n === 1 ? 'entry' : 'entries'}`,
    ),
  ];
}

/** How a room admin could give `room` an authorising server: promote someone, or lower the invite level. */
function promoteFix(room: RoomFacts, servers?: readonly string[]): string {
  const candidates = (servers ?? room.residents).map((s) => joinedUsersOn(room, s)[0]).filter((u): u is string => u !== undefined);
  const parts = candidates.slice(0, 2).map((u) => `give ${u} power ${room.inviteLevel} in ${room.spec.id}`);
  return orList(parts);
}

function noAuthorisingServer(room: RoomFacts): LintFinding[] {
  if (room.authorisers.size > 0) return [];
  const id = room.spec.id;
  const strongest = strongestJoined(room);
  const lower = strongest ? `, or lower invite to ${powerOf(room.view, strongest)} so ${strongest} qualifies` : '';
  return [
    finding(
      'no-authorising-server',
      id,
      `No resident of ${id} has a joined user with power ≥ invite (${room.inviteLevel}), so no server can authorise a join through the allow list: every resident answers M_UNABLE_TO_GRANT_JOIN and only invited users get in.`,
      room.residents,
      `${promoteFix(room) || `have a user with power ${room.inviteLevel} join ${id}`}${lower}`,
    ),
  ];
}

function allowedRoomWithoutAuthoriser(room: RoomFacts, allowed: string, known: RoomFacts | undefined): LintFinding | null {
  const inAllowed = known ? known.residents : [];
  if (inAllowed.some((s) => room.authorisers.has(s))) return null;
  const id = room.spec.id;
  const fixes: string[] = [];
  // Servers in both rooms only lack a user with enough power.
  const inBoth = inAllowed.filter((s) => room.residents.includes(s));
  if (inBoth.length > 0) fixes.push(promoteFix(room, inBoth));
  // Authorising servers only lack a presence in the allowed room.
  const authorising = [...room.authorisers.keys()];
  if (known && authorising.length > 0) {
    fixes.push(authorising.slice(0, 2).map((s) => `make ${s} join ${allowed} (e.g. ${room.authorisers.get(s)?.[0]} joins it)`).join(' or '));
  }
  if (!known) fixes.unshift(`correct the allow entry ${allowed}, which names a room nobody knows`);
  if (room.authorisers.size === 0 && inBoth.length === 0) fixes.push(`give a user power ${room.inviteLevel} in ${id} on a server that is in ${allowed}`);
  const why = known
    ? `${inAllowed.length === 0 ? 'nobody is joined to it' : `its residents (${andList(inAllowed)}) ${inAllowed.length === 1 ? 'has' : 'have'} no joined user in ${id} with power ≥ invite (${room.inviteLevel})`}`
    : 'no server in the scenario knows that room';
  return finding(
    'allowed-room-without-authorising-server',
    id,
    `${id} allows members of ${allowed}, but no server in ${allowed} can authorise joins into ${id}: ${why}. Users who qualify only through ${allowed} can never be let in (every resident answers M_UNABLE_TO_GRANT_JOIN or M_UNABLE_TO_AUTHORISE_JOIN, and the joiner ends with 502).`,
    [...new Set([...inAllowed, ...authorising])].sort(),
    fixes.filter((f) => f !== '').join(', or '),
  );
}

function unknownAllowedRoom(facts: LintFacts, room: RoomFacts, allowed: string): LintFinding {
  const guess = closestMatch(allowed, [...facts.roomsById.keys()]);
  const id = room.spec.id;
  return finding(
    'unknown-allowed-room',
    id,
    `${id} allows members of ${allowed}, which no server in the scenario knows. No resident is in it, so each one with an inviter answers M_UNABLE_TO_AUTHORISE_JOIN instead of a clear 403, and joiners try every server before failing with 502.`,
    room.residents,
    guess ? `change the allow entry ${allowed} to ${guess}` : `remove the allow entry ${allowed}, or correct its room ID`,
  );
}

function allowSelf(room: RoomFacts): LintFinding {
  const id = room.spec.id;
  return finding('allow-self', id, `${id} lists itself as an allowed room: only users already joined to it qualify, so the entry lets nobody new in.`, room.residents, `replace the allow entry ${id} with the space whose members should get in`);
}

function allowDuplicate(room: RoomFacts, allowed: string, times: number): LintFinding {
  const id = room.spec.id;
  return finding('allow-duplicate', id, `${id} lists ${allowed} ${times} times in its allow list; the repeats change nothing but suggest a different room was meant.`, room.residents, `remove the repeated allow entries for ${allowed}`);
}

function allowEmpty(room: RoomFacts): LintFinding {
  const id = room.spec.id;
  return finding('allow-empty', id, `${id} is ${room.allow.rule} but has no valid allow entry, so nobody passes the allow check: it is invite-only in effect and residents answer 403.`, room.residents, `add the space to allow ({ type: m.room_membership, room_id: "!space:…" }), or make the join rule invite`);
}
