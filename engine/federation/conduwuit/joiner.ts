/**
 * conduwuit as the joining server (reference §3.8): candidates are the via list,
 * the inviter's server and the room ID's server, sorted, de-duplicated and then
 * shuffled from this join's own seeded stream. make_join moves to the next server
 * on any error, and gives up after more than 15 incompatible-version answers, or
 * with 500 after the 41st failed attempt (§1.6); send_join goes only to the server
 * that answered make_join, and a failure there ends the join.
 */
import { M_UNKNOWN } from '../../matrix/errcodes';
import { isTransportFailure } from '../answers';
import { conduwuitCandidates } from '../candidates';
import { planResidentJoin } from '../local-plan';
import type { ResidentAnswer } from '../messages';
import type { ClientError, JoinPlan, JoinRequestContext, JoinerDecision, JoinerProfile } from '../profile';
import type { ProfileSettings } from '../settings';
import { NO_SERVERS_MESSAGE } from '../synapse/joiner';

const NO_SERVER_MESSAGE = 'No server available to assist in joining.';

export function planConduwuitJoin(context: JoinRequestContext): JoinPlan {
  const { server, user, roomId, via } = context;
  const remote = (why: string): JoinPlan => {
    const candidates = conduwuitCandidates(server, roomId, user, via, context.random());
    if (candidates.length === 0) return { type: 'fail', status: 404, errcode: M_UNKNOWN, message: NO_SERVERS_MESSAGE };
    return { type: 'remote', candidates, reason: `${why}; it asks ${candidates.join(', ')} (shuffled)` };
  };
  // Resident without a local inviter: a remote join through the same shuffled list
  // (the reference does not describe this case for conduwuit; our choice). A local
  // join its own view refuses also goes remote (§1.6: it falls back to make_join
  // whenever the local build fails), except for a banned user: 403 (membership.rs).
  const resident = planResidentJoin(context, {
    noLocalAuthoriser: () => remote(`${server.name} is resident but has nobody who may invite`),
    refused: (_view, refusal, cause) => (cause === 'banned' ? refusal : remote(`${server.name} cannot build the join itself (${refusal.message})`)),
  });
  return resident ?? remote(`${server.name} is not in ${roomId}`);
}

/** The last error as the client gets it; 502 when the last server did not answer (our choice). */
function lastError(last: ClientError | null): ClientError {
  if (last === null || last.status === 0) return { status: 502, errcode: M_UNKNOWN, message: NO_SERVER_MESSAGE };
  return last;
}

/** What the client gets when the make_join attempts run out (500; the errcode is our reading of a server-side error, UNVERIFIED). */
function tooManyAttempts(attempts: number): ClientError {
  return { status: 500, errcode: M_UNKNOWN, message: `gave up after ${attempts} failed make_join attempts` };
}

function classifyMakeJoin(a: ResidentAnswer | null): JoinerDecision {
  if (isTransportFailure(a) || a === null) return 'next';
  return a.status === 200 ? 'success' : 'next';
}

/** send_join has one destination: no answer uses it up, any other error ends the join. */
function classifySendJoin(a: ResidentAnswer | null): JoinerDecision {
  if (a === null) return 'next';
  return a.status === 200 ? 'success' : 'abort';
}

export function createConduwuitJoiner(settings: ProfileSettings): JoinerProfile {
  return {
    planJoin: planConduwuitJoin,
    classifyMakeJoin,
    sendJoinDestinations: (makeJoinServer) => [makeJoinServer],
    classifySendJoin,
    makeJoinExhausted: lastError,
    sendJoinExhausted: lastError,
    afterSendJoinExhausted: 'fail',
    stopMakeJoin(stats, last) {
      if (stats.incompatible > settings.maxIncompatibleAnswers) return lastError(last);
      // More than maxMakeJoinAttempts failed make_joins (conduwuit: the 41st) end the join with 500 (§1.6).
      if (stats.attempts > settings.maxMakeJoinAttempts) return tooManyAttempts(stats.attempts);
      return null;
    },
    timers: { makeJoinTimeoutMs: settings.makeJoinTimeoutMs, sendJoinTimeoutMs: settings.sendJoinTimeoutMs },
    settings,
  };
}
