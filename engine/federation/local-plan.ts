/**
 * The joining server's first decision, shared by the profiles: already joined, a
 * local join it can authorise itself, a refusal from its own view, or (when it is
 * resident but nobody there may invite) whatever the implementation does then.
 * Returns null when the server is not resident, so the caller plans a remote join.
 */
import { M_FORBIDDEN } from '../matrix/errcodes';
import { authorisersOn, checkJoin } from '../matrix/auth-rules';
import type { RoomView } from '../matrix/room-view';
import { checkAllowedRooms } from './allow-check';
import type { JoinPlan, JoinRequestContext } from './profile';
import { needsAllowList, SYNAPSE_FORBIDDEN_MESSAGE } from './synapse/resident';

export function planResidentJoin(context: JoinRequestContext, noLocalAuthoriser: (view: RoomView) => JoinPlan): JoinPlan | null {
  const { server, user, roomId } = context;
  const view = server.views.get(roomId);
  if (!view) return null;
  if (view.membership(user) === 'join') return { type: 'already-joined', reason: `${user} is already joined` };
  if (needsAllowList(view, user)) {
    const authoriser = authorisersOn(view, server.name)[0];
    if (authoriser === undefined) return noLocalAuthoriser(view);
    // The joining server can grant, so it answers the allow check itself (all profiles).
    const allow = checkAllowedRooms(server, view, user);
    if (allow.joinedVia !== null) {
      return { type: 'local', authorisingUser: authoriser, reason: `${server.name} sees ${user} in ${allow.joinedVia} and ${authoriser} may invite` };
    }
    return { type: 'fail', status: 403, errcode: M_FORBIDDEN, message: SYNAPSE_FORBIDDEN_MESSAGE };
  }
  const verdict = checkJoin(view, user, null);
  if (verdict.allowed) return { type: 'local', authorisingUser: null, reason: `${server.name} is resident and lets ${user} in` };
  return { type: 'fail', status: 403, errcode: M_FORBIDDEN, message: verdict.reason };
}
