/**
 * Dendrite as the joining server (reference §3.7): candidates are the via list,
 * then the room ID's server, then the inviter's, repeats removed; for each server
 * make_join and then send_join go to that same server, and any error at either step
 * moves to the next server. The client gets the last error. A resident Dendrite
 * that cannot authorise a restricted join itself does not fall back to a remote
 * join (dendrite #2801): the join fails.
 */
import { M_FORBIDDEN, M_UNKNOWN } from '../../matrix/errcodes';
import { isTransportFailure } from '../answers';
import { dendriteCandidates } from '../candidates';
import { planResidentJoin } from '../local-plan';
import type { ResidentAnswer } from '../messages';
import type { ClientError, JoinPlan, JoinRequestContext, JoinerDecision, JoinerProfile } from '../profile';
import type { ProfileSettings } from '../settings';
import { NO_SERVERS_MESSAGE } from '../synapse/joiner';

export function planDendriteJoin(context: JoinRequestContext): JoinPlan {
  const { server, user, roomId, via } = context;
  const resident = planResidentJoin(context, {
    noLocalAuthoriser: (view) => ({
      // The local join is built without an authoriser and the auth rules reject it (the
      // errcode the client then sees is our choice: 403, as Dendrite's event auth gives).
      type: 'fail',
      status: 403,
      errcode: M_FORBIDDEN,
      message: `${server.name} is resident in ${view.roomId} but nobody there may invite, and Dendrite does not retry as a remote join`,
    }),
    // A local join the auth rules reject reaches Dendrite's client as a 500 (joinroom.go, §1.6);
    // the errcode is our reading of an internal error. A failed allow check stays 403 (UNVERIFIED).
    refused: (_view, refusal, cause) => (cause === 'not-allowed' ? refusal : { type: 'fail', status: 500, errcode: M_UNKNOWN, message: `the auth rules reject the join event: ${refusal.message}` }),
  });
  if (resident) return resident;
  const candidates = dendriteCandidates(server, roomId, user, via);
  if (candidates.length === 0) return { type: 'fail', status: 404, errcode: M_UNKNOWN, message: NO_SERVERS_MESSAGE };
  return { type: 'remote', candidates, reason: `${server.name} is not in ${roomId}; it tries make_join and send_join at ${candidates.join(', ')} in turn` };
}

/** Any error moves on: Dendrite has no fatal/transient distinction. */
function anyErrorMovesOn(a: ResidentAnswer | null): JoinerDecision {
  if (isTransportFailure(a) || a === null) return 'next';
  return a.status === 200 ? 'success' : 'next';
}

/**
 * The last error, as Dendrite passes it on. When the last server did not answer at
 * all the client gets a 500 (our choice; the reference does not say).
 */
export function lastError(last: ClientError | null): ClientError {
  if (last === null || last.status === 0) return { status: 500, errcode: M_UNKNOWN, message: `no server answered the join${last ? ` (${last.message})` : ''}` };
  return last;
}

export function createDendriteJoiner(settings: ProfileSettings): JoinerProfile {
  return {
    planJoin: planDendriteJoin,
    classifyMakeJoin: anyErrorMovesOn,
    // send_join goes to the server that answered make_join, and only there.
    sendJoinDestinations: (makeJoinServer) => [makeJoinServer],
    classifySendJoin: (a) => anyErrorMovesOn(a),
    makeJoinExhausted: lastError,
    sendJoinExhausted: lastError,
    afterSendJoinExhausted: 'next-candidate',
    stopMakeJoin: () => null,
    timers: { makeJoinTimeoutMs: settings.makeJoinTimeoutMs, sendJoinTimeoutMs: settings.sendJoinTimeoutMs },
    settings,
  };
}
