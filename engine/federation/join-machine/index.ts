/**
 * The joining server as a pure state machine: `step(state, input, lookups)`
 * returns the next state and the effects for the run to perform (XState's
 * `transition` shape). The run's join code only performs those effects.
 */
export { initialJoinState, step } from './step';
export type { AttemptDecision, JoinEffect, JoinFacts, JoinInput, JoinerLookups, JoinerTraceEvent, JoinPhase, JoinState, JoinTransition } from './types';
