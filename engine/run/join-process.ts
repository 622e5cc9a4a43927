/**
 * One `join` action as the joining server carries it out: the local-or-remote plan,
 * then make_join to each candidate in turn and send_join to the destinations the
 * profile names, each request with its timeout. Every request becomes an attempt in
 * the report, with the answer, the reason and what the joiner did with it.
 */
import { PRIORITY_LATE, PRIORITY_NORMAL } from '../kernel/event-queue';
import { invariant } from '../kernel/invariant';
import { roomVersion, type RoomVersionRules } from '../matrix/room-versions';
import type { ResidentAnswer } from '../federation/messages';
import type { ClientError, JoinPlan } from '../federation/profile';
import type { ServerState } from '../federation/server-state';
import type { AttemptReport, JoinReport, JoinStep } from '../report/types';
import type { JoinAction } from '../scenario/types';
import { emitStateEvent } from './state-propagation';
import { EV_ANSWER_ARRIVES, EV_REQUEST_ARRIVES, EV_REQUEST_TIMEOUT, serverNamed, unreachableBecause, type World } from './world';

export interface JoinProcess {
  readonly action: JoinAction;
  readonly joiner: ServerState;
  readonly report: JoinReport;
  candidates: string[];
  candidateIndex: number;
  sendJoinDestinations: string[];
  sendJoinIndex: number;
  authorisingUser: string | null;
  rules: RoomVersionRules | null;
  lastError: ClientError | null;
  done: boolean;
}

export interface FederationRequest {
  readonly id: number;
  readonly process: JoinProcess;
  readonly step: JoinStep;
  readonly from: string;
  readonly to: string;
  readonly attempt: AttemptReport;
  readonly timeoutMs: number;
  settled: boolean;
  /** Why no answer came, when one did not (for the attempt's reason). */
  cause: string | null;
  answer: ResidentAnswer | null;
}

const EMPTY = '';

/** Starts the join of `action` at the current time; returns its process (already finished if it was decided locally). */
export function startJoin(world: World, action: JoinAction): JoinProcess {
  const joiner = serverNamed(world, serverOfUser(action.user));
  const report: JoinReport = {
    id: action.id,
    user: action.user,
    room: action.room,
    at: world.sim.now,
    local: false,
    outcome: 'failed',
    status: 0,
    errcode: null,
    authorisedBy: null,
    resident: null,
    finishedAt: world.sim.now,
    attempts: [],
    joiner: joiner.name,
  };
  const process: JoinProcess = {
    action,
    joiner,
    report,
    candidates: [],
    candidateIndex: -1,
    sendJoinDestinations: [],
    sendJoinIndex: -1,
    authorisingUser: null,
    rules: null,
    lastError: null,
    done: false,
  };
  if (joiner.crashed) {
    report.local = true;
    finish(world, process, 'failed', { status: 0, errcode: null, message: `${joiner.name} is down, so ${action.user}'s join never started` });
    return process;
  }
  const plan: JoinPlan = joiner.profile.joiner.planJoin({ server: joiner, user: action.user, roomId: action.room, via: action.via });
  world.trace.record({
    t: world.sim.now,
    type: 'join-start',
    join: action.id,
    user: action.user,
    room: action.room,
    server: joiner.name,
    plan: plan.type,
    candidates: plan.type === 'remote' ? plan.candidates.join(',') : EMPTY,
  });
  switch (plan.type) {
    case 'already-joined':
      report.local = true;
      report.resident = joiner.name;
      finish(world, process, 'joined', { status: 200, errcode: null, message: plan.reason });
      break;
    case 'local': {
      const view = joiner.views.get(action.room);
      invariant(view, () => `local join plan for ${action.room} but ${joiner.name} has no view of it`);
      emitStateEvent(world, joiner, view, action.user, action.user, {
        type: 'm.room.member',
        membership: 'join',
        authorisingUser: plan.authorisingUser,
      });
      joiner.pendingInvites.get(action.room)?.delete(action.user);
      report.local = true;
      report.resident = joiner.name;
      report.authorisedBy = plan.authorisingUser;
      finish(world, process, 'joined', { status: 200, errcode: null, message: plan.reason });
      break;
    }
    case 'fail':
      report.local = true;
      finish(world, process, 'failed', { status: plan.status, errcode: plan.errcode, message: plan.message });
      break;
    case 'remote':
      process.candidates = plan.candidates;
      tryNextCandidate(world, process);
      break;
  }
  return process;
}

