/**
 * The engine's main entry: simulate a validated scenario and produce the report,
 * with lint findings and expectation results filled in.
 */
import { findProfile } from '../federation/profiles';
import { invariant } from '../kernel/invariant';
import { buildReport } from '../report/build-report';
import { checkExpectations } from '../report/expectations';
import type { LintFinding, RunReport } from '../report/types';
import type { Scenario } from '../scenario/types';
import { simulate, type SimulationResult } from './simulation';
import type { TraceListener } from './trace';

export interface RunOptions {
  /** Overrides the scenario's seed (`--seed`). */
  seed?: string;
  /** Receives every trace record as it is made. */
  onTrace?: TraceListener;
  /** The static findings to put in the report's `lint` (the linter's output). */
  lint?: LintFinding[];
}

export interface RunOutcome {
  report: RunReport;
  result: SimulationResult;
}

/** Simulates `scenario` and returns its report. */
export function runScenario(scenario: Scenario, options: RunOptions = {}): RunOutcome {
  const result = simulate(scenario, {
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.onTrace ? { onTrace: options.onTrace } : {}),
    profileFor: (name) => {
      const profile = findProfile(name);
      invariant(profile, () => `no implementation profile "${name}" in this build`);
      return profile;
    },
  });
  const report = buildReport(scenario, result, options.lint ?? []);
  report.expectations = checkExpectations(scenario.expect, report);
  return { report, result };
}
