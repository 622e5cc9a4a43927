/**
 * How state changes spread (contract "Timeline"): a server applies an event to its
 * own view, then sends it to every other server it believes resident (and, for a
 * membership, the target's server), each after that link's latency or lost with the
 * link's loss probability. A destination that is down or partitioned away when the
 * event arrives gets it later from the sender's outgoing queue, as a homeserver's
 * transaction queue retries. Receivers apply what they get; a server whose last
 * joined user leaves forgets the room. A resident that let a server in through
 * send_join passes on to it every event it applies that the sender did not send
 * there (what a new member gets by fetching missing events), so views converge
 * even when someone joined while an event was on its way. A crashed server neither
 * applies nor sends anything: what reaches it waits in the sender's queue.
 */
import { PRIORITY_NORMAL } from '../kernel/event-queue';
import { isUserOfServer } from '../matrix/ids';
import type { RoomView } from '../matrix/room-view';
import type { StateEvent, StateEventContent } from '../federation/messages';
import type { ServerState } from '../federation/server-state';
import { clearBackoff } from '../federation/backoff';
import { LOST } from '../federation/network';
import { DeliveriesByDelay } from './deliveries-by-delay';
import { EV_STATE_ARRIVES, serverNamed, unreachableBecause, type World } from './world';
import { KnownServers, RESIDENCY_CHANGED, VIEW_NEEDED } from '../store/index';
import { recipientsOf } from './recipients';
import { SLOT_INTS, SLOT_NAME_WORD, SLOT_NET_INDEX, SLOT_ROW, type RoomCopies } from './room-copies';
import type { StateDelivery } from './state-delivery';
import { copiesOf, dropView } from './held-views';
import { AdmittedServers } from './admitted-servers';

export type { StateDelivery } from './state-delivery';

