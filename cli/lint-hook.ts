/**
 * Where `fedsim run` gets the lint findings for the report. The linter lives in
 * the engine (engine/lint); this indirection keeps `run` independent of it.
 */
import type { LintFinding, Scenario } from '../engine/index';

export function lintFindingsFor(_scenario: Scenario): LintFinding[] {
  return [];
}
