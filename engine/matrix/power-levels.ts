/**
 * Reading `m.room.power_levels` content with the spec's defaults (spec "Power
 * levels": users_default 0, invite 0, ban/kick/redact/state_default 50). Missing
 * or non-numeric fields take the default, as servers do with malformed content.
 */
import type { PowerLevelsContent } from '../scenario/types';
import type { RoomVersionRules } from './room-versions';

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** The level needed to invite (default 0). */
export function inviteLevel(content: PowerLevelsContent): number {
  return numberOr(content.invite, 0);
}

/** The level needed to ban (default 50). */
export function banLevel(content: PowerLevelsContent): number {
  return numberOr(content.ban, 50);
}

/** The level needed to send state event `type` (events[type], else state_default, else 50). */
export function stateEventLevel(content: PowerLevelsContent, type: string): number {
  const events = content.events;
  if (events && typeof events === 'object' && Object.prototype.hasOwnProperty.call(events, type)) {
    return numberOr(events[type], 50);
  }
  return numberOr(content.state_default, 50);
}

/**
 * A user's power level. Since v12, room creators (the creator and the create
 * event's `additional_creators`) have infinite power whatever `users` says
 * (reference §2.4 item 1). Whether the user is joined is for the caller: every
 * rule that uses power also asks for a joined sender.
 */
export function userPowerLevel(
  content: PowerLevelsContent,
  userId: string,
  creator: string,
  rules: RoomVersionRules,
  additionalCreators: readonly string[] = [],
): number {
  if (rules.creatorsHaveInfinitePower && (userId === creator || additionalCreators.includes(userId))) return Infinity;
  const users = content.users;
  if (users && typeof users === 'object' && Object.prototype.hasOwnProperty.call(users, userId)) {
    return numberOr(users[userId], 0);
  }
  return numberOr(content.users_default, 0);
}
