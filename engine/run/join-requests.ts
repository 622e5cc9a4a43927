/**
 * A federation request's life in the run (reference §3.2-§3.5): it reaches the
 * resident, which answers from its own view (and, accepting a send_join, sends
 * the join on and hands over the room's state); the answer travels back; the
 * joining server's machine is stepped with the answer, or with the timeout when
 * none came in time, and with the end of a send_join retry's delay.
 */
import { PRIORITY_NORMAL } from '../kernel/event-queue';
import { invariant } from '../kernel/invariant';
import { clearBackoff } from '../federation/backoff';
import type { ResidentAnswer } from '../federation/messages';
import { LOST } from '../federation/network';
import { templateStateOf } from '../federation/template-state';
import { advance } from './join-effects';
import type { JoinInput } from '../federation/join-machine/index';
import type { FederationRequest, JoinProcess } from './join-records';
import { emitStateEvent, recordAdmitted } from './state-propagation';
import { EV_ANSWER_ARRIVES, profileOf, serverNamed, unreachableBecause, type World } from './world';

/** A send_join short retry's delay is over. */
export function handleJoinRetry(world: World, join: JoinProcess): void {
  advance(world, join, BACKOFF_OVER);
}

/** The request reaches the resident, which answers from its own view. */
export function handleRequestArrives(world: World, request: FederationRequest): void {
  const { from, to, step, join } = request;
  const blocked = unreachableBecause(world, from, to);
  if (blocked !== null) {
    request.cause = blocked;
    world.trace.record({ t: world.sim.now, type: 'dropped', what: 'request', from, to, cause: blocked });
    return;
  }
  const resident = serverNamed(world, to);
  // A signed inbound request shows the origin is up: the resident stops backing off from it (§3.5).
  clearBackoff(resident, from);
  const { user, room } = join.action;
  const now = world.sim.now;
  const authorisingUser = join.state.authorisingUser;
  const residentProfile = profileOf(world, resident).resident;
  const answer: ResidentAnswer =
    step === 'make_join'
      ? residentProfile.makeJoin(resident, { origin: from, user, roomId: room, versions: join.joiner.roomVersions, now })
      : residentProfile.sendJoin(resident, { origin: from, user, roomId: room, authorisingUser, templateState: join.state.templateState, now });
  world.trace.record({
    t: world.sim.now,
    type: 'answer',
    join: join.action.id,
    step,
    server: to,
    status: answer.status,
    errcode: answer.errcode ?? '',
    check: answer.check,
    request: request.id,
  });
  if (step === 'make_join' && answer.status === 200) {
    // The state the template is built on: send_join checks the join event against it (its prev_events).
    const view = resident.views.get(room);
    if (view) answer.templateState = templateStateOf(view, user, answer.authorisingUser ?? null);
  }
  if (step === 'send_join' && answer.status === 200) {
    const view = resident.views.get(room);
    if (view === undefined) invariant(false, `${to} accepted a send_join for ${room} without a view of it`);
    if (answer.softFailed) {
      // Soft-failed: persisted but not in the resident's current state, and not
      // passed on. The event exists (the joining server gets it back signed and
      // applies it to the state it is handed); nobody else ever receives it.
      const stamp = world.nextStamp++;
      const logged = view.logMember(user, 'join', stamp);
      answer.ownJoin = { stamp, roomId: room, sender: user, stateKey: user, body: { type: 'm.room.member', membership: 'join', authorisingUser }, logged };
      answer.state = view.clone();
    } else {
      // The resident accepts the join: it applies it, sends it on to the other
      // residents, and hands the joining server the room's state.
      const joinEvent = emitStateEvent(world, resident, view, user, user, { type: 'm.room.member', membership: 'join', authorisingUser }, from);
      answer.state = view.clone();
      recordAdmitted(world, resident, room, from, joinEvent.stamp);
    }
  }
  const delay = world.network.transit(to, from);
  if (delay === LOST) {
    request.cause = 'the answer was lost in transit';
    world.trace.record({ t: world.sim.now, type: 'dropped', what: 'answer', from: to, to: from, cause: request.cause });
    return;
  }
  request.answer = answer;
  world.sim.schedule(delay, EV_ANSWER_ARRIVES, request, PRIORITY_NORMAL);
}

/** The answer reaches the joining server (unless it already gave up waiting). */
export function handleAnswerArrives(world: World, request: FederationRequest): void {
  // Late: the joiner gave up at its timeout; the answer reaches nobody who waits.
  if (!world.awaiting.has(request.id)) return;
  const blocked = unreachableBecause(world, request.to, request.from);
  if (blocked !== null) {
    request.cause = blocked;
    world.trace.record({ t: world.sim.now, type: 'dropped', what: 'answer', from: request.to, to: request.from, cause: blocked });
    return;
  }
  // Settled: the joiner waits no more (the timer finds it gone).
  world.awaiting.delete(request.id);
  const answer = request.answer as ResidentAnswer;
  advance(world, request.join, { type: 'answer arrived', request: request.id, step: request.step, server: request.to, answer }, request);
}

/** The joining server stops waiting for request `id`; false when it was answered in time (this timer was cancelled). */
export function handleRequestTimeout(world: World, id: number): boolean {
  const request = world.awaiting.get(id);
  if (request === undefined) return false;
  world.awaiting.delete(request.id);
  advance(world, request.join, { type: 'timed out', request: request.id, step: request.step, server: request.to, timeoutMs: request.timeoutMs, cause: request.cause }, request);
  return true;
}

/** The one input without fields a retry timer feeds (the machine reads inputs and keeps none). */
const BACKOFF_OVER: JoinInput = Object.freeze({ type: 'backoff over' });
