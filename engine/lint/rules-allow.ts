/**
 * Lint rules about a restricted room's allow list and who can act on it
 * (reference §2.2, §2.4, §4.1, §4.2 items 1-3): allowed rooms that no authorising
 * server takes part in, rooms with no authorising server at all, allow entries
 * that name unknown rooms, are malformed, repeat, or name the room itself, and
 * allowed rooms whose state was not imported. Each fix names a joined user who
 * may make it under the room's power levels (who-can-act.ts), or says nobody can.
 */
import type { LintFinding } from '../report/types';
import { closestMatch } from '../scenario/did-you-mean';
import { finding } from './codes';
import { joinedUsersOn, orList, andList, type LintFacts, type RoomFacts } from '../facts/index';
import { actor, invitedInviters, mayGrantPower, stateFix, whoMustActToJoin } from './who-can-act';

export function lintAllowLists(facts: LintFacts): LintFinding[] {
  const out: LintFinding[] = [];
  for (const room of facts.rooms) {
    out.push(...invalidAllow(room));
    if (!room.restricted) continue;
    out.push(...noAuthorisingServer(room));
    const distinct = [...new Set(room.allow.allowedRooms)];
    if (distinct.length === 0) out.push(allowEmpty(room));
    const notImported = distinct.filter((a) => !facts.roomsById.has(a) && room.spec.notImported?.[a] !== undefined);
    if (notImported.length > 0) out.push(allowedRoomsNotImported(room, notImported));
    for (const allowed of distinct) {
      if (allowed === room.spec.id) out.push(allowSelf(room));
      const known = facts.roomsById.get(allowed);
      // A room the import was not given is not unknown, and whether its residents can authorise is not known
      // either, unless the room has no authorising server at all (then none of its residents can be one).
      const missing = notImported.includes(allowed);
      if (!known && !missing) out.push(unknownAllowedRoom(facts, room, allowed));
      const finding = missing && room.authorisers.size > 0 ? null : allowedRoomWithoutAuthoriser(facts, room, allowed, known, missing);
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
    return [finding('invalid-allow', id, `The allow list of ${id} is not a list, so residents read it as empty.${effect}`, room.residents, joinRulesFix(room, `write allow as a list of { type: m.room_membership, room_id: "!space:server" } entries`))];
  }
  if (allow.ignoredEntries === 0) return [];
  const n = allow.ignoredEntries;
  return [
    finding(
      'invalid-allow',
      id,
      `${n} allow entr${n === 1 ? 'y' : 'ies'} of ${id} ${n === 1 ? 'is' : 'are'} ignored (not an object with type m.room_membership and a string room_id).${effect}`,
      room.residents,
      joinRulesFix(room, `give each allow entry type: m.room_membership and a string room_id, or remove the ${n === 1 ? 'entry' : 'entries'}`),
    ),
  ];
}

/** A change to m.room.join_rules, said as who may make it, or that no joined user may. */
function joinRulesFix(room: RoomFacts, change: string): string {
  return stateFix(room, 'm.room.join_rules', change);
}

/**
 * How `room` could get an authorising server on one of `servers`: someone joined
 * who may raise a user there to the invite level does so. '' when nobody may.
 */
function promoteFix(room: RoomFacts, servers?: readonly string[]): string {
  const parts: string[] = [];
  for (const server of servers ?? room.residents) {
    const user = joinedUsersOn(room, server)[0];
    const granter = user === undefined ? undefined : mayGrantPower(room, user, room.inviteLevel)[0];
    if (user !== undefined && granter !== undefined) parts.push(`${actor(room, granter)} can give ${user} power ${room.inviteLevel} in ${room.spec.id}`);
    if (parts.length === 2) break;
  }
  return orList(parts);
}

/**
 * Reference §4.2 item 3. Nobody joined reaches the invite level, and power is
 * granted only up to one's own, so nobody joined can create an authoriser: the
 * only way back is an invited user with that power accepting the invite.
 */
function noAuthorisingServer(room: RoomFacts): LintFinding[] {
  if (room.authorisers.size > 0) return [];
  const id = room.spec.id;
  const invited = invitedInviters(room);
  const left = leftCreators(room);
  const fix =
    invited.length > 0
      ? `${orList(invited.slice(0, 3))} can accept the pending invite (power ≥ ${room.inviteLevel}), and ${invited.length === 1 ? 'that' : 'their'} server then authorises joins`
      : `nobody joined can fix this under the room's power levels: nobody joined reaches power ${room.inviteLevel}, and power is granted only up to one's own. Only a new room can help (replace ${id} and point its members there)`;
  return [
    finding(
      'no-authorising-server',
      id,
      `No resident of ${id} has a joined user with power ≥ invite (${room.inviteLevel}), so no server can authorise a join through the allow list: every resident answers M_UNABLE_TO_GRANT_JOIN and only invited users get in.${left}`,
      room.residents,
      fix,
    ),
  ];
}

/** The creators who are not joined, said when they are what is missing (a v12 creator who left takes its unlimited power along). */
function leftCreators(room: RoomFacts): string {
  const creators = [room.spec.creator, ...(room.spec.additionalCreators ?? [])].filter((c) => room.spec.members[c] !== 'join');
  if (creators.length === 0) return '';
  const unlimited = room.view.rules.creatorsHaveInfinitePower ? ', whose unlimited power counts only while joined' : '';
  return ` The ${creators.length === 1 ? `creator ${creators[0]} is` : `creators ${andList(creators)} are`} not joined${unlimited}.`;
}

function allowedRoomWithoutAuthoriser(facts: LintFacts, room: RoomFacts, allowed: string, known: RoomFacts | undefined, notImported = false): LintFinding | null {
  const inAllowed = known ? known.residents : [];
  if (inAllowed.some((s) => room.authorisers.has(s))) return null;
  const id = room.spec.id;
  const fixes: string[] = [];
  // Servers in both rooms only lack a user with enough power.
  const inBoth = inAllowed.filter((s) => room.residents.includes(s));
  if (inBoth.length > 0) fixes.push(promoteFix(room, inBoth));
  // Authorising servers only lack a presence in the allowed room: one of their inviters joins it, if that user can.
  const authorising = [...room.authorisers.keys()];
  if (known && allowed !== id) {
    const joins: { text: string; people: number }[] = [];
    for (const server of authorising) {
      for (const user of room.authorisers.get(server) ?? []) {
        const who = whoMustActToJoin(facts, allowed, user);
        if (who === null || who.length === 0) continue;
        joins.push({ text: who.length === 1 ? `${user} can join ${allowed}, so ${server} sees its members` : `${who[0]} can invite ${user} to ${allowed} and ${user} join it, so ${server} sees its members`, people: who.length });
        break;
      }
    }
    joins.sort((a, b) => a.people - b.people);
    fixes.push(...joins.slice(0, 2).map((j) => j.text));
  }
  if (!known && !notImported) fixes.unshift(joinRulesFix(room, `correct the allow entry ${allowed}, which names a room nobody knows`));
  if (fixes.filter((f) => f !== '').length === 0) fixes.push(room.authorisers.size === 0 ? `see no-authorising-server: nobody joined to ${id} can give anyone power ${room.inviteLevel}` : `nobody joined can fix this under the power levels of ${id} and ${allowed}`);
  const why = known
    ? `${inAllowed.length === 0 ? 'nobody is joined to it' : `its residents (${andList(inAllowed)}) ${inAllowed.length === 1 ? 'has' : 'have'} no joined user in ${id} with power ≥ invite (${room.inviteLevel})`}`
    : notImported
      ? `its state was not imported, and no resident of ${id} can authorise joins at all`
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
    joinRulesFix(room, guess ? `change the allow entry ${allowed} to ${guess}` : `remove the allow entry ${allowed}, or correct its room ID`),
  );
}

