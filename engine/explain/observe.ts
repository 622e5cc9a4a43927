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
import type { ServerKnowledge } from '../report/explanation';

export interface ObservedRun {
  report: RunReport;
  clock: MembershipClock;
  /** Per join: knowledge of the answering server by `${server}|${step}|${sentAt}`. */
  attempts: Map<string, Map<string, ServerKnowledge>>;
  /** Per join: what the joining server knew when it planned the join, and its plan. */
  plans: Map<string, { knew: ServerKnowledge; plan: string; candidates: string }>;
}

/** The joins to take snapshots for, and their users (whose memberships the clock follows). */
export interface ObservationFocus {
  joins: ReadonlySet<string>;
  users: ReadonlySet<string>;
}

/**
 * `focus`: observe only these joins (default: every join). Snapshots and clock
 * entries cost memory per answer and per applied member event, which a
 * million-join run cannot afford for all of them.
 */
export function observeRun(
  scenario: Scenario,
  seed?: string,
  focus: ObservationFocus | null = null,
  onProgress?: (events: number, simTime: number) => void,
): ObservedRun {
  const clock = new MembershipClock(focus?.users ?? null);
  const watched = (join: string): boolean => focus === null || focus.joins.has(join);
  const watchedUser = (user: string): boolean => focus === null || focus.users.has(user);
  const attempts = new Map<string, Map<string, ServerKnowledge>>();
  const plans = new Map<string, { knew: ServerKnowledge; plan: string; candidates: string }>();
  const sentAt = new Map<number, number>();
  let now = 0;
  // The snapshot taken inside the wrapped call waits for the trace record that names its join and request.
  let pendingAnswer: ServerKnowledge | null = null;
  let pendingPlan: ServerKnowledge | null = null;
  const joinPlaces = new Map<string, { room: string; joiner: string }>();

  const onTrace = (event: TraceEvent): void => {
    now = event.t;
    clock.observe(event);
    switch (event.type) {
      case 'request':
        if (watched(event.join)) sentAt.set(event.request, event.t);
        break;
      case 'answer': {
        if (pendingAnswer && pendingAnswer.server === event.server && watched(event.join)) {
          const perJoin = attempts.get(event.join) ?? new Map<string, ServerKnowledge>();
          attempts.set(event.join, perJoin);
          perJoin.set(`${event.server}|${event.step}|${sentAt.get(event.request) ?? event.t}`, { ...pendingAnswer, at: event.t });
        }
        pendingAnswer = null;
        break;
      }
      case 'join-start':
        // Every join's: when any joiner gets a room's state counts for what it later knows of a watched user.
        joinPlaces.set(event.join, { room: event.room, joiner: event.server });
        if (pendingPlan && watched(event.join)) plans.set(event.join, { knew: { ...pendingPlan, at: event.t }, plan: event.plan, candidates: event.candidates });
        pendingPlan = null;
        break;
      case 'join-end':
        joinPlaces.delete(event.join);
        break;
      case 'response':
        if (event.step === 'send_join' && event.decision === 'success') {
          const place = joinPlaces.get(event.join);
          if (place) clock.gotRoomState(place.joiner, place.room, event.t);
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
        // Requests carry the user, not the join: a user of a watched join is snapshotted, and kept if the answer names a watched join.
        makeJoin(server, request) {
          pendingAnswer = watchedUser(request.user) ? snap(server, request.roomId, request.user) : null;
          return profile.resident.makeJoin(server, request);
        },
        sendJoin(server, request) {
          pendingAnswer = watchedUser(request.user) ? snap(server, request.roomId, request.user) : null;
          return profile.resident.sendJoin(server, request);
        },
      },
      joiner: {
        ...profile.joiner,
        planJoin(context) {
          pendingPlan = watchedUser(context.user) ? snap(context.server, context.roomId, context.user) : null;
          return profile.joiner.planJoin(context);
        },
      },
    };
  };

  const { report } = runScenario(scenario, { ...(seed !== undefined ? { seed } : {}), ...(onProgress ? { onProgress } : {}), onTrace, wrapProfile, lint: [] });
  return { report, clock, attempts, plans };
}
