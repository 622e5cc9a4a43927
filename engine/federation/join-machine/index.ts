/**
 * The joining server as a pure state machine: `step(state, input, lookups)`
 * returns the next state and the effects for the run to perform (XState's
 * `transition` shape). The run's join code only performs those effects.
 */

/** A join before it starts; the transition (the next state and the effects, from a state and an input); the same, changing a state its owner lets it change. */
export { initialJoinState, step, stepInPlace, type DraftJoinState } from './step';
/** The machine's state, inputs, effects and the world it may read (see types.ts for each). */
export type { AttemptDecision, JoinEffect, JoinFacts, JoinInput, JoinerLookups, JoinerTraceEvent, JoinPhase, JoinState, JoinTransition } from './types';
