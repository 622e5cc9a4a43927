/**
 * One observed run: the simulation as `fedsim run` does it, with each server's
 * profile wrapped so that every make_join/send_join answer and every join plan
 * comes with a snapshot of what that server knew at that moment. The wrappers
 * only read; the run (and its fingerprint) is the same as an unobserved one.
 */
import type { ImplementationProfile } from '../federation/profile';
import type { ServerState } from '../federation/server-state';
import type { RunReport } from '../report/types';
import { runScenario } from '../run/run-scenario';
import type { TraceEvent } from '../run/trace';
import type { Scenario } from '../scenario/types';
import { MembershipClock, snapshotKnowledge } from './knowledge';
import type { ServerKnowledge } from './types';

export interface ObservedRun {
  report: RunReport;
  clock: MembershipClock;
  /** Per join: knowledge of the answering server by `${server}|${step}|${sentAt}`. */
  attempts: Map<string, Map<string, ServerKnowledge>>;
  /** Per join: what the joining server knew when it planned the join, and its plan. */
  plans: Map<string, { knew: ServerKnowledge; plan: string; candidates: string }>;
}

export function observeRun(scenario: Scenario, seed?: string): ObservedRun {
  const clock = new MembershipClock();
  const attempts = new Map<string, Map<string, ServerKnowledge>>();
  const plans = new Map<string, { knew: ServerKnowledge; plan: string; candidates: string }>();
  const sentAt = new Map<number, number>();
  let now = 0;
  // The snapshot taken inside the wrapped call waits for the trace record that names its join and request.
  let pendingAnswer: ServerKnowledge | null = null;
  let pendingPlan: ServerKnowledge | null = null;
  const joinRooms = new Map<string, string>();

  const onTrace = (event: TraceEvent): void => {
    now = event.t;
    clock.observe(event);
    switch (event.type) {
      case 'request':
        sentAt.set(event.request, event.t);
        break;
      case 'answer': {
        if (pendingAnswer && pendingAnswer.server === event.server) {
          const perJoin = attempts.get(event.join) ?? new Map<string, ServerKnowledge>();
          attempts.set(event.join, perJoin);
          perJoin.set(`${event.server}|${event.step}|${sentAt.get(event.request) ?? event.t}`, { ...pendingAnswer, at: event.t });
        }
        pendingAnswer = null;
        break;
      }
      case 'join-start':
        joinRooms.set(event.join, event.room);
        if (pendingPlan) plans.set(event.join, { knew: { ...pendingPlan, at: event.t }, plan: event.plan, candidates: event.candidates });
        pendingPlan = null;
        break;
      case 'response':
        if (event.step === 'send_join' && event.decision === 'success') {
          const room = joinRooms.get(event.join);
          const joiner = plans.get(event.join)?.knew.server;
          if (room && joiner) clock.gotRoomState(joiner, room, event.t);
        }
        break;
      default:
        break;
    }
  };

  const wrapProfile = (profile: ImplementationProfile): ImplementationProfile => {
    const snap = (server: ServerState, roomId: string, user: string): ServerKnowledge => snapshotKnowledge(server, roomId, user, now, clock);
    return {
      ...profile,
      resident: {
        ...profile.resident,
        makeJoin(server, request) {
          pendingAnswer = snap(server, request.roomId, request.user);
          return profile.resident.makeJoin(server, request);
        },
        sendJoin(server, request) {
          pendingAnswer = snap(server, request.roomId, request.user);
          return profile.resident.sendJoin(server, request);
        },
      },
      joiner: {
        ...profile.joiner,
        planJoin(context) {
          pendingPlan = snap(context.server, context.roomId, context.user);
          return profile.joiner.planJoin(context);
        },
      },
    };
  };

  const { report } = runScenario(scenario, { ...(seed !== undefined ? { seed } : {}), onTrace, wrapProfile, lint: [] });
  return { report, clock, attempts, plans };
}
