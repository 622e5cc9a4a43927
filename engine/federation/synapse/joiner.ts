/**
 * Synapse as the joining server (reference §3.1-§3.3, §3.6): how it decides
 * between a local and a remote join, which residents it asks and in what order,
 * and which answers make it try the next one rather than give up.
 */
import {
  M_FORBIDDEN,
  M_NOT_FOUND,
  M_UNABLE_TO_AUTHORISE_JOIN,
  M_UNABLE_TO_GRANT_JOIN,
  M_UNKNOWN,
} from '../../matrix/errcodes';
import { authorisersOn, checkJoin } from '../../matrix/auth-rules';
import { serverOf } from '../../matrix/ids';
import type { RoomVersionRules } from '../../matrix/room-versions';
import { checkAllowedRooms } from '../allow-check';
import type { ResidentAnswer } from '../messages';
import type { ClientError, JoinPlan, JoinRequestContext, JoinerDecision, JoinerProfile } from '../profile';
import { needsAllowList, SYNAPSE_FORBIDDEN_MESSAGE } from './resident';

export const NO_SERVERS_MESSAGE = "Can't join remote room because no servers that are in the room have been provided.";

/** Errcodes after which a Synapse joiner tries the next resident (reference §3.2, since v1.78). */
export const SYNAPSE_MAKE_JOIN_FAILOVER = new Set([M_NOT_FOUND, M_UNABLE_TO_AUTHORISE_JOIN, M_UNABLE_TO_GRANT_JOIN]);

/** Transport-level failures (no answer, 5xx, 429) always move on (RequestSendFailed). */
export function isTransportFailure(answer: ResidentAnswer | null): boolean {
  return answer === null || answer.status >= 500 || answer.status === 429;
}

/** Synapse's local-or-remote decision (reference §3.1 item 3; contract `join` action). */
export function planSynapseJoin({ server, user, roomId, via }: JoinRequestContext): JoinPlan {
  const view = server.views.get(roomId);
  if (view) {
    if (view.membership(user) === 'join') return { type: 'already-joined', reason: `${user} is already joined` };
    if (needsAllowList(view, user)) {
      const authoriser = authorisersOn(view, server.name)[0];
      if (authoriser !== undefined) {
        // The joining server can grant, so it answers the allow check itself.
        const allow = checkAllowedRooms(server, view, user);
        if (allow.joinedVia !== null) {
          return { type: 'local', authorisingUser: authoriser, reason: `${server.name} sees ${user} in ${allow.joinedVia} and ${authoriser} may invite` };
        }
        return { type: 'fail', status: 403, errcode: M_FORBIDDEN, message: SYNAPSE_FORBIDDEN_MESSAGE };
      }
      // Resident, but nobody here may invite: go through the residents that have
      // such a user, in server-name order, and ignore the client's via.
      const candidates = view
        .residentServers()
        .filter((s) => s !== server.name && authorisersOn(view, s).length > 0);
      if (candidates.length === 0) return { type: 'fail', status: 404, errcode: M_UNKNOWN, message: NO_SERVERS_MESSAGE };
      return {
        type: 'remote',
        candidates,
        reason: `${server.name} is resident but has nobody who may invite, so it asks the residents that do (via ignored)`,
      };
    }
    const verdict = checkJoin(view, user, null);
    if (verdict.allowed) return { type: 'local', authorisingUser: null, reason: `${server.name} is resident and lets ${user} in` };
    return { type: 'fail', status: 403, errcode: M_FORBIDDEN, message: verdict.reason };
  }
  const list = via && via.length > 0 ? [...via] : [serverOf(roomId)];
  // A pending invite from a remote user adds the inviter's server at the end (§3.1 item 4).
  const inviter = server.pendingInvites.get(roomId)?.get(user);
  if (inviter !== undefined && serverOf(inviter) !== server.name) list.push(serverOf(inviter));
  const candidates = list.filter((s) => s !== server.name);
  if (candidates.length === 0) return { type: 'fail', status: 404, errcode: M_UNKNOWN, message: NO_SERVERS_MESSAGE };
  return { type: 'remote', candidates, reason: `${server.name} is not in ${roomId}; it asks ${candidates.join(', ')} in order` };
}

export function classifySynapseMakeJoin(answer: ResidentAnswer | null): JoinerDecision {
  if (isTransportFailure(answer)) return 'next';
  const a = answer as ResidentAnswer;
  if (a.status === 200) return 'success';
  if (a.status >= 400 && a.status < 500 && a.errcode !== null && SYNAPSE_MAKE_JOIN_FAILOVER.has(a.errcode)) return 'next';
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

export function classifySynapseSendJoin(answer: ResidentAnswer | null, rules: RoomVersionRules): JoinerDecision {
  if (isTransportFailure(answer)) return 'next';
  const a = answer as ResidentAnswer;
  if (a.status === 200) return 'success';
  // M_NOT_FOUND is not a send_join failover code; the UNABLE_* pair is, in v8+ rooms.
  if (rules.restrictedJoinRule && (a.errcode === M_UNABLE_TO_AUTHORISE_JOIN || a.errcode === M_UNABLE_TO_GRANT_JOIN)) return 'next';
  return 'abort';
}

const exhausted =
  (step: string) =>
  (_last: ClientError | null): ClientError => ({ status: 502, errcode: M_UNKNOWN, message: `Failed to ${step} via any server` });

export const synapseJoiner: JoinerProfile = {
  planJoin: planSynapseJoin,
  classifyMakeJoin: classifySynapseMakeJoin,
  sendJoinDestinations: synapseSendJoinDestinations,
  classifySendJoin: classifySynapseSendJoin,
  makeJoinExhausted: exhausted('make_join'),
  sendJoinExhausted: exhausted('send_join'),
  // make_join: 20 s, one attempt; send_join: 60 s per attempt (reference §3.4).
  timers: { makeJoinTimeoutMs: 20_000, sendJoinTimeoutMs: 60_000 },
};
