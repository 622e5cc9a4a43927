/**
 * tuwunel as the joining server (reference §1.6 "conduwuit / tuwunel", §3.8):
 * conduwuit's joiner (make_join moves on after any error; send_join only at the
 * server that answered make_join) with its own candidate order (shuffled via, no
 * padding; `deprioritizedServers` last), up to 48 make_join attempts, and the
 * whole join tried up to 3 times per client request (setting `joinAttempts`; the
 * machine repeats it). Whether each whole attempt reshuffles is UNVERIFIED: here
 * it asks the same list again.
 */
import { M_UNKNOWN } from '../../matrix/errcodes';
import { tuwunelCandidates } from '../candidates';
import { createConduwuitJoiner } from '../conduwuit/joiner';
import { planResidentJoin } from '../local-plan';
import type { JoinPlan, JoinRequestContext, JoinerProfile } from '../profile';
import type { ProfileSettings } from '../settings';
import { NO_SERVERS_MESSAGE } from '../synapse/joiner';

export function planTuwunelJoin(context: JoinRequestContext, settings: ProfileSettings): JoinPlan {
  const { server, user, roomId, via } = context;
  const remote = (why: string): JoinPlan => {
    const candidates = tuwunelCandidates(server, roomId, user, via, context.random(), settings.deprioritizedServers);
    if (candidates.length === 0) return { type: 'fail', status: 404, errcode: M_UNKNOWN, message: NO_SERVERS_MESSAGE };
    return { type: 'remote', candidates, reason: `${why}; it asks ${candidates.join(', ')}` };
  };
  // Resident without a local inviter, or refused by its own view: a remote join, as
  // conduwuit (a banned user gets 403; §1.6).
  const resident = planResidentJoin(context, {
    noLocalAuthoriser: () => remote(`${server.name} is resident but has nobody who may invite`),
    refused: (_view, refusal, cause) => (cause === 'banned' ? refusal : remote(`${server.name} cannot build the join itself (${refusal.message})`)),
  });
  return resident ?? remote(`${server.name} is not in ${roomId}`);
}

export function createTuwunelJoiner(settings: ProfileSettings): JoinerProfile {
  return { ...createConduwuitJoiner(settings), planJoin: (context) => planTuwunelJoin(context, settings) };
}
