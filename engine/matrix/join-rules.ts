/**
 * Reading raw `m.room.join_rules` content the way residents do (reference §2.2):
 * `allow` must be a list; an entry counts only when it is an object with
 * `type: m.room_membership` and a string `room_id`. Everything else is ignored,
 * and an allow list with nothing valid left lets nobody in through it.
 */
import type { JoinRulesContent } from '../scenario/types';

export interface ParsedJoinRules {
  /** The `join_rule` string, or '' when it is missing or not a string. */
  rule: string;
  /** Room IDs of the valid `m.room_membership` entries, duplicates kept in order. */
  allowedRooms: string[];
  /** False when `allow` is present but not a list. */
  allowIsList: boolean;
  /** How many entries were dropped as invalid. */
  ignoredEntries: number;
}

export function parseJoinRules(content: JoinRulesContent): ParsedJoinRules {
  const rule = typeof content.join_rule === 'string' ? content.join_rule : '';
  const allow = content.allow;
  if (allow === undefined) return { rule, allowedRooms: [], allowIsList: true, ignoredEntries: 0 };
  if (!Array.isArray(allow)) return { rule, allowedRooms: [], allowIsList: false, ignoredEntries: 0 };
  const allowedRooms: string[] = [];
  let ignoredEntries = 0;
  for (const entry of allow as unknown[]) {
    if (isMembershipCondition(entry)) allowedRooms.push(entry.room_id);
    else ignoredEntries++;
  }
  return { rule, allowedRooms, allowIsList: true, ignoredEntries };
}

function isMembershipCondition(entry: unknown): entry is { type: string; room_id: string } {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return false;
  const record = entry as Record<string, unknown>;
  return record.type === 'm.room_membership' && typeof record.room_id === 'string';
}

/** Whether `rule` takes the allow-list path in room versions that support it. */
export function isRestrictedRule(rule: string): boolean {
  return rule === 'restricted' || rule === 'knock_restricted';
}
