/**
 * The engine's main entry: simulate a validated scenario and produce the report,
 * with lint findings and expectation results filled in.
 */
import { createProfile, findProfile } from '../federation/profiles';
import type { ImplementationProfile } from '../federation/profile';
import { invariant } from '../kernel/invariant';
import { lintScenario } from '../lint/index';
import { buildReport } from '../report/build-report';
import { expandGenerate } from '../generate/index';
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
  /** The static findings to put in the report's `lint`; when left out, the linter runs here, so every caller gets them. */
  lint?: LintFinding[];
  /**
   * Wraps each server's implementation profile, e.g. to look at what a resident
   * knew when it answered (engine/explain). The wrapper must not change answers.
   */
  wrapProfile?: (profile: ImplementationProfile) => ImplementationProfile;
  /** Progress of the simulation: (events processed, simulated time), every so many events (see SimulationOptions). */
  onProgress?: (events: number, simTime: number) => void;
}

export interface RunOutcome {
  report: RunReport;
  result: SimulationResult;
}

/** Simulates `scenario` and returns its report. */
export function runScenario(given: Scenario, options: RunOptions = {}): RunOutcome {
  // A `generate:` block is expanded here too, for callers that load scenarios themselves.
  // The run's seed is the generator's default seed (a `generate.seed` in the file still
  // wins), so runs with different seeds sample different federations.
  const scenario = expandGenerate(options.seed !== undefined && given.generate !== undefined ? { ...given, seed: options.seed } : given);
  const result = simulate(scenario, {
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.onTrace ? { onTrace: options.onTrace } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    profileFor: (name, overrides) => {
      const profile = overrides === undefined ? findProfile(name) : createProfile(name, overrides);
      invariant(profile, () => `no implementation profile "${name}" in this build`);
      return options.wrapProfile ? options.wrapProfile(profile) : profile;
    },
  });
  const report = buildReport(scenario, result, options.lint ?? lintScenario(scenario));
  report.expectations = checkExpectations(scenario.expect, report);
  return { report, result };
}
