/**
 * The resident the spec text describes (reference §1.2, §1.3, §2.4); where the
 * spec is silent it does what Synapse does. Two choices differ from Synapse:
 * - Order of the grant and allow checks. The spec defines M_UNABLE_TO_GRANT_JOIN
 *   as "the user meets a condition (or at least it is not ruled out) but R cannot
 *   issue the invite", so a user R rules out (R is in every allowed room and sees
 *   them in none) gets 403 even when R has nobody who may invite. Synapse asks
 *   the grant question first and answers GRANT there.
 * - send_join with a sender not of the origin is 400 M_INVALID_PARAM (spec v1.18).
 */
import { M_FORBIDDEN, M_NOT_FOUND, M_UNKNOWN } from '../../matrix/errcodes';
import { authorisersOn, checkJoin } from '../../matrix/auth-rules';
import { serverOf } from '../../matrix/ids';
import { answer, templateAnswer } from '../answers';
import { consumeJoinRate, isJoinRateLimited } from '../join-rate-limit';
import { checkServerAcl } from '../acl-check';
import type { MakeJoinRequest, ResidentAnswer, SendJoinRequest } from '../messages';
import type { ResidentProfile } from '../profile';
import type { ServerState } from '../server-state';
import type { ProfileSettings } from '../settings';
import { M_INVALID_PARAM } from '../conduwuit/resident';
import { incompatibleVersion, needsAllowList, noAuthoriser, rateLimited, checkJoinEvent, synapseAllowCheck } from '../synapse/resident';
import type { RoomView } from '../../matrix/room-view';

/** §2.4 as the spec words it: ruled out → 403; nobody may invite → GRANT; cannot verify → AUTHORISE. */
function specRestrictedCheck(server: ServerState, view: RoomView, user: string): { authorisingUser: string } | ResidentAnswer {
  const refusal = synapseAllowCheck(server, view, user);
  if (refusal && refusal.status === 403) return refusal;
  const authoriser = authorisersOn(view, server.name)[0];
  if (authoriser === undefined) return noAuthoriser(server, view);
  if (refusal) return refusal;
  return { authorisingUser: authoriser };
}

export function createSpecResident(settings: ProfileSettings): ResidentProfile {
  return {
    makeJoin(server: ServerState, request: MakeJoinRequest): ResidentAnswer {
      const { roomId, user } = request;
      const view = server.views.get(roomId);
      // 404 M_NOT_FOUND: R does not know the room (§1.2, MSC2688).
      if (!view) return answer(404, M_NOT_FOUND, 'room-known', `${server.name} does not know ${roomId}`);
      // Spec "Server ACLs": a denied server is refused with 403 on every endpoint.
      const aclRefusal = checkServerAcl(view, request.origin);
      if (aclRefusal) return aclRefusal;
      // 400 M_INCOMPATIBLE_ROOM_VERSION: the room's version is not in `ver`.
      if (!request.versions.has(view.version)) return incompatibleVersion(view, request.origin);
      // 429: rate limits are general spec behaviour (off unless set).
      if (isJoinRateLimited(server, roomId, request.now, settings)) return rateLimited(server, roomId, settings);
      // `userId` must be a user on the origin; the spec names no errcode, so 403 as Synapse.
      if (serverOf(user) !== request.origin) return answer(403, M_FORBIDDEN, 'origin', `${user} is not a user of ${request.origin}`);
      if (!view.isResident(server.name)) return answer(404, M_NOT_FOUND, 'resident', `${server.name} has no joined user in ${roomId} any more`);
      let authorisingUser: string | null = null;
      // §2.4 item 3: invited or joined users skip both checks.
      if (needsAllowList(view, user)) {
        const result = specRestrictedCheck(server, view, user);
        if ('status' in result) return result;
        authorisingUser = result.authorisingUser;
      }
      // 403: the auth rules refuse the template.
      const verdict = checkJoin(view, user, authorisingUser);
      if (!verdict.allowed) return answer(403, M_FORBIDDEN, 'auth-rules', verdict.reason);
      const how = authorisingUser ? `${user} is joined to an allowed room; ${authorisingUser} authorises the join` : `${user} may join ${roomId}`;
      return templateAnswer(how, authorisingUser, view.version);
    },

    sendJoin(server: ServerState, request: SendJoinRequest): ResidentAnswer {
      const { roomId, user, authorisingUser } = request;
      if (isJoinRateLimited(server, roomId, request.now, settings)) return rateLimited(server, roomId, settings);
      const view = server.views.get(roomId);
      if (!view) return answer(404, M_NOT_FOUND, 'room-known', `${server.name} does not know ${roomId}`);
      // Spec "Server ACLs": a denied server is refused with 403 on every endpoint.
      const aclRefusal = checkServerAcl(view, request.origin);
      if (aclRefusal) return aclRefusal;
      // Spec v1.18: a sender not on the origin SHOULD be 400 M_INVALID_PARAM.
      if (serverOf(user) !== request.origin) return answer(400, M_INVALID_PARAM, 'origin', `${user} is not a user of ${request.origin}`);
      // MSC3083: a JAVUS naming another server's user is HTTP 400; the errcode is unnamed, so Synapse's M_UNKNOWN.
      if (authorisingUser !== null && view.rules.restrictedJoinRule && serverOf(authorisingUser) !== server.name) {
        return answer(400, M_UNKNOWN, 'authoriser-server', `Cannot authorise membership event for ${authorisingUser}: not a user of ${server.name}`);
      }
      // Spec "Checks performed on receipt of a PDU": the auth rules at the state
      // before the event (its prev_events: the template's state, where make_join
      // checked them), then against the current state, failing which the event is
      // soft-failed, not rejected (as Synapse's step 9).
      const checked = checkJoinEvent(server, view, request);
      if (checked !== null && checked.status !== 200) return checked;
      // §1.3: AUTHORISE/GRANT "re-checked at send_join time".
      if (needsAllowList(view, user)) {
        const result = specRestrictedCheck(server, view, user);
        if ('status' in result) return result;
      }
      consumeJoinRate(server, roomId, request.now, settings);
      return checked ?? answer(200, null, 'ok', `${server.name} accepted the join of ${user}`);
    },
  };
}
