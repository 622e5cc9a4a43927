/**
 * How each implementation builds the list of residents a remote join asks
 * (reference §3.1 Synapse, §3.7 Dendrite, §3.8 conduwuit). All of them drop the
 * joining server itself.
 */
import { shuffled, type RandomStream } from '../kernel/random-streams';
import { serverOf } from '../matrix/ids';
import type { ServerState } from './server-state';

function inviterServer(server: ServerState, roomId: string, user: string): string | null {
  const inviter = server.pendingInvites.get(roomId)?.get(user);
  return inviter === undefined ? null : serverOf(inviter);
}

/** The room ID's server as a one-item list; empty for a v12 room ID, which has none (so no default server to ask). */
function roomIdServer(roomId: string): string[] {
  const server = serverOf(roomId);
  return server === '' ? [] : [server];
}

/** Removes repeats, keeping each server's first place. */
export function dedupe(list: readonly string[]): string[] {
  return [...new Set(list)];
}

/**
 * Synapse (§3.1): the client's via in order (default: the room ID's server, as the
 * contract says; none for a v12 room ID), then a remote inviter's server at the end. Synapse does not
 * de-duplicate (UNVERIFIED in practice; setting `dedupeCandidates`).
 */
export function synapseCandidates(server: ServerState, roomId: string, user: string, via: readonly string[] | undefined, deduplicate: boolean): string[] {
  const list = via && via.length > 0 ? [...via] : roomIdServer(roomId);
  const inviter = inviterServer(server, roomId, user);
  if (inviter !== null && inviter !== server.name) list.push(inviter);
  const out = list.filter((s) => s !== server.name);
  return deduplicate ? dedupe(out) : out;
}

/** Dendrite (§3.7): via in order, then the room ID's server, then the inviter's; repeats removed keeping order. */
export function dendriteCandidates(server: ServerState, roomId: string, user: string, via: readonly string[] | undefined): string[] {
  const list = [...(via ?? []), ...roomIdServer(roomId)];
  const inviter = inviterServer(server, roomId, user);
  if (inviter !== null) list.push(inviter);
  return dedupe(list.filter((s) => s !== server.name));
}

/** conduwuit (§3.8): via, inviters' servers and the room ID's server; sorted, de-duplicated, then shuffled. */
export function conduwuitCandidates(
  server: ServerState,
  roomId: string,
  user: string,
  via: readonly string[] | undefined,
  random: RandomStream,
): string[] {
  const list = [...(via ?? [])];
  const inviter = inviterServer(server, roomId, user);
  if (inviter !== null) list.push(inviter);
  list.push(...roomIdServer(roomId));
  const sorted = dedupe(list.filter((s) => s !== server.name)).sort();
  return shuffled(random, sorted);
}

/**
 * tuwunel (§3.8): with no remote via, the room ID's server; otherwise the via list
 * shuffled and not padded; then the inviter's server; repeats removed keeping
 * order, and `deprioritized` servers moved to the end (in the order they had).
 */
export function tuwunelCandidates(
  server: ServerState,
  roomId: string,
  user: string,
  via: readonly string[] | undefined,
  random: RandomStream,
  deprioritized: readonly string[],
): string[] {
  const remoteVia = (via ?? []).filter((s) => s !== server.name);
  const list = remoteVia.length === 0 ? [serverOf(roomId)] : shuffled(random, remoteVia);
  const inviter = inviterServer(server, roomId, user);
  if (inviter !== null) list.push(inviter);
  const out = dedupe(list.filter((s) => s !== server.name));
  const last = new Set(deprioritized);
  return [...out.filter((s) => !last.has(s)), ...out.filter((s) => last.has(s))];
}