/** Applies `event` to `view`; true when it changed the view (it was newer than what the view held). */
export function applyToView(view: RoomView, event: StateEvent): boolean {
  const body = event.body;
  switch (body.type) {
    case 'm.room.member':
      return event.logged !== null ? view.applyLoggedMember(event.logged) : view.setMembership(event.stateKey, body.membership, event.stamp);
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
  const stamp = world.nextStamp++;
  const logged = body.type === 'm.room.member' ? view.logMember(stateKey, body.membership, stamp) : null;
  const event: StateEvent = { stamp, roomId: view.roomId, sender, stateKey, body, logged };
  // A joining server that already holds the room (another of its users is in it)
  // is sent the event as well: if the send_join answer is lost, its view must
  // still learn of the join.
  const leftOut = except !== null && !view.isResident(except) ? except : null;
  applyToView(view, event);
  const { name, value } = describe(body);
  world.trace.record({ t: world.sim.now, type: 'state', server: server.name, room: view.roomId, event: name, stateKey, value, stamp: event.stamp });
  // Dropping the sender's view (it left) keeps the view's row, which the recipients are read from.
  forgetIfNoLongerResident(world, server, view);
  const copies = copiesOf(world, view.roomId);
  // Filled here, right before send reads it: nothing in between (a trace listener, say) can emit meanwhile.
  const slots = TARGET_SLOTS;
  slots.length = 0;
  // A member event's user (and so its server) has a column in the log since logMember.
  const targets = recipientsOf(view, logged !== null ? logged.log.serverOf(logged.index) : -1, server.name, leftOut, copies, world.servers, slots);
  // Two names in order by hand: Array.prototype.sort allocates work space even for two.
  const senders = except === null || except === server.name ? [server.name] : except < server.name ? [except, server.name] : [server.name, except];
  const known = new KnownServers(new KnownServers(null, senders), targets);
  send(world, server, slots, event, known, copies);
  return event;
}

/** The recipients' slots of the event being emitted (one array for every emit: send reads it and keeps none of it). */
const TARGET_SLOTS: number[] = [];

/**
 * Sends `event` from `sender` to the servers of `targets` (slots of `copies`) in
 * order: each copy is lost or arrives after its link's latency. Copies due at the
 * same instant travel as one StateDelivery, scheduled when its first copy is sent.
 */
function send(world: World, sender: ServerState, targets: readonly number[], event: StateEvent, known: KnownServers, copies: RoomCopies): void {
  const network = world.network;
  const from = sender.name;
  if (network.uniformLatency !== null) {
    // Every copy takes the same time: one delivery for them all.
    if (targets.length === 0) return;
    const more = targets.length > 1 ? targets.slice(1) : null;
    world.sim.schedule(network.uniformLatency, EV_STATE_ARRIVES, newDelivery(world, sender, event, known, copies, targets[0] as number, more), PRIORITY_NORMAL);
    return;
  }
  // On a random network each copy draws on its link, found by the servers'
  // numbers: the sender's looked up once, each receiver's kept in its slot. Copies
  // that draw the same latency travel as one delivery, scheduled when the first of
  // them is sent (DELAYS finds it).
  const fromIndex = sender.networkIndex;
  DELAYS.begin();
  for (let i = 0; i < targets.length; i++) {
    const slot = targets[i] as number;
    const delay = network.transitIndexed(fromIndex, copies.slotInts[slot * SLOT_INTS + SLOT_NET_INDEX] as number);
    if (delay === LOST) {
      world.trace.record({ t: world.sim.now, type: 'dropped', what: 'event', from, to: copies.names[slot] as string, cause: 'lost in transit' });
      continue;
    }
    const delivery = DELAYS.find(delay);
    if (delivery !== null) {
      if (delivery.more === null) delivery.more = [slot];
      else delivery.more.push(slot);
    } else {
      const fresh = newDelivery(world, sender, event, known, copies, slot, null);
      DELAYS.remember(delay, fresh);
      world.sim.schedule(delay, EV_STATE_ARRIVES, fresh, PRIORITY_NORMAL);
    }
  }
  DELAYS.end();
}

/** The deliveries of the fan-out under way, by latency (one table for every send: no Map per send). */
const DELAYS = new DeliveriesByDelay<StateDelivery>();

/** A delivery with these fields: a spare one reused (world.spareDeliveries), or a new one. */
function newDelivery(world: World, sender: ServerState, event: StateEvent, known: KnownServers, copies: RoomCopies, slot: number, more: number[] | null): StateDelivery {
  const spare = world.spareDeliveries.pop();
  if (spare === undefined) return { sender, event, known, copies, slot, more };
  spare.sender = sender;
  spare.event = event;
  spare.known = known;
  spare.copies = copies;
  spare.slot = slot;
  spare.more = more;
  return spare;
}

/** A batch of copies of a state event reaches its receivers; returns how many (each counts as an event). */
export function handleStateArrives(world: World, delivery: StateDelivery): number {
  deliverOne(world, delivery, delivery.slot);
  const more = delivery.more;
  let copies = 1;
  if (more !== null) {
    for (let i = 0; i < more.length; i++) deliverOne(world, delivery, more[i] as number);
    copies += more.length;
    delivery.more = null;
  }
  // Nothing keeps a delivery once it is handled (a queued copy keeps its event, not the delivery).
  world.spareDeliveries.push(delivery);
  return copies;
}

/** One copy reaches its receiver (or is queued at the sender when it cannot). */
function deliverOne(world: World, delivery: StateDelivery, slot: number): void {
  const { sender, event, copies } = delivery;
  const from = sender.name;
  // The receiver's record, and even its name, are read only when needed: in a big
  // run most deliveries need only the slot's numbers, and each read of another
  // place in memory is a likely cache miss.
  if (world.serversDown > 0 || world.network.partitioned) {
    const to = copies.names[slot] as string;
    const blocked = unreachableBecause(world, from, to);
    if (blocked !== null) {
      sender.queue(to, event, delivery.known);
      world.trace.record({ t: world.sim.now, type: 'dropped', what: 'event', from, to, cause: `${blocked}; queued for retry` });
      return;
    }
  }
  // A transaction is a signed inbound request: the receiver stops backing off from the sender (§3.5).
  if (world.backoffsRecorded) clearBackoff(copies.holders[slot] as ServerState, from);
  const at = slot * SLOT_INTS;
  const row = copies.slotInts[at + SLOT_ROW] as number;
  const logged = event.logged;
  let applied = false;
  // A member event for a view with nothing cached to drop is applied to the
  // receiver's row of the room's shared arrays without reading the view object
  // (most of a big run's deliveries).
  const outcome = row >= 0 && logged !== null && logged.log === copies.log ? logged.log.applyWithoutView(row, logged.index) : VIEW_NEEDED;
  if (outcome !== VIEW_NEEDED) {
    applied = outcome !== 0;
    if (applied) afterApplied(world, delivery, slot, (outcome & RESIDENCY_CHANGED) !== 0);
  } else if (row >= 0) {
    const view = copies.views[slot] as RoomView;
    const residency = view.residencyVersion;
    applied = applyToView(view, event);
    if (applied) afterApplied(world, delivery, slot, view.residencyVersion !== residency);
  } else {
    applied = keepForLater(copies.holders[slot] as ServerState, event);
  }
  const trace = world.trace;
  if (trace.listening) trace.record({ t: world.sim.now, type: 'deliver', from, to: copies.names[slot] as string, room: event.roomId, stamp: event.stamp, applied });
  else trace.recordDeliver(world.sim.now, sender.nameWord, copies.slotInts[at + SLOT_NAME_WORD] as number, copies.roomWord, event.stamp, applied);
}

/** What follows an applied delivery: forwarding to servers the receiver let in, and forgetting the room if it left. */
function afterApplied(world: World, delivery: StateDelivery, slot: number, residencyChanged: boolean): void {
  const copies = delivery.copies;
  if (copies.admitted[slot] !== null) forwardToUnreached(world, delivery, slot);
  // A view is only held while resident, so only a change of residency can end
  // that, and only of the receiver itself: an event about one of its users.
  if (residencyChanged && isUserOfServer(delivery.event.stateKey, copies.names[slot] as string)) forgetIfNoLongerResident(world, copies.holders[slot] as ServerState, copies.views[slot] as RoomView);
}

/**
 * An event for a room the receiver holds no view of: kept while its send_join is
 * under way, or remembered when it invites a local user; true when kept.
 */
function keepForLater(receiver: ServerState, event: StateEvent): boolean {
  if (receiver.joining.has(event.roomId)) {
    // Its send_join is under way: keep the event until the room's state arrives.
    let held = receiver.heldForJoin.get(event.roomId);
    if (!held) receiver.heldForJoin.set(event.roomId, (held = []));
    held.push(event);
    return true;
  }
  if (event.body.type === 'm.room.member' && event.body.membership === 'invite' && receiver.users.has(event.stateKey)) {
    // Not resident: an invite for a local user is remembered for the invite handshake.
    let invites = receiver.pendingInvites.get(event.roomId);
    if (!invites) receiver.pendingInvites.set(event.roomId, (invites = new Map()));
    invites.set(event.stateKey, event.sender);
    return true;
  }
  return false;
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
      for (const { event, known } of events) {
        const copies = copiesOf(world, event.roomId);
        send(world, server, [copies.slotNamed(world.servers, to)], event, known, copies);
      }
    }
  }
}