function serverOfUser(userId: string): string {
  return userId.slice(userId.indexOf(':') + 1);
}

function tryNextCandidate(world: World, process: JoinProcess): void {
  process.candidateIndex++;
  const next = process.candidates[process.candidateIndex];
  if (next === undefined) {
    finish(world, process, 'failed', process.joiner.profile.joiner.makeJoinExhausted(process.lastError));
    return;
  }
  sendRequest(world, process, 'make_join', next);
}

function sendRequest(world: World, process: JoinProcess, step: JoinStep, to: string): void {
  const from = process.joiner.name;
  const timers = process.joiner.profile.joiner.timers;
  const attempt: AttemptReport = { server: to, step, at: world.sim.now, status: 0, errcode: null, reason: EMPTY };
  process.report.attempts.push(attempt);
  const request: FederationRequest = {
    id: world.nextRequestId++,
    process,
    step,
    from,
    to,
    attempt,
    timeoutMs: step === 'make_join' ? timers.makeJoinTimeoutMs : timers.sendJoinTimeoutMs,
    settled: false,
    cause: null,
    answer: null,
  };
  world.trace.record({ t: world.sim.now, type: 'request', join: process.action.id, step, from, to, request: request.id });
  if (world.network.isLost(from, to)) {
    request.cause = 'the request was lost in transit';
    world.trace.record({ t: world.sim.now, type: 'dropped', what: 'request', from, to, cause: request.cause });
  } else {
    world.sim.schedule(world.network.latency(from, to), EV_REQUEST_ARRIVES, request, PRIORITY_NORMAL);
  }
  // An answer arriving in the same millisecond as the timeout still counts.
  world.sim.schedule(request.timeoutMs, EV_REQUEST_TIMEOUT, request, PRIORITY_LATE);
}

/** The request reaches the resident, which answers from its own view. */
export function handleRequestArrives(world: World, request: FederationRequest): void {
  const { from, to, step, process } = request;
  const blocked = unreachableBecause(world, from, to);
  if (blocked !== null) {
    request.cause = blocked;
    world.trace.record({ t: world.sim.now, type: 'dropped', what: 'request', from, to, cause: blocked });
    return;
  }
  const resident = serverNamed(world, to);
  const { user, room } = process.action;
  const answer =
    step === 'make_join'
      ? resident.profile.resident.makeJoin(resident, { origin: from, user, roomId: room, versions: process.joiner.roomVersions })
      : resident.profile.resident.sendJoin(resident, { origin: from, user, roomId: room, authorisingUser: process.authorisingUser });
  world.trace.record({
    t: world.sim.now,
    type: 'answer',
    join: process.action.id,
    step,
    server: to,
    status: answer.status,
    errcode: answer.errcode ?? EMPTY,
    check: answer.check,
    request: request.id,
  });
  if (step === 'send_join' && answer.status === 200) {
    // The resident accepts the join: it applies it, sends it on to the other
    // residents, and hands the joining server the room's state.
    const view = resident.views.get(room);
    invariant(view, () => `${to} accepted a send_join for ${room} without a view of it`);
    emitStateEvent(world, resident, view, user, user, { type: 'm.room.member', membership: 'join', authorisingUser: process.authorisingUser }, from);
    answer.state = view.clone();
  }
  if (world.network.isLost(to, from)) {
    request.cause = 'the answer was lost in transit';
    world.trace.record({ t: world.sim.now, type: 'dropped', what: 'answer', from: to, to: from, cause: request.cause });
    return;
  }
  request.answer = answer;
  world.sim.schedule(world.network.latency(to, from), EV_ANSWER_ARRIVES, request, PRIORITY_NORMAL);
}

/** The answer reaches the joining server (unless it already gave up waiting). */
export function handleAnswerArrives(world: World, request: FederationRequest): void {
  // Late: the joiner gave up at its timeout; the answer reaches nobody who waits.
  if (request.settled) return;
  const blocked = unreachableBecause(world, request.to, request.from);
  if (blocked !== null) {
    request.cause = blocked;
    world.trace.record({ t: world.sim.now, type: 'dropped', what: 'answer', from: request.to, to: request.from, cause: blocked });
    return;
  }
  settle(world, request, request.answer);
}

/** The joining server stops waiting. */
export function handleRequestTimeout(world: World, request: FederationRequest): boolean {
  if (request.settled) return false; // answered in time: this timer was cancelled
  settle(world, request, null);
  return true;
}

