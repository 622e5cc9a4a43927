/**
 * The joining server's first decision, shared by the profiles: already joined, a
 * local join it can authorise itself, a refusal from its own view, or (when it is
 * resident but nobody there may invite) whatever the implementation does then.
 * Local joins run the auth rules like any other (reference §1.6): a banned user is
 * refused before anything else. Returns null when the server is not resident, so
 * the caller plans a remote join.
 */
import { M_FORBIDDEN } from '../matrix/errcodes';
import { authorisersOn, checkJoin, usesAllowList } from '../matrix/auth-rules';
import type { RoomView } from '../matrix/room-view';
import { checkAllowedRooms } from './allow-check';
import type { JoinPlan, JoinRequestContext } from './profile';
import { SYNAPSE_FORBIDDEN_MESSAGE } from './resident-checks';

/** A refusal of a local join as Synapse gives it (403 M_FORBIDDEN), before a profile says otherwise. */
export type LocalRefusal = Extract<JoinPlan, { type: 'fail' }>;

/** Why its own view refuses a local join: the user is banned, is in no allowed room, or the auth rules reject the event otherwise. */
export type LocalRefusalCause = 'banned' | 'not-allowed' | 'auth-rules';

/** How a profile's joiner goes on where resident joiners differ. */
export interface ResidentJoinChoices {
  /** Resident, but nobody here may invite. */
  noLocalAuthoriser(view: RoomView): JoinPlan;
  /** Its own view refuses the join (`refusal`, as Synapse gives it) for `cause`. Default: the refusal. */
  refused?(view: RoomView, refusal: LocalRefusal, cause: LocalRefusalCause): JoinPlan;
}

export function planResidentJoin(context: JoinRequestContext, choices: ResidentJoinChoices): JoinPlan | null {
  const { server, user, roomId } = context;
  const view = server.views.get(roomId);
  if (!view) return null;
  const refuse = (refusal: LocalRefusal, cause: LocalRefusalCause): JoinPlan => (choices.refused ? choices.refused(view, refusal, cause) : refusal);
  const membership = view.membership(user);
  if (membership === 'join') return { type: 'already-joined', reason: `${user} is already joined` };
  // Auth rule 4.3.3, checked first on a local join too (Synapse room_member.py, conduwuit membership.rs; §1.6).
  if (membership === 'ban') return refuse({ type: 'fail', status: 403, errcode: M_FORBIDDEN, message: `Cannot join user who was banned: ${user} is banned from ${roomId}` }, 'banned');
  // needsAllowList, with the membership already read (this runs for every join).
  if (membership !== 'invite' && usesAllowList(view)) {
    const authoriser = authorisersOn(view, server.name)[0];
    if (authoriser === undefined) return choices.noLocalAuthoriser(view);
    // The joining server can grant, so it answers the allow check itself (all profiles).
    const allow = checkAllowedRooms(server, view, user);
    if (allow.joinedVia === null) return refuse({ type: 'fail', status: 403, errcode: M_FORBIDDEN, message: SYNAPSE_FORBIDDEN_MESSAGE }, 'not-allowed');
    // The auth rules pass the join event it would build: the user is not banned
    // (above), and the authoriser is joined with power ≥ invite (authorisersOn picks
    // only such users), which is all rule 4.3.5 asks.
    return { type: 'local', authorisingUser: authoriser, reason: `${server.name} sees ${user} in ${allow.joinedVia} and ${authoriser} may invite` };
  }
  const verdict = checkJoin(view, user, null);
  if (verdict.allowed) return { type: 'local', authorisingUser: null, reason: `${server.name} is resident and lets ${user} in` };
  return refuse({ type: 'fail', status: 403, errcode: M_FORBIDDEN, message: verdict.reason }, 'auth-rules');
}
