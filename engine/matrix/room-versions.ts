/**
 * Room versions as data. Each version is the one before it spread with the feature
 * flags it adds, so "what changed in v10" is one line. Flags are named after the
 * feature, never the version number. Source: reference §2.1 (spec rooms/_index.md).
 */

export interface RoomVersionRules {
  id: string;
  /** Since v7: the `knock` join rule exists. */
  knockJoinRule: boolean;
  /** Since v8: the `restricted` join rule and `join_authorised_via_users_server` exist. */
  restrictedJoinRule: boolean;
  /** Since v9: redaction keeps `join_authorised_via_users_server` (v8 strips it; reference §2.1). */
  authorisingUserSurvivesRedaction: boolean;
  /** Since v10: the `knock_restricted` join rule exists. */
  knockRestrictedJoinRule: boolean;
  /** Since v10: power levels must be integers. */
  integerPowerLevels: boolean;
  /** Since v11: the creator is the create event's sender, not `content.creator`. */
  creatorIsCreateEventSender: boolean;
  /** Since v12: room creators have infinite power, whatever `users` says. */
  creatorsHaveInfinitePower: boolean;
  /** Since v12: the room ID is the create event's hash, with no server part (`!hash`). */
  roomIdsWithoutServer: boolean;
}

const v1: RoomVersionRules = {
  id: '1',
  knockJoinRule: false,
  restrictedJoinRule: false,
  authorisingUserSurvivesRedaction: false,
  knockRestrictedJoinRule: false,
  integerPowerLevels: false,
  creatorIsCreateEventSender: false,
  creatorsHaveInfinitePower: false,
  roomIdsWithoutServer: false,
};
const v2 = { ...v1, id: '2' };
const v3 = { ...v2, id: '3' };
const v4 = { ...v3, id: '4' };
const v5 = { ...v4, id: '5' };
const v6 = { ...v5, id: '6' };
const v7 = { ...v6, id: '7', knockJoinRule: true };
const v8 = { ...v7, id: '8', restrictedJoinRule: true };
const v9 = { ...v8, id: '9', authorisingUserSurvivesRedaction: true };
const v10 = { ...v9, id: '10', knockRestrictedJoinRule: true, integerPowerLevels: true };
const v11 = { ...v10, id: '11', creatorIsCreateEventSender: true };
const v12 = { ...v11, id: '12', creatorsHaveInfinitePower: true, roomIdsWithoutServer: true };

/** Every stable room version the simulator knows, by ID. */
export const ROOM_VERSIONS: ReadonlyMap<string, RoomVersionRules> = new Map(
  [v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12].map((v) => [v.id, v]),
);

/** The rules of room version `id`; throws for an unknown one (validation rejects those first). */
export function roomVersion(id: string): RoomVersionRules {
  const rules = ROOM_VERSIONS.get(id);
  if (!rules) throw new RangeError(`unknown room version "${id}"`);
  return rules;
}

/** Whether join rule `rule` exists in room version `rules` (reference §2.1). */
export function supportsJoinRule(rules: RoomVersionRules, rule: string): boolean {
  switch (rule) {
    case 'public':
    case 'invite':
      return true;
    case 'knock':
      return rules.knockJoinRule;
    case 'restricted':
      return rules.restrictedJoinRule;
    case 'knock_restricted':
      return rules.knockRestrictedJoinRule;
    default:
      return false;
  }
}
