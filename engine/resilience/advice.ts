/**
 * What a room admin can do when an allowed room has one authorising server or
 * none: concrete changes that would add one, each naming the user and server.
 * Three kinds, cheapest first: give power to a user on a server already in both
 * rooms; make a server that could authorise join the allowed room; bring a member
 * of the allowed room from another server into the room with invite power.
 */
import type { ProfileSettings } from '../federation/settings';
import { byPowerIn, dendriteChoice, notionOf } from './notions';
import type { ResilienceInput, RoomSight } from './sight';

/** How many candidates of each kind to name. */
const PER_KIND = 2;

export function fixesFor(
  input: ResilienceInput,
  roomId: string,
  allowedId: string,
  authorising: readonly string[],
  settingsOf: (implementation: string) => ProfileSettings,
): string[] {
  // A room version without the join rule lets nobody in through the allow list, whoever may invite (lint's join-rule-unsupported).
  const any = input.sight(roomId, input.residentsOf(roomId)[0] ?? '') ?? input.fallbackSight(roomId);
  if (any && !any.usesAllowList) return [`upgrade ${roomId} from version ${any.version} to one that has the ${any.joinRule} join rule (${any.joinRule === 'knock_restricted' ? '10' : '8'} or later)`];
  const promote: string[] = [];
  const joinAllowed: string[] = [];
  const bringIn: string[] = [];
  const inRoom = new Set(input.residentsOf(roomId));
  for (const server of input.residentsOf(roomId)) {
    if (authorising.includes(server)) continue;
    const target = input.sight(roomId, server);
    if (target === undefined || !target.usesAllowList) continue;
    const allowed = input.sight(allowedId, server);
    const implementation = input.implementationOf(server);
    const settings = settingsOf(implementation);
    if (allowed !== undefined) {
      if (promote.length < PER_KIND) {
        const fix = promoteOn(server, roomId, target, allowed, implementation === 'dendrite' && settings.authoriserFromAllowedRoom);
        if (fix) promote.push(fix);
      }
    } else if (joinAllowed.length < PER_KIND) {
      // Would it authorise if it were in the allowed room? Ask its notion with the room as its own allowed sight.
      const user = notionOf(implementation)(server, target, target, settings);
      if (user !== null) joinAllowed.push(`make ${server} join ${allowedId} (e.g. ${user} joins it)`);
    }
    if (promote.length >= PER_KIND && joinAllowed.length >= PER_KIND) break;
  }
  const level = any?.inviteLevel;
  for (const server of input.residentsOf(allowedId)) {
    if (bringIn.length >= PER_KIND || level === undefined) break;
    if (inRoom.has(server)) continue;
    const member = input.sight(allowedId, server)?.joinedOn(server)[0];
    if (member === undefined) continue;
    // Power levels hold for users who are not joined yet, so joining may be all it takes.
    const enough = any !== undefined && any.powerOf(member) >= level;
    bringIn.push(`have ${member} (on ${server}, a member of ${allowedId}) join ${roomId}${enough ? '' : ` and give them power ${level}`}`);
  }
  return [...promote, ...joinAllowed, ...bringIn];
}

/**
 * The change that makes `server` (in both rooms) an authorising server. Dendrite
 * names the strongest member of the allowed room who may invite; when that user
 * is not in the room, the fix is for them to join it.
 */
function promoteOn(server: string, roomId: string, target: RoomSight, allowed: RoomSight, fromAllowedRoom: boolean): string | null {
  if (fromAllowedRoom) {
    const chosen = dendriteChoice(server, target, allowed);
    if (chosen !== undefined && !target.isJoined(chosen)) return `have ${chosen} join ${roomId} (${server} runs Dendrite, which names them as authoriser)`;
    const inBoth = byPowerIn(target, allowed.joinedOn(server)).find((u) => target.isJoined(u));
    return inBoth === undefined ? null : `give ${inBoth} power ${target.inviteLevel} in ${roomId}`;
  }
  const strongest = target.joinedOn(server)[0];
  return strongest === undefined ? null : `give ${strongest} power ${target.inviteLevel} in ${roomId}`;
}
