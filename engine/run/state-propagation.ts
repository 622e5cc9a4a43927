/**
 * How state changes spread (contract "Timeline"): a server applies an event to its
 * own view, then sends it to every other server it believes resident (and, for a
 * membership, the target's server), each after that link's latency or lost with the
 * link's loss probability. A destination that is down or partitioned away when the
 * event arrives gets it later from the sender's outgoing queue, as a homeserver's
 * transaction queue retries. Receivers apply what they get; a server whose last
 * joined user leaves forgets the room.
 */
import { PRIORITY_NORMAL } from '../kernel/event-queue';
import { serverOf } from '../matrix/ids';
import type { RoomView } from '../matrix/room-view';
import type { StateEvent, StateEventContent } from '../federation/messages';
import type { ServerState } from '../federation/server-state';
import { EV_STATE_ARRIVES, serverNamed, unreachableBecause, type World } from './world';

export interface StateDelivery {
  from: string;
  to: string;
  event: StateEvent;
}

/** Applies `event` to `view`; true when it changed the view (it was newer than what the view held). */
export function applyToView(view: RoomView, event: StateEvent): boolean {
  const body = event.body;
  switch (body.type) {
    case 'm.room.member':
      return view.setMembership(event.stateKey, body.membership, event.stamp);
    case 'm.room.join_rules':
      return view.setJoinRules(body.content, event.stamp);
    case 'm.room.power_levels':
      return view.setPowerLevels(body.content, event.stamp);
  }
}

function describe(body: StateEventContent): { name: string; value: string } {
  switch (body.type) {
    case 'm.room.member':
      return { name: body.type, value: body.authorisingUser ? `${body.membership} via ${body.authorisingUser}` : body.membership };
    case 'm.room.join_rules':
      return { name: body.type, value: JSON.stringify(body.content) };
    case 'm.room.power_levels':
      return { name: body.type, value: JSON.stringify(body.content) };
  }
}

/**
 * `server` creates a state event in a room it is resident in, applies it and sends it
 * on. `except` is left out of the recipients (a joining server that gets the state
 * in its send_join answer instead).
 */
export function emitStateEvent(
  world: World,
  server: ServerState,
  view: RoomView,
  sender: string,
  stateKey: string,
  body: StateEventContent,
  except: string | null = null,
): StateEvent {
  const event: StateEvent = { stamp: world.nextStamp++, roomId: view.roomId, sender, stateKey, body };
  const recipients = new Set(view.residentServers());
  applyToView(view, event);
  for (const s of view.residentServers()) recipients.add(s);
  if (body.type === 'm.room.member') recipients.add(serverOf(stateKey));
  recipients.delete(server.name);
  if (except !== null) recipients.delete(except);
  const { name, value } = describe(body);
  world.trace.record({ t: world.sim.now, type: 'state', server: server.name, room: view.roomId, event: name, stateKey, value, stamp: event.stamp });
  forgetIfNoLongerResident(world, server, view);
  for (const to of [...recipients].sort()) send(world, server.name, to, event);
  return event;
}

function send(world: World, from: string, to: string, event: StateEvent): void {
  if (world.network.isLost(from, to)) {
    world.trace.record({ t: world.sim.now, type: 'dropped', what: 'event', from, to, cause: 'lost in transit' });
    return;
  }
  const delivery: StateDelivery = { from, to, event };
  world.sim.schedule(world.network.latency(from, to), EV_STATE_ARRIVES, delivery, PRIORITY_NORMAL);
}

/** A state event reaches its destination (or is queued at the sender when it cannot). */
export function handleStateArrives(world: World, delivery: StateDelivery): void {
  const { from, to, event } = delivery;
  const blocked = unreachableBecause(world, from, to);
  if (blocked !== null) {
    serverNamed(world, from).queue(to, event);
    world.trace.record({ t: world.sim.now, type: 'dropped', what: 'event', from, to, cause: `${blocked}; queued for retry` });
    return;
  }
  const receiver = serverNamed(world, to);
  const view = receiver.views.get(event.roomId);
  let applied = false;
  if (view) {
    applied = applyToView(view, event);
    if (applied) forgetIfNoLongerResident(world, receiver, view);
  } else if (event.body.type === 'm.room.member' && event.body.membership === 'invite' && receiver.users.has(event.stateKey)) {
    // Not resident: an invite for a local user is remembered for the invite handshake.
    let invites = receiver.pendingInvites.get(event.roomId);
    if (!invites) receiver.pendingInvites.set(event.roomId, (invites = new Map()));
    invites.set(event.stateKey, event.sender);
    applied = true;
  }
  world.trace.record({ t: world.sim.now, type: 'deliver', from, to, room: event.roomId, stamp: event.stamp, applied });
}

/** Sends every queued event whose destination can now be reached (after recover or heal). */
export function flushOutboxes(world: World): void {
  for (const name of [...world.servers.keys()].sort()) {
    const server = serverNamed(world, name);
    if (server.crashed) continue;
    for (const to of [...server.outbox.keys()].sort()) {
      if (unreachableBecause(world, name, to) !== null) continue;
      const events = server.outbox.get(to) ?? [];
      server.outbox.delete(to);
      for (const event of events) send(world, name, to, event);
    }
  }
}

function forgetIfNoLongerResident(world: World, server: ServerState, view: RoomView): void {
  if (view.isResident(server.name)) return;
  server.views.delete(view.roomId);
  world.trace.record({ t: world.sim.now, type: 'forget', server: server.name, room: view.roomId });
}
