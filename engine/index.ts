/**
 * fedsim's engine: a deterministic discrete-event simulator of Matrix federation,
 * pure TypeScript (no Node, no DOM), shared by the CLI and the visualiser.
 * This is its one public entry; other folders import only from here.
 */

// Scenario files: parsing, validation, the normalized types.
/** The normalized scenario (servers, rooms, network, timeline, expectations) as the engine runs it. */
export type * from './scenario/types';
/** Every room version, the default one, and every implementation name a scenario may use. */
export { ALL_ROOM_VERSIONS, DEFAULT_ROOM_VERSION, IMPLEMENTATION_NAMES } from './scenario/types';
/** Parses and validates scenario text; every problem at once. */
export { loadScenario, validateScenario, type LoadResult } from './scenario/load';
/** The JSON Schema (draft 2020-12) of the scenario format, built from the validator's key and value lists. */
export { scenarioJsonSchema } from './scenario/json-schema';
/** A problem in a scenario file, and its `file:path: message` form. */
export { formatProblem, type Problem } from './scenario/problems';

// Running.
/** Simulates a scenario and returns its report (see the report contract). */
export { runScenario, type RunOptions, type RunOutcome } from './run/run-scenario';
/** One run without the report: the fingerprint, the join entries, the servers' final state (for tools that look inside). */
export { simulate, type SimulationOptions, type SimulationResult } from './run/simulation';
/** One record of a run's trace, and the callback that receives them as they are made. */
export type { TraceEvent, TraceListener } from './run/trace';
/** The run report (report contract, version 1): joins, attempts, aggregates, lint findings, expectations. */
export type * from './report/types';
/** Checks a scenario's `expect:` block against a report. */
export { checkExpectations } from './report/expectations';
/** Cuts a report's per-join entries to a maximum; aggregates and `summary` stay complete. */
export { limitReportJoins, summarise } from './report/build-report';

// Diagnosis: lint, explain, import.
/** The static check of a scenario's state at t = 0 and its timeline's joins (report contract "Lint codes"). */
export { lintScenario, countBySeverity, LINT_CODES, type LintCode } from './lint/index';
/** The causal story of joins and the smallest scenario change that lets a failed one in; `applyFix` applies such a change. */
export { explainJoins, joinIds, applyFix, proposeFixes, MAX_FIX_SIMULATIONS, type ExplainOptions, type ExplainPhase, type ExplainResult } from './explain/index';
/** The causal story of a join and its smallest fix, as plain data (the report's `explanation`). */
export type * from './report/explanation';
/** A scenario from real room state (GET /rooms/{roomId}/state arrays), and its file text with warnings as comments. */
export { importScenario, toScenarioText, type RoomStateInput, type ImportOptions, type ImportResult, type RawScenario } from './import/index';
/**
 * Resilience: per restricted room and allowed room, the servers that would authorise a member's join (each by its
 * implementation's notion) and how many must fail; the servers whose loss alone locks members out; `joinsLostWithout`
 * re-runs with a server crashed from t = 0 and lists the timeline joins lost; `toResilienceReport` gives the `--json` output.
 */
export { analyseResilience, analyseFacts, toResilienceReport, joinsLostWithout, withServerDown, AUTHORISER_NOTIONS, type ResilienceOptions, type VerifyOptions, type VerifyPhase, type AuthoriserNotion } from './resilience/index';
/** The resilience analysis's result types: per room and allowed room, the critical servers, and the `--json` output. */
export type { ResilienceAnalysis, ResilienceReport, ResilienceAdvice, RoomResilience, AllowedRoomResilience, CriticalServer } from './resilience/index';
/** Scenario or settings text (JSON or YAML by file name) to a value, with line:column problems. */
export { parseScenarioText, type ParseResult } from './scenario/parse';