/**
 * Passes an event on to the servers the receiver let in that may lack it: those
 * the chain of senders did not reach, and, for an event older than their join,
 * all of them (a server that left and came back may have been sent it while it
 * held no view). Only admitted servers can miss events this way, which keeps the
 * cost O(admitted).
 */
function forwardToUnreached(world: World, delivery: StateDelivery, slot: number): void {
  const { event, known, copies } = delivery;
  const admitted = copies.admitted[slot];
  if (!admitted) return;
  const view = copies.views[slot] as RoomView;
  // Made only when needed: this runs for most deliveries to a server that let others in.
  let missing: string[] | null = null;
  const servers = admitted.servers;
  const from = delivery.sender.name;
  for (let i = 0; i < servers.length; i++) {
    const server = servers[i] as string;
    if (server === from) continue;
    if ((event.stamp < (admitted.joinStamps[i] as number) || !known.has(server)) && view.isResident(server)) (missing ??= []).push(server);
  }
  if (missing === null) return;
  missing.sort();
  const receiver = copies.holders[slot] as ServerState;
  const onward = new KnownServers(known, [receiver.name, ...missing].sort());
  send(world, receiver, missing.map((name) => copies.slotNamed(world.servers, name)), event, onward, copies);
}

/** Records that `server` let `joiner` into `roomId` through send_join with the join event stamped `stamp`. */
export function recordAdmitted(world: World, server: ServerState, roomId: string, joiner: string, stamp: number): void {
  const copies = copiesOf(world, roomId);
  const slot = copies.slotOf(server);
  (copies.admitted[slot] ??= new AdmittedServers()).record(joiner, stamp);
}

/** Marks a send_join of `server` for `roomId` as under way (+1) or over (-1); events for the room are held meanwhile. */
export function markJoining(server: ServerState, roomId: string, delta: 1 | -1): void {
  const count = (server.joining.get(roomId) ?? 0) + delta;
  if (count > 0) server.joining.set(roomId, count);
  else {
    server.joining.delete(roomId);
    server.heldForJoin.delete(roomId);
  }
}

/** The joining server got the room's state: applies what arrived for the room in the meantime. */
export function applyHeldEvents(world: World, server: ServerState, roomId: string): void {
  const held = server.heldForJoin.get(roomId);
  const view = server.views.get(roomId);
  server.heldForJoin.delete(roomId);
  if (!held || !view) return;
  for (const event of held) applyToView(view, event);
  forgetIfNoLongerResident(world, server, view);
}

function forgetIfNoLongerResident(world: World, server: ServerState, view: RoomView): void {
  if (view.isResident(server.name)) return;
  // What it let others into is forgotten with the room (dropView).
  dropView(world, server, view.roomId);
  server.leftRooms.add(view.roomId);
  world.trace.record({ t: world.sim.now, type: 'forget', server: server.name, room: view.roomId });
}
