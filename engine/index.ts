/**
 * fedsim's engine: a deterministic discrete-event simulator of Matrix federation,
 * pure TypeScript (no Node, no DOM), shared by the CLI and the visualiser.
 * This is its one public entry; other folders import only from here.
 */

// Scenario files: parsing, validation, the normalized types.
export type * from './scenario/types';
export { ALL_ROOM_VERSIONS, DEFAULT_ROOM_VERSION, IMPLEMENTATION_NAMES } from './scenario/types';
/** Parses and validates scenario text; every problem at once. */
export { loadScenario, validateScenario, type LoadResult } from './scenario/load';
/** A problem in a scenario file, and its `file:path: message` form. */
export { formatProblem, type Problem } from './scenario/problems';

// Running.
/** Simulates a scenario and returns its report (see the report contract). */
export { runScenario, type RunOptions, type RunOutcome } from './run/run-scenario';
export { simulate, type SimulationOptions, type SimulationResult } from './run/simulation';
export type { TraceEvent, TraceListener } from './run/trace';
export type * from './report/types';
export { checkExpectations } from './report/expectations';
/** Cuts a report's per-join entries to a maximum; aggregates and `summary` stay complete. */
export { limitReportJoins, summarise } from './report/build-report';

// Diagnosis: lint, explain, import.
/** The static check of a scenario's state at t = 0 and its timeline's joins (report contract "Lint codes"). */
export { lintScenario, countBySeverity, LINT_CODES, type LintCode } from './lint/index';
/** The causal story of joins and the smallest scenario change that lets a failed one in; `applyFix` applies such a change. */
export { explainJoins, joinIds, applyFix, proposeFixes, MAX_FIX_SIMULATIONS, type ExplainOptions, type ExplainPhase, type ExplainResult } from './explain/index';
export type * from './report/explanation';
/** A scenario from real room state (GET /rooms/{roomId}/state arrays), and its file text with warnings as comments. */
export { importScenario, toScenarioText, type RoomStateInput, type ImportOptions, type ImportResult, type RawScenario } from './import/index';
/** Scenario or settings text (JSON or YAML by file name) to a value, with line:column problems. */
export { parseScenarioText, type ParseResult } from './scenario/parse';

// The Matrix model, for tools that reason about scenarios (lint, explain, visualiser).
export { roomVersion, ROOM_VERSIONS, supportsJoinRule, type RoomVersionRules } from './matrix/room-versions';
export { parseJoinRules, isRestrictedRule, type ParsedJoinRules } from './matrix/join-rules';
export { serverOf, localPartOf, isUserId, isRoomId } from './matrix/ids';
export { RoomView } from './matrix/room-view';
export * as errcodes from './matrix/errcodes';
export { findProfile, profileNames } from './federation/profiles';
export type { ImplementationProfile } from './federation/profile';
/** Builds a profile with `profileSettings` overrides; checks such overrides (`path: message` lines); each profile's defaults. */
export { createProfile, checkProfileSettings, DEFAULT_SETTINGS, type ProfileSettings } from './federation/profiles';

// The kernel, for benchmarks and other models.
export { Simulator, type EventHandler } from './kernel/simulator';
export { EventQueue, PRIORITY_URGENT, PRIORITY_NORMAL, PRIORITY_LATE } from './kernel/event-queue';
export { RandomStreams, type RandomStream } from './kernel/random-streams';
export { Fingerprint, stringWord } from './kernel/fingerprint';
export { invariant, assertNever, InvariantError } from './kernel/invariant';

// Generated federations (fedsim generate, `generate:` blocks).
/** Expands a scenario's `generate:` block; options, the population, and scenario files written back. */
export * from './generate/index';
