/**
 * Explaining joins (`fedsim explain`): the causal story of each join, and the
 * smallest scenario change that would have let a failed one in.
 */
export { explainJoins, joinIds, type ExplainOptions, type ExplainPhase, type ExplainResult } from './explain-join';
export { applyFix } from './apply-fix';
export { proposeFixes } from './fix-candidates';
export { MAX_FIX_SIMULATIONS } from './search-fix';
export type * from '../report/explanation';
