/**
 * Auth rules for the membership and state events the simulator sends, as pure
 * checks over a room view (spec room versions, v8 auth rules 4.3-4.6, reference
 * §2.3). Each rule sits under a comment naming its scope. A verdict carries the
 * exact reason a server would log, so tests can assert it.
 */
import type { Membership } from '../scenario/types';
import { isRestrictedRule } from './join-rules';
import { banLevel, inviteLevel, stateEventLevel, userPowerLevel } from './power-levels';
import type { RoomView } from './room-view';
import { serverOf } from './ids';
import { supportsJoinRule } from './room-versions';

export type AuthVerdict = { allowed: true } | { allowed: false; reason: string };

const ALLOW: AuthVerdict = { allowed: true };
const reject = (reason: string): AuthVerdict => ({ allowed: false, reason });

/** What a user's power level depends on: a room view has it, and so does the linter's lighter record of a room. */
export type PowerSource = Pick<RoomView, 'powerLevels' | 'creator' | 'rules'> & Partial<Pick<RoomView, 'additionalCreators'>>;

/** A user's power level in `view`. */
export function powerOf(view: PowerSource, userId: string): number {
  return userPowerLevel(view.powerLevels, userId, view.creator, view.rules, view.additionalCreators);
}

/** Whether `userId` is joined and has power ≥ the invite level (the authoriser test of rule 4.3.5.2). */
export function canAuthoriseJoins(view: RoomView, userId: string): boolean {
  return view.membership(userId) === 'join' && powerOf(view, userId) >= inviteLevel(view.powerLevels);
}

/** The effective join rule: a rule the room version does not know counts as unknown (rule 4.3.7 rejects). */
export function effectiveJoinRule(view: RoomView): string {
  const rule = view.joinRules.rule;
  return supportsJoinRule(view.rules, rule) ? rule : '';
}

/** Whether a join by a user not invited or joined must go through the allow list. */
export function usesAllowList(view: RoomView): boolean {
  return isRestrictedRule(effectiveJoinRule(view));
}

/**
 * Auth rule 4.3 for a join by `userId` carrying `authorisingUser`
 * (`join_authorised_via_users_server`, or null), against the state in `view`.
 */
export function checkJoin(view: RoomView, userId: string, authorisingUser: string | null): AuthVerdict {
  const current = view.membership(userId);
  // 4.3.3 (all versions): a banned sender is rejected before any join-rule branch.
  if (current === 'ban') return reject(`${userId} is banned from ${view.roomId}`);
  const rule = effectiveJoinRule(view);
  switch (rule) {
    // 4.3.4 (all versions; knock since v7): invite and knock rooms need an invite or a join.
    case 'invite':
    case 'knock':
      if (current === 'invite' || current === 'join') return ALLOW;
      return reject(`${userId} is not invited to ${view.roomId}, whose join rule is ${rule}`);
    // 4.3.5 (restricted since v8, knock_restricted since v10).
    case 'restricted':
    case 'knock_restricted': {
      // 4.3.5.1: invited or joined users need no authoriser.
      if (current === 'invite' || current === 'join') return ALLOW;
      // 4.3.5.2: otherwise the authorising user must be joined with power ≥ invite.
      if (authorisingUser === null) return reject('join event is missing an authorising user');
      if (view.membership(authorisingUser) !== 'join') {
        return reject(`authorising user ${authorisingUser} is not joined to ${view.roomId}`);
      }
      if (powerOf(view, authorisingUser) < inviteLevel(view.powerLevels)) {
        return reject(
          `authorising user ${authorisingUser} has power ${powerOf(view, authorisingUser)}, below the invite level ${inviteLevel(view.powerLevels)}`,
        );
      }
      return ALLOW;
    }
    // 4.3.6: public rooms let anyone not banned in.
    case 'public':
      return ALLOW;
    // 4.3.7: any other (or, for this version, unknown) join rule rejects.
    default:
      return reject(`join rule "${view.joinRules.rule}" does not exist in room version ${view.version}`);
  }
}

/** Auth rule 4.4: `sender` invites `target`. */
export function checkInvite(view: RoomView, sender: string, target: string): AuthVerdict {
  // 4.4.2: the sender must be joined.
  if (view.membership(sender) !== 'join') return reject(`${sender} is not joined to ${view.roomId}`);
  // 4.4.3: a banned or joined target cannot be invited.
  const current = view.membership(target);
  if (current === 'ban') return reject(`${target} is banned from ${view.roomId}`);
  if (current === 'join') return reject(`${target} is already joined to ${view.roomId}`);
  // 4.4.4: the sender needs power ≥ invite.
  if (powerOf(view, sender) < inviteLevel(view.powerLevels)) {
    return reject(`${sender} has power ${powerOf(view, sender)}, below the invite level ${inviteLevel(view.powerLevels)}`);
  }
  return ALLOW;
}

/** Auth rule 4.5 for a user leaving by themselves. */
export function checkLeave(view: RoomView, userId: string): AuthVerdict {
  const current: Membership | 'none' = view.membership(userId);
  // 4.5.1: one may leave from invite, join or knock; not from ban or when absent.
  if (current === 'join' || current === 'invite' || current === 'knock') return ALLOW;
  return reject(`${userId} cannot leave ${view.roomId}: membership is ${current}`);
}

/** Auth rule 4.6: `sender` bans `target`. */
export function checkBan(view: RoomView, sender: string, target: string): AuthVerdict {
  if (view.membership(sender) !== 'join') return reject(`${sender} is not joined to ${view.roomId}`);
  const senderPower = powerOf(view, sender);
  // 4.6: power ≥ ban and greater than the target's.
  if (senderPower < banLevel(view.powerLevels)) {
    return reject(`${sender} has power ${senderPower}, below the ban level ${banLevel(view.powerLevels)}`);
  }
  if (powerOf(view, target) >= senderPower && target !== sender) {
    return reject(`${sender} cannot ban ${target}, whose power is not below theirs`);
  }
  return ALLOW;
}

/**
 * Auth rules 8-10 for other state events (`m.room.power_levels`, `m.room.join_rules`):
 * the sender must be joined with power ≥ the event's level. The finer power-levels
 * rules (no raising others above oneself) are not modelled; scenarios that need
 * them do not exist yet.
 */
export function checkStateEvent(view: RoomView, sender: string, type: string): AuthVerdict {
  if (view.membership(sender) !== 'join') return reject(`${sender} is not joined to ${view.roomId}`);
  const needed = stateEventLevel(view.powerLevels, type);
  if (powerOf(view, sender) < needed) {
    return reject(`${sender} has power ${powerOf(view, sender)}, below the ${needed} needed for ${type}`);
  }
  return ALLOW;
}

/**
 * Local users of `server` who may authorise joins in `view`, highest power first, ties by user ID.
 * Cached in the view (a resident asks this for every make_join it answers); the
 * view drops the entry when that server's memberships or the power levels change.
 */
export function authorisersOn(view: RoomView, server: string): string[] {
  const cached = view.cachedAuthorisers(server);
  if (cached !== undefined) return cached.slice();
  const out = view.joinedUsersOf(server).filter((user) => canAuthoriseJoins(view, user));
  out.sort((a, b) => powerOf(view, b) - powerOf(view, a) || (a < b ? -1 : a > b ? 1 : 0));
  view.cacheAuthorisers(server, out);
  return out.slice();
}
