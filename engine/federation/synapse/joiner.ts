/**
 * Synapse as the joining server (reference §3.1-§3.6): how it decides between a
 * local and a remote join, which residents it asks and in what order, and which
 * answers make it try the next one rather than give up. The same code serves
 * Synapse before v1.78 (`synapse-1.77`) through two settings, and the `spec`
 * profile, since the spec says nothing of joiner failover beyond what Synapse does.
 */
import {
  M_NOT_FOUND,
  M_UNABLE_TO_AUTHORISE_JOIN,
  M_UNABLE_TO_GRANT_JOIN,
  M_UNKNOWN,
} from '../../matrix/errcodes';
import { authorisersOn } from '../../matrix/auth-rules';
import { serverOf } from '../../matrix/ids';
import type { RoomVersionRules } from '../../matrix/room-versions';
import { isTransportFailure } from '../answers';
import { synapseCandidates } from '../candidates';
import { planResidentJoin } from '../local-plan';
import type { ResidentAnswer } from '../messages';
import type { ClientError, JoinPlan, JoinRequestContext, JoinerDecision, JoinerProfile } from '../profile';
import type { ProfileSettings } from '../settings';

export { isTransportFailure } from '../answers';

export const NO_SERVERS_MESSAGE = "Can't join remote room because no servers that are in the room have been provided.";

/** Errcodes after which a Synapse joiner tries the next resident (reference §3.2, since v1.78). */
export const SYNAPSE_MAKE_JOIN_FAILOVER = new Set([M_NOT_FOUND, M_UNABLE_TO_AUTHORISE_JOIN, M_UNABLE_TO_GRANT_JOIN]);

/** Synapse's local-or-remote decision (reference §3.1 item 3; contract `join` action). */
export function planSynapseJoin(context: JoinRequestContext, settings: ProfileSettings): JoinPlan {
  const { server, user, roomId, via } = context;
  const resident = planResidentJoin(context, {
    noLocalAuthoriser(view) {
      // Resident, but nobody here may invite: go through the residents that have
      // such a user, in server-name order, and ignore the client's via (§3.1 item 3).
      const candidates = view.residentServers().filter((s) => s !== server.name && authorisersOn(view, s).length > 0);
      if (candidates.length === 0) return { type: 'fail', status: 404, errcode: M_UNKNOWN, message: NO_SERVERS_MESSAGE };
      return { type: 'remote', candidates, reason: `${server.name} is resident but has nobody who may invite, so it asks the residents that do (via ignored)` };
    },
  });
  if (resident) return resident;
  const candidates = synapseCandidates(server, roomId, user, via, settings.dedupeCandidates);
  if (candidates.length === 0) return { type: 'fail', status: 404, errcode: M_UNKNOWN, message: NO_SERVERS_MESSAGE };
  return { type: 'remote', candidates, reason: `${server.name} is not in ${roomId}; it asks ${candidates.join(', ')} in order` };
}

/**
 * Synapse's make_join classification (§3.2). Since v1.78 any 4xx with a failover
 * code moves on; before it, the code had to come with exactly HTTP 400 and
 * M_NOT_FOUND was fatal (settings `unableCodesNeedExactly400`,
 * `makeJoinFailoverOnNotFound`).
 */
export function classifySynapseMakeJoin(a: ResidentAnswer | null, settings: ProfileSettings): JoinerDecision {
  if (isTransportFailure(a) || a === null) return 'next';
  if (a.status === 200) return 'success';
  const is4xx = a.status >= 400 && a.status < 500;
  if (is4xx && a.errcode === M_NOT_FOUND) return settings.makeJoinFailoverOnNotFound ? 'next' : 'abort';
  if (is4xx && (a.errcode === M_UNABLE_TO_AUTHORISE_JOIN || a.errcode === M_UNABLE_TO_GRANT_JOIN)) {
    return !settings.unableCodesNeedExactly400 || a.status === 400 ? 'next' : 'abort';
  }
  // Any other 4xx (403, M_INCOMPATIBLE_ROOM_VERSION, M_UNRECOGNIZED, ...) ends the whole join.
  return 'abort';
}

/** With an authoriser, send_join can only go to its server; otherwise [origin, rest...] (§3.3). */
export function synapseSendJoinDestinations(
  makeJoinServer: string,
  authorisingUser: string | null,
  candidates: readonly string[],
  rules: RoomVersionRules,
): string[] {
  if (authorisingUser !== null && rules.restrictedJoinRule) return [serverOf(authorisingUser)];
  return [makeJoinServer, ...candidates.filter((c) => c !== makeJoinServer)];
}

export function classifySynapseSendJoin(a: ResidentAnswer | null, rules: RoomVersionRules): JoinerDecision {
  if (isTransportFailure(a) || a === null) return 'next';
  if (a.status === 200) return 'success';
  // M_NOT_FOUND is not a send_join failover code; the UNABLE_* pair is, in v8+ rooms.
  if (rules.restrictedJoinRule && (a.errcode === M_UNABLE_TO_AUTHORISE_JOIN || a.errcode === M_UNABLE_TO_GRANT_JOIN)) return 'next';
  return 'abort';
}

const exhausted =
  (step: string) =>
  (_last: ClientError | null): ClientError => ({ status: 502, errcode: M_UNKNOWN, message: `Failed to ${step} via any server` });

/** A Synapse joiner built from `settings` (timers, retries, backoff, the pre-1.78 switches). */
export function createSynapseJoiner(settings: ProfileSettings): JoinerProfile {
  return {
    planJoin: (context) => planSynapseJoin(context, settings),
    classifyMakeJoin: (a) => classifySynapseMakeJoin(a, settings),
    sendJoinDestinations: synapseSendJoinDestinations,
    classifySendJoin: classifySynapseSendJoin,
    makeJoinExhausted: exhausted('make_join'),
    sendJoinExhausted: exhausted('send_join'),
    afterSendJoinExhausted: 'fail',
    // Synapse tries every candidate once and has no attempt limit.
    stopMakeJoin: () => null,
    // make_join: 20 s, one attempt; send_join: 60 s per attempt (reference §3.4).
    timers: { makeJoinTimeoutMs: settings.makeJoinTimeoutMs, sendJoinTimeoutMs: settings.sendJoinTimeoutMs },
    settings,
  };
}