// The Matrix model, for tools that reason about scenarios (lint, explain, visualiser).
/** Room versions as data: each version's feature flags, and whether it supports a join rule. */
export { roomVersion, ROOM_VERSIONS, supportsJoinRule, type RoomVersionRules } from './matrix/room-versions';
/** `m.room.join_rules` content parsed (rule, allowed rooms), and whether a rule is restricted or knock_restricted. */
export { parseJoinRules, isRestrictedRule, type ParsedJoinRules } from './matrix/join-rules';
/** A user's power level in a room's power levels content (v12 creators: unlimited). */
export { userPowerLevel } from './matrix/power-levels';
/** Matrix identifiers: the server and local parts of an ID, and whether a string is a user or room ID. */
export { serverOf, localPartOf, isUserId, isRoomId } from './matrix/ids';
/** One server's view of a room's current state (version, join rules, power levels, memberships). */
export { RoomView } from './matrix/room-view';
/** The Matrix errcodes the simulator uses, by name. */
export * as errcodes from './matrix/errcodes';
/** The implementation profile called `name` with its default settings, and the names this build has. */
export { findProfile, profileNames } from './federation/profiles';
/** How one implementation answers as a resident and behaves as a joining server. */
export type { ImplementationProfile } from './federation/profile';
/** Builds a profile with `profileSettings` overrides; checks such overrides (`path: message` lines); each profile's defaults. */
export { createProfile, checkProfileSettings, DEFAULT_SETTINGS, type ProfileSettings } from './federation/profiles';

// The kernel, for benchmarks and other models.
/** The discrete-event kernel: a clock, a queue, and a handler per event. */
export { Simulator, type EventHandler } from './kernel/simulator';
/** The kernel's queue, ordered by (time, priority, sequence), and its priorities at one instant. */
export { EventQueue, PRIORITY_URGENT, PRIORITY_NORMAL, PRIORITY_LATE } from './kernel/event-queue';
/** Named random streams derived from one seed, so adding a consumer never shifts another's draws. */
export { RandomStreams, type RandomStream } from './kernel/random-streams';
/** The running hash of a trace, and the word a string contributes to it. */
export { Fingerprint, stringWord } from './kernel/fingerprint';
/** Failing on a broken invariant, with a message that names the value. */
export { invariant, assertNever, InvariantError } from './kernel/invariant';

// Generated federations (fedsim generate, `generate:` blocks).
/** Expands a scenario's `generate:` block; options, the population, and scenario files written back. */
export * from './generate/index';

// Sweeps (fedsim sweep): many runs of one scenario over a grid of values, with 95% intervals.
/** The sweep's data: `--vary` axes, run specs and results, per-run metrics, point summaries, `sweep.json`. */
export type * from './sweep/index';
/** `--vary PATH=V1,V2,…` parsed: the path's segments and each value read as a YAML scalar. */
export { parseVaryArgument, parseVaryPath, parseVaryValue, type Parsed, type PathSegment } from './sweep/index';
/** A point's variant: the parsed scenario file with each varied path set (immer `produce`; the base untouched). */
export { applyPointValues, type VariantResult } from './sweep/index';
/** The grid (first `--vary` slowest), every variant validated, and the run list with seeds `"<S>/<p>/<r>"`, cut to a shard when asked. */
export { planSweep, validateVariant, MAX_SWEEP_RUNS, gridPoints, runSeed, runCount, inShard, sweepRuns, type SweepRequest, type SweepPlan, type PlannedPoint, type PlanResult } from './sweep/index';
/** One run from its serialisable spec, returning its metrics (never its report): what every executor calls. */
export { runSweepSpec, runMetricsOf } from './sweep/index';
/** Mean, sample sd and 95% Student-t interval; nearest-rank percentiles of counted values; the t quantile itself. */
export { summariseValues, countedPercentiles, studentTQuantile, studentTwoSidedTail } from './sweep/index';
/** `sweep.json` from run results in any order (taken by an accumulator as they arrive, summarised in point/replication order), and `sweep.csv` from it. */
export { buildSweepReport, createSweepAccumulator, summarisePoint, toSweepCsv, type SweepAccumulator, type SweepHeader, type ReportOptions } from './sweep/index';
/** `--shard k/N`, and the whole report from partial ones of one sweep (others refused). */
export { parseShard, mergeSweepReports, type SweepPart, type MergeResult } from './sweep/index';
