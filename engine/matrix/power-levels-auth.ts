/**
 * The auth rules for a new `m.room.power_levels` event (spec room versions, the
 * "If type is m.room.power_levels" rule: rule 10 in the v8 fragment, with v10's
 * integer levels and v12's creators; reference §2.1, §2.4 item 1): who may change
 * which level. Rules are named by what they say, since their numbers differ by
 * room version. The
 * sender's power is theirs under the *current* levels (v12: a creator's is
 * unlimited), and every level the event adds, changes or removes must stay within
 * it. Pure over a PowerSource, so the run and the linter ask the same question.
 */
import type { PowerLevelsContent } from '../scenario/types';
import { checkStateEvent, powerOf, type AuthVerdict, type PowerSource } from './auth-rules';
import type { RoomView } from './room-view';

/** A power-levels change the rules refuse: the rule and the reason a server would log. */
export interface PowerLevelsRejection {
  rule: string;
  reason: string;
}

export const RULE_INTEGERS = 'power levels: every level an integer (v10+)';
export const RULE_CREATORS = 'power levels: creators not listed in users (v12)';
export const RULE_LEVEL = "power levels: no level changed from or to above the sender's power";
export const RULE_USER_AT_OR_ABOVE = "power levels: no change to another user at or above the sender's power";
export const RULE_USER_RAISED = "power levels: nobody raised above the sender's power";

/** The top-level levels rule 10.3 compares (not `events` or `users`, which have rules of their own). */
const LEVEL_KEYS = ['users_default', 'events_default', 'state_default', 'ban', 'redact', 'kick', 'invite'] as const;

/** The maps of levels by key that the same rule covers. */
const LEVEL_MAPS = ['events', 'notifications'] as const;

function isInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value);
}

function numeric(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function entries(map: unknown): Record<string, unknown> {
  return map !== null && typeof map === 'object' && !Array.isArray(map) ? (map as Record<string, unknown>) : {};
}

/**
 * Whether `sender` may replace the room's current power levels (in `room`) with
 * `next`: null when the rules allow it, else the first rule that refuses.
 * (The sender's membership and the power-levels event's own level are checked
 * before this, by the state-event rule.)
 */
export function powerLevelsChangeRejection(room: PowerSource, sender: string, next: PowerLevelsContent): PowerLevelsRejection | null {
  const current = room.powerLevels;
  const senderPower = powerOf(room, sender);
  const nextUsers = entries(next.users);
  // v10+: every level must be an integer.
  if (room.rules.integerPowerLevels) {
    for (const key of LEVEL_KEYS) {
      if (next[key] !== undefined && !isInteger(next[key])) return { rule: RULE_INTEGERS, reason: `${key} is not an integer` };
    }
    for (const [user, value] of Object.entries(nextUsers)) if (!isInteger(value)) return { rule: RULE_INTEGERS, reason: `the level of ${user} is not an integer` };
    for (const map of LEVEL_MAPS) {
      for (const [key, value] of Object.entries(entries(next[map]))) if (!isInteger(value)) return { rule: RULE_INTEGERS, reason: `${map}["${key}"] is not an integer` };
    }
  }
  // v12: creators have unlimited power and may not be listed in `users`.
  if (room.rules.creatorsHaveInfinitePower) {
    for (const creator of [room.creator, ...(room.additionalCreators ?? [])]) {
      if (Object.prototype.hasOwnProperty.call(nextUsers, creator)) return { rule: RULE_CREATORS, reason: `${creator} is a room creator and may not be listed in users` };
    }
  }
  // Each top-level level added, changed or removed: neither the old nor the new value may exceed the sender's power.
  for (const key of LEVEL_KEYS) {
    const rejected = levelChangeRejection(key, numeric(current[key]), numeric(next[key]), senderPower, RULE_LEVEL);
    if (rejected) return rejected;
  }
  // The same for each entry of `events` and (v6+, as in every version fedsim runs restricted joins in) `notifications`.
  for (const map of LEVEL_MAPS) {
    const before = entries(current[map]);
    const after = entries(next[map]);
    for (const key of unionOfKeys(before, after)) {
      const rejected = levelChangeRejection(`${map}["${key}"]`, numeric(before[key]), numeric(after[key]), senderPower, RULE_LEVEL);
      if (rejected) return rejected;
    }
  }
  // users.
  const currentUsers = entries(current.users);
  for (const user of unionOfKeys(currentUsers, nextUsers)) {
    const before = numeric(currentUsers[user]);
    const after = numeric(nextUsers[user]);
    if (before === after) continue;
    // Another user's entry changed or removed: their current level must be below the sender's.
    if (before !== undefined && user !== sender && before >= senderPower) {
      return { rule: RULE_USER_AT_OR_ABOVE, reason: `${sender} (power ${senderPower}) cannot change the level of ${user}, which is ${before}, not below theirs` };
    }
    // An entry added or changed: the new level may not exceed the sender's.
    if (after !== undefined && after > senderPower) {
      return { rule: RULE_USER_RAISED, reason: `${sender} (power ${senderPower}) cannot give ${user} power ${after}, above their own` };
    }
  }
  return null;
}

function levelChangeRejection(what: string, before: number | undefined, after: number | undefined, senderPower: number, rule: string): PowerLevelsRejection | null {
  if (before === after) return null;
  if (before !== undefined && before > senderPower) return { rule, reason: `${what} is ${before}, above the sender's power ${senderPower}, so they cannot change it` };
  if (after !== undefined && after > senderPower) return { rule, reason: `${what} would be ${after}, above the sender's power ${senderPower}` };
  return null;
}

function unionOfKeys(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = Object.keys(a);
  for (const key of Object.keys(b)) if (!Object.prototype.hasOwnProperty.call(a, key)) keys.push(key);
  return keys;
}

/**
 * The whole check of a new power-levels event from `sender` in `view`: the rules
 * every state event passes (joined, the event's required level), then the
 * power-levels rules above.
 */
export function checkPowerLevelsEvent(view: RoomView, sender: string, next: PowerLevelsContent): AuthVerdict {
  const asState = checkStateEvent(view, sender, 'm.room.power_levels');
  if (!asState.allowed) return asState;
  const rejected = powerLevelsChangeRejection(view, sender, next);
  return rejected === null ? asState : { allowed: false, reason: rejected.reason, rule: rejected.rule };
}
