/**
 * Lint rule `single-authorising-server` (reference §4.1): exactly one server can
 * authorise joins into a restricted room through an allowed room, so members of
 * that room are locked out whenever it is down, upgrading, or its admin leaves.
 * Uses the resilience analysis (each server's own implementation's notion).
 */
import type { LintFinding } from '../report/types';
import { analyseFacts } from '../resilience/index';
import { finding } from './codes';
import type { LintFacts } from '../facts/index';

export function lintResilience(facts: LintFacts): LintFinding[] {
  const out: LintFinding[] = [];
  for (const advice of analyseFacts(facts).advice) {
    const only = advice.authorisers[0];
    if (advice.authorisers.length !== 1 || only === undefined) continue;
    const { room, allowed } = advice;
    const fix = advice.fixes.length > 0 ? advice.fixes.join(', or ') : `have a user with power ≥ invite in ${room}, on a server other than ${only.server}, join ${allowed}`;
    out.push(
      finding(
        'single-authorising-server',
        room,
        `Only ${only.server} can authorise joins into ${room} for members of ${allowed} (through ${only.user}). While ${only.server} is down or upgrading, or if ${only.user} leaves or loses power, members of ${allowed} who are not invited cannot join (every other resident answers M_UNABLE_TO_GRANT_JOIN or M_UNABLE_TO_AUTHORISE_JOIN, and the joiner ends with 502).`,
        [only.server],
        fix,
      ),
    );
  }
  return out;
}
