/**
 * Starting a `join` action (the profile's local-or-remote plan, then the request
 * loop) and ending joins the run leaves unfinished (`until`).
 */
import { invariant } from '../kernel/invariant';
import { consumeJoinRate } from '../federation/join-rate-limit';
import type { JoinPlan } from '../federation/profile';
import type { JoinAction } from '../scenario/types';
import { emitStateEvent } from './state-propagation';
import type { World } from './world';
import { createJoinProcess, EMPTY, finish, serverOfUser, type JoinProcess } from './join-process';
import { tryNextCandidate } from './join-requests';

/** Starts the join of `action` at the current time; returns its process (already finished if it was decided locally). */
export function startJoin(world: World, action: JoinAction): JoinProcess {
  const process = createJoinProcess(world, action);
  const { joiner, report } = process;
  if (joiner.crashed) {
    report.local = true;
    finish(world, process, 'failed', { status: 0, errcode: null, message: `${joiner.name} is down, so ${action.user}'s join never started` });
    return process;
  }
  const plan: JoinPlan = joiner.profile.joiner.planJoin({
    server: joiner,
    user: action.user,
    roomId: action.room,
    via: action.via,
    // Named per join, so one join's shuffle never shifts another's.
    random: () => world.streams.stream(`joiner:${joiner.name}:${action.id}`),
  });
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
      // Local joins share the per-room join rate limiter (Synapse rc_joins_per_room).
      consumeJoinRate(joiner, action.room, world.sim.now, joiner.profile.settings);
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

/** Ends a join still under way when the run stops (`until`). */
export function abandonJoin(world: World, process: JoinProcess, stoppedAt: number): void {
  if (process.done) return;
  for (const attempt of process.report.attempts) {
    if (attempt.decision === undefined) attempt.reason = `no answer yet when the run stopped at ${stoppedAt} ms (until)`;
  }
  finish(world, process, 'failed', { status: 0, errcode: null, message: `still under way when the run stopped at ${stoppedAt} ms (until)` }, stoppedAt);
}

/** A join whose time came after `until`: it is in the report (one entry per join action), but never started. */
export function unstartedJoin(world: World, action: JoinAction, stoppedAt: number): JoinProcess {
  const process = createJoinProcess(world, action);
  process.report.local = true;
  finish(world, process, 'failed', { status: 0, errcode: null, message: `never started: the run stopped at ${stoppedAt} ms (until), before ${action.at} ms` }, Math.max(stoppedAt, world.sim.now));
  process.report.finishedAt = action.at;
  return process;
}