function allowSelf(room: RoomFacts): LintFinding {
  const id = room.spec.id;
  return finding('allow-self', id, `${id} lists itself as an allowed room: only users already joined to it qualify, so the entry lets nobody new in.`, room.residents, joinRulesFix(room, `replace the allow entry ${id} with the space whose members should get in`));
}

function allowDuplicate(room: RoomFacts, allowed: string, times: number): LintFinding {
  const id = room.spec.id;
  return finding('allow-duplicate', id, `${id} lists ${allowed} ${times} times in its allow list; the repeats change nothing but suggest a different room was meant.`, room.residents, joinRulesFix(room, `remove the repeated allow entries for ${allowed}`));
}

function allowEmpty(room: RoomFacts): LintFinding {
  const id = room.spec.id;
  return finding('allow-empty', id, `${id} is ${room.allow.rule} but has no valid allow entry, so nobody passes the allow check: it is invite-only in effect and residents answer 403.`, room.residents, joinRulesFix(room, `add the space to allow ({ type: m.room_membership, room_id: "!space:…" }), or make the join rule invite`));
}

/**
 * Allowed rooms whose state the import was not given (`notImported`): who is in
 * them, and so whether anyone qualifies through them, is not known. One finding
 * for all of them, naming the servers believed to be in each.
 */
function allowedRoomsNotImported(room: RoomFacts, missing: readonly string[]): LintFinding {
  const id = room.spec.id;
  const known = room.spec.notImported ?? {};
  const placed = missing.filter((a) => (known[a] ?? []).length > 0);
  const unplaced = missing.filter((a) => (known[a] ?? []).length === 0);
  const parts = placed.map((a) => {
    const servers = known[a] ?? [];
    const authorising = servers.filter((s) => room.authorisers.has(s));
    return `${a} is believed to be on ${andList(servers)}${authorising.length > 0 ? ` (${andList(authorising)} can authorise joins into ${id})` : ''}`;
  });
  if (unplaced.length > 0) parts.push(`no server is known for ${andList(unplaced.length > 5 ? [...unplaced.slice(0, 5), `${unplaced.length - 5} more`] : unplaced)}`);
  const n = missing.length;
  const likely = missing.filter((a) => (known[a] ?? []).some((s) => room.authorisers.has(s))).length;
  const verdict =
    room.authorisers.size === 0
      ? ''
      : likely === n
        ? ` ${n === 1 ? 'It is' : 'Each is'} believed to hold a server that can authorise joins, so ${n === 1 ? 'its' : 'their'} members can likely get in.`
        : n === 1
          ? ` No server that can authorise joins into ${id} is known to be in it.`
          : ` For ${likely === 0 ? 'all of them' : `${n - likely} of them`}, no server that can authorise joins into ${id} is known to be in the room.`;
  return finding(
    'allowed-room-not-imported',
    id,
    `${id} allows members of ${n === 1 ? 'a room' : `${n} rooms`} whose state was not imported: ${parts.join('; ')}. fedsim cannot tell who is in ${n === 1 ? 'it' : 'them'}, and simulates ${n === 1 ? 'it as a room' : 'them as rooms'} no server knows.${verdict}`,
    room.residents,
    `import ${n === 1 ? 'its' : 'their'} state too: GET /_matrix/client/v3/rooms/{roomId}/state for ${missing.slice(0, 3).join(', ')}${n > 3 ? ` and ${n - 3} more` : ''}, then fedsim import with the files you have`,
  );
}
