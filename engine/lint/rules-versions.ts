/**
 * Lint rules about room versions and power levels at t = 0 (reference §2.1, §4.2
 * items 3 and 8): join rules the room's version does not have, restricted rooms on
 * v8 (redaction strips the authorising user), residents that do not support their
 * room's version, and invite levels nobody reaches.
 */
import { powerOf } from '../matrix/auth-rules';
import { ROOM_VERSIONS, supportsJoinRule } from '../matrix/room-versions';
import type { LintFinding } from '../report/types';
import { finding } from './codes';
import { orList, strongestJoined, type LintFacts, type RoomFacts } from '../facts/index';
import { invitedInviters, stateFix } from './who-can-act';

const KNOWN_RULES = ['public', 'invite', 'knock', 'restricted', 'knock_restricted'];

export function lintVersions(facts: LintFacts): LintFinding[] {
  const out: LintFinding[] = [];
  for (const room of facts.rooms) {
    const unsupported = joinRuleUnsupported(room);
    if (unsupported) out.push(unsupported);
    if (room.restricted && room.view.rules.restrictedJoinRule && !room.view.rules.authorisingUserSurvivesRedaction) out.push(v8RedactionRisk(room));
    out.push(...residentVersionUnsupported(facts, room));
    const unreachable = inviteLevelUnreachable(room);
    if (unreachable) out.push(unreachable);
  }
  return out;
}

/** The first room version that has join rule `rule`, or undefined for a rule no version has. */
export function firstVersionWith(rule: string): string | undefined {
  for (const rules of ROOM_VERSIONS.values()) if (supportsJoinRule(rules, rule)) return rules.id;
  return undefined;
}

function joinRuleUnsupported(room: RoomFacts): LintFinding | null {
  const { rule } = room.allow;
  const { id, version } = room.spec;
  if (supportsJoinRule(room.view.rules, rule)) return null;
  const first = firstVersionWith(rule);
  const shown = rule === '' ? 'no join_rule' : `join rule "${rule}"`;
  const message = first
    ? `${id} has ${shown}, which room version ${version} does not have (it exists from v${first}); the auth rules reject every join that needs it, so only the creator's own state stands.`
    : `${id} has ${shown}, which no room version has; the auth rules reject every join into the room.`;
  // Restricted rooms are better on v9+ (v8's redaction risk), so suggest at least 9 for them.
  const target = first === undefined ? undefined : rule === 'restricted' ? '9' : first;
  const fix = target ? stateFix(room, 'm.room.tombstone', `upgrade ${id} to room version ${target} or later (or set a join rule v${version} has)`) : stateFix(room, 'm.room.join_rules', `set one of the join rules ${KNOWN_RULES.join(', ')}`);
  return finding('join-rule-unsupported', id, message, room.residents, fix);
}

function v8RedactionRisk(room: RoomFacts): LintFinding {
  const id = room.spec.id;
  return finding(
    'v8-redaction-risk',
    id,
    `${id} is a restricted room on version 8, where redacting a member event strips join_authorised_via_users_server; servers that receive a redacted restricted join later reject it and the room's state splits (matrix-doc #3373).`,
    room.residents,
    stateFix(room, 'm.room.tombstone', `upgrade ${id} to room version 9 or later`),
  );
}

function residentVersionUnsupported(facts: LintFacts, room: RoomFacts): LintFinding[] {
  const { id, version } = room.spec;
  const lacking = room.residents.filter((s) => {
    const spec = facts.serversByName.get(s);
    return spec !== undefined && !spec.roomVersions.includes(version);
  });
  if (lacking.length === 0) return [];
  return [
    finding(
      'resident-version-unsupported',
      id,
      `${lacking.join(', ')} ${lacking.length === 1 ? 'is' : 'are'} resident in ${id} at t = 0 but ${lacking.length === 1 ? 'does' : 'do'} not support its version ${version}; a real server could never have joined it, so the scenario's state is not reachable.`,
      lacking,
      `the admins of ${lacking.join(', ')} can upgrade to a release with version ${version} (add "${version}" to their roomVersions); or ${stateFix(room, 'm.room.tombstone', `move ${id} to a version they support`)}`,
    ),
  ];
}

/**
 * Nobody joined reaches the invite level. In a restricted room that is
 * no-authorising-server's fact, so it is reported there only. Nobody joined can
 * lower the level either: changing it needs power at least the old level.
 */
function inviteLevelUnreachable(room: RoomFacts): LintFinding | null {
  if (room.restricted) return null;
  const strongest = strongestJoined(room);
  const best = strongest === undefined ? -Infinity : powerOf(room.view, strongest);
  if (best >= room.inviteLevel) return null;
  const id = room.spec.id;
  const rule = room.allow.rule;
  const effect = rule === 'public' ? 'anyone may still join, but nobody can invite' : `nobody can invite, so with join rule ${rule} nobody new can get in`;
  const invited = invitedInviters(room);
  return finding(
    'invite-level-unreachable',
    id,
    `The invite level of ${id} is ${room.inviteLevel}, above every joined user's power (${best === -Infinity ? 'nobody is joined' : `at most ${best}`}): ${effect}.`,
    room.residents,
    invited.length > 0
      ? `${orList(invited.slice(0, 3))} can accept the pending invite (power ≥ ${room.inviteLevel}), and then invite`
      : `nobody joined can lower the invite level (that needs power ≥ ${room.inviteLevel}, the level as it is) nor grant that power, so this cannot be fixed from inside the room`,
  );
}
