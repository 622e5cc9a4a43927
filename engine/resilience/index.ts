/**
 * Resilience: which servers a restricted room cannot do without (`fedsim
 * resilience`, the `single-authorising-server` lint code, the visualiser's marks).
 * For each restricted room and allowed room: the servers that would authorise a
 * member's join, each by its own implementation's notion, and how many must fail.
 */
import { findProfile } from '../federation/profiles';
import { invariant } from '../kernel/invariant';
import { gatherFacts } from '../facts/index';
import { simulate } from '../run/simulation';
import type { Scenario } from '../scenario/types';
import { analyseFacts, analyseInput } from './analyse';
import { inputFromServers } from './sight';
import type { ResilienceAnalysis } from './types';

export { analyseFacts, toResilienceReport } from './analyse';
export { joinsLostWithout, withServerDown, type VerifyOptions, type VerifyPhase } from './verify';
export { AUTHORISER_NOTIONS, type AuthoriserNotion } from './notions';
export type { RoomSight, ResilienceInput } from './sight';
export type * from './types';

export interface ResilienceOptions {
  /** Analyse the servers' own views after running the timeline up to this simulated time (ms); t = 0's state when left out. */
  at?: number;
  /** Overrides the scenario's seed for the run up to `at`. */
  seed?: string;
  /** Progress of the run up to `at`. */
  onProgress?: (events: number, simTime: number) => void;
}

/** The analysis of `scenario` at t = 0, or at `options.at` after running the timeline that far. */
export function analyseResilience(scenario: Scenario, options: ResilienceOptions = {}): ResilienceAnalysis {
  const facts = gatherFacts(scenario);
  if (options.at === undefined) return analyseFacts(facts);
  const until = scenario.until === undefined ? options.at : Math.min(scenario.until, options.at);
  const result = simulate(
    { ...scenario, until },
    {
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      profileFor: (name) => {
        const profile = findProfile(name);
        invariant(profile, () => `no implementation profile "${name}" in this build`);
        return profile;
      },
    },
  );
  return analyseInput(inputFromServers(facts.rooms, result.servers), scenario.profileSettings);
}
