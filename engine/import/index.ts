/**
 * Importing real Matrix data (`fedsim import`): room state arrays in, a scenario
 * out, with warnings for whatever could not be used. Pure: the CLI reads files.
 */
export { importScenario } from './build-scenario';
export { toScenarioText } from './to-text';
export type * from './types';
