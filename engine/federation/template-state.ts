/**
 * A join event's prev_events state (reference §1.4 Synapse send_join step 9): what
 * a make_join template was built on, captured when the resident answers, and a
 * view of it for the auth rules when send_join must tell a join that fails only
 * against the current state (soft-failed) from one that fails at its own state
 * (rejected).
 */
import { RoomView } from '../matrix/room-view';
import type { TemplateState } from './messages';

/**
 * The parts of `view` a join by `user` through `authorisingUser` is checked
 * against, for a template that passed the auth rules there (every make_join 200):
 * then an authorising user was joined (rule 4.3.5.2 demands it), so only the
 * user's membership needs reading (this runs for every make_join answered 200).
 */
export function templateStateOf(view: RoomView, user: string, authorisingUser: string | null): TemplateState {
  return {
    joinRules: view.joinRulesContent,
    powerLevels: view.powerLevels,
    userMembership: view.membership(user),
    authoriserMembership: authorisingUser === null ? 'none' : 'join',
  };
}

/**
 * A detached view of room `current` as `state` had it, holding only what checkJoin
 * reads (contents are replaced, never changed, so the captured ones are still
 * those of the template). Built only when the current state rejects a join.
 */
export function viewAtTemplate(current: RoomView, state: TemplateState, user: string, authorisingUser: string | null): RoomView {
  const view = new RoomView(current.roomId, current.version, current.creator, state.joinRules, state.powerLevels);
  if (state.userMembership !== 'none') view.setMembership(user, state.userMembership, 1);
  if (authorisingUser !== null && authorisingUser !== user && state.authoriserMembership !== 'none') view.setMembership(authorisingUser, state.authoriserMembership, 1);
  return view;
}
