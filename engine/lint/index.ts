/**
 * The static check of a scenario (`fedsim lint`, and the report's `lint`): the
 * state at t = 0 and the timeline's joins, one file per rule family. Every code
 * whose condition holds is reported, even where findings overlap (report
 * contract, "Lint codes"). Findings come in room order, then timeline order.
 */
import type { LintFinding } from '../report/types';
import type { Scenario } from '../scenario/types';
import { gatherFacts } from '../facts/index';
import { lintAllowLists } from './rules-allow';
import { lintJoins } from './rules-joins';
import { lintVersions } from './rules-versions';
import { lintServerAcls } from './rules-acl';
import { lintResilience } from './rules-resilience';

export { LINT_CODES, type LintCode } from './codes';
/** What lint knows of a scenario's rooms at t = 0, for explain's fix search. */
export { gatherFacts, joinedUsersOn, strongestJoined } from '../facts/index';

export function lintScenario(scenario: Scenario): LintFinding[] {
  const facts = gatherFacts(scenario);
  const byRoom = new Map<string | null, LintFinding[]>();
  for (const f of [...lintVersions(facts), ...lintAllowLists(facts), ...lintServerAcls(facts), ...lintResilience(facts)]) {
    const list = byRoom.get(f.room) ?? [];
    list.push(f);
    byRoom.set(f.room, list);
  }
  const roomOrdered = facts.rooms.flatMap((r) => byRoom.get(r.spec.id) ?? []);
  return [...roomOrdered, ...lintJoins(facts)];
}

/** How many findings of each severity. */
export function countBySeverity(findings: readonly LintFinding[]): Record<LintFinding['severity'], number> {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}
/** Who may make a change under a room's own power levels, so that fixes name someone who can act. */
export { actor, mayChangeInviteLevel, mayGrantPower, mayInvite, maySendState, mayUnban, whoMustActToJoin, joinedStrongestFirst, invitedInviters, stateFix } from './who-can-act';
