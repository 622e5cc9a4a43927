/**
 * Generated federations (issue 6): options, the heavy-tailed population, the
 * expansion of a scenario's `generate:` block, and writing scenarios back as files.
 */
export { defaultOptions, readGenerateOptions, GENERATE_KEYS, MISCONFIG_KEYS, type GenerateOptions, type MisconfigRates } from './options';
export { generateFederation, type GeneratedFederation, type GeneratedJoin } from './population';
export { expandGenerate, checkGenerate, GenerateProblems } from './expand';
export { toScenarioFile, scenarioJsonChunks } from './scenario-file';