function settle(world: World, request: FederationRequest, answer: ResidentAnswer | null): void {
  request.settled = true;
  const { process, attempt, step } = request;
  if (process.done) return;
  const joinerProfile = process.joiner.profile.joiner;
  attempt.answeredAt = world.sim.now;
  if (answer) {
    attempt.status = answer.status;
    attempt.errcode = answer.errcode;
    attempt.reason = answer.reason;
    attempt.check = answer.check;
  } else {
    attempt.reason = `no answer within ${request.timeoutMs / 1000} s: ${request.cause ?? 'the request went unanswered'}`;
  }
  if (process.joiner.crashed) {
    attempt.decision = 'abort';
    finish(world, process, 'failed', { status: 0, errcode: null, message: `${process.joiner.name} went down during the join` });
    return;
  }
  const rules = step === 'send_join' ? (process.rules as RoomVersionRules) : null;
  const decision = step === 'make_join' ? joinerProfile.classifyMakeJoin(answer) : joinerProfile.classifySendJoin(answer, rules as RoomVersionRules);
  attempt.decision = decision;
  world.trace.record({
    t: world.sim.now,
    type: 'response',
    join: process.action.id,
    step,
    server: request.to,
    status: attempt.status,
    errcode: attempt.errcode ?? EMPTY,
    decision,
    request: request.id,
  });
  const error: ClientError | null = answer ? { status: answer.status, errcode: answer.errcode, message: answer.reason } : null;
  if (step === 'make_join') afterMakeJoin(world, process, request, answer, decision, error);
  else afterSendJoin(world, process, request, answer, decision, error);
}

function afterMakeJoin(
  world: World,
  process: JoinProcess,
  request: FederationRequest,
  answer: ResidentAnswer | null,
  decision: string,
  error: ClientError | null,
): void {
  if (decision === 'success' && answer) {
    process.authorisingUser = answer.authorisingUser ?? null;
    process.rules = roomVersion(answer.roomVersion ?? '1');
    process.sendJoinDestinations = process.joiner.profile.joiner.sendJoinDestinations(
      request.to,
      process.authorisingUser,
      process.candidates,
      process.rules,
    );
    process.sendJoinIndex = 0;
    sendRequest(world, process, 'send_join', process.sendJoinDestinations[0] as string);
  } else if (decision === 'next') {
    if (error) process.lastError = error;
    tryNextCandidate(world, process);
  } else {
    finish(world, process, 'failed', error ?? { status: 0, errcode: null, message: 'no answer' });
  }
}

function afterSendJoin(
  world: World,
  process: JoinProcess,
  request: FederationRequest,
  answer: ResidentAnswer | null,
  decision: string,
  error: ClientError | null,
): void {
  if (decision === 'success' && answer) {
    const joiner = process.joiner;
    if (answer.state) joiner.views.set(process.action.room, answer.state);
    joiner.pendingInvites.get(process.action.room)?.delete(process.action.user);
    process.report.resident = request.to;
    process.report.authorisedBy = process.authorisingUser;
    finish(world, process, 'joined', { status: 200, errcode: null, message: answer.reason });
  } else if (decision === 'next') {
    if (error) process.lastError = error;
    process.sendJoinIndex++;
    const next = process.sendJoinDestinations[process.sendJoinIndex];
    if (next === undefined) finish(world, process, 'failed', process.joiner.profile.joiner.sendJoinExhausted(process.lastError));
    else sendRequest(world, process, 'send_join', next);
  } else {
    finish(world, process, 'failed', error ?? { status: 0, errcode: null, message: 'no answer' });
  }
}

function finish(world: World, process: JoinProcess, outcome: 'joined' | 'failed', result: ClientError): void {
  process.done = true;
  const report = process.report;
  report.outcome = outcome;
  report.status = result.status;
  report.errcode = result.errcode;
  report.message = result.message;
  report.finishedAt = world.sim.now;
  if (outcome === 'failed') {
    report.resident = null;
    report.authorisedBy = null;
  }
  world.trace.record({
    t: world.sim.now,
    type: 'join-end',
    join: process.action.id,
    outcome,
    status: result.status,
    errcode: result.errcode ?? EMPTY,
    resident: report.resident ?? EMPTY,
  });
}

/** Ends a join still under way when the run stops (`until`). */
export function abandonJoin(world: World, process: JoinProcess): void {
  if (process.done) return;
  finish(world, process, 'failed', { status: 0, errcode: null, message: `still under way when the run stopped at ${world.sim.now} ms` });
}
