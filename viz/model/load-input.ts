/**
 * Any file a person drops on the page, to a Dataset: a run report (JSON with
 * "fedsim": 1 and joins), a trace (JSON lines of records), or a scenario (YAML or
 * JSON) simulated here with the same engine as the CLI. Never throws on bad input.
 */
import { expandGenerate, formatProblem, loadScenario, runScenario, type JoinReport, type RunReport, type TraceEvent } from '../../engine/index';
import type { Dataset } from './dataset';
import { reportFromTrace } from './report-from-trace';

/** Which part of loading failed: getting the bytes, making sense of them, or running the scenario. */
export type LoadStage = 'reading' | 'parsing' | 'simulating';

export type LoadOutcome = { ok: true; dataset: Dataset } | { ok: false; problems: string[]; stage?: LoadStage };

/** `onTrace`, when given, receives a simulated scenario's trace records instead of the dataset keeping them (the worker digests them as they come). */
export function loadInput(text: string, fileName: string, scenarioKey: string | null = null, onTrace?: (record: TraceEvent) => void): LoadOutcome {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.jsonl') || looksLikeTrace(text)) return loadTrace(text, fileName);
  if (lower.endsWith('.json')) {
    const value = tryParseJson(text);
    if (isReport(value)) {
      const report = withDefaults(value);
      return { ok: true, dataset: { name: report.scenario || fileName, source: 'report', scenarioKey: null, report, trace: [], scenario: null } };
    }
  }
  return simulateText(text, fileName, scenarioKey, onTrace);
}

/** Parses, validates and simulates a scenario, collecting its trace. */
export function simulateText(text: string, fileName: string, scenarioKey: string | null = null, onTrace?: (record: TraceEvent) => void): LoadOutcome {
  const loaded = loadScenario(text, fileName);
  if (!loaded.ok) return { ok: false, stage: 'parsing', problems: loaded.problems.map(formatProblem) };
  const trace: TraceEvent[] = [];
  try {
    // Expanded once here so the views see the generated servers and rooms; runScenario leaves it as is.
    // The linter is left to runScenario, so the report's lint is the same as the CLI's.
    const scenario = expandGenerate(loaded.scenario, fileName);
    const { report } = runScenario(scenario, { onTrace: onTrace ?? ((event) => trace.push(event)) });
    return { ok: true, dataset: { name: scenario.name, source: 'scenario', scenarioKey, report, trace, scenario } };
  } catch (error) {
    return { ok: false, stage: 'simulating', problems: [`${fileName}: the simulation failed: ${error instanceof Error ? error.message : String(error)}`] };
  }
}

function loadTrace(text: string, fileName: string): LoadOutcome {
  const trace: TraceEvent[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (!line) continue;
    const value = tryParseJson(line);
    if (!isTraceRecord(value)) return { ok: false, stage: 'parsing', problems: [`${fileName}:${i + 1}: not a fedsim trace record`] };
    trace.push(value);
  }
  if (trace.length === 0) return { ok: false, stage: 'parsing', problems: [`${fileName}: the trace is empty`] };
  const name = fileName.replace(/^.*\//, '').replace(/\.jsonl$/i, '');
  return { ok: true, dataset: { name, source: 'trace', scenarioKey: null, report: reportFromTrace(trace, name), trace, scenario: null } };
}

/**
 * Fills what the views rely on but a hand-made or older report may lack (times,
 * lint), so a sparse report shows what it has instead of breaking the page.
 */
function withDefaults(report: RunReport): RunReport {
  const joins = report.joins.map(normaliseJoin);
  let last = 0;
  // A loop, not Math.max(...joins): spreading 100,000 arguments overflows the stack.
  for (const join of joins) last = Math.max(last, join.finishedAt);
  return withHeadDefaults({ ...report, joins }, last);
}

function finite(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** A report's members other than its joins, with defaults; `lastFinish` stands in for a missing `endedAt`. */
export function withHeadDefaults(report: RunReport, lastFinish: number): RunReport {
  return { ...report, endedAt: finite(report.endedAt, lastFinish), lint: Array.isArray(report.lint) ? report.lint : [], seed: String(report.seed ?? '') };
}

/** One join of a report with the fields the views rely on filled in. */
export function normaliseJoin(join: JoinReport): JoinReport {
  const at = finite(join.at, 0);
  const attempts = join.attempts
    .filter((a) => typeof a === 'object' && a !== null)
    .map((a) => ({ ...a, server: String(a.server), at: finite(a.at, at), status: finite(a.status, 0), errcode: typeof a.errcode === 'string' ? a.errcode : null, reason: typeof a.reason === 'string' ? a.reason : '' }));
  let last = at;
  for (const attempt of attempts) last = Math.max(last, finite(attempt.answeredAt, attempt.at));
  return { ...join, at, attempts, finishedAt: finite(join.finishedAt, last), outcome: join.outcome === 'joined' ? ('joined' as const) : ('failed' as const) };
}

export function looksLikeTrace(text: string): boolean {
  const first = text.trimStart().split('\n', 1)[0] ?? '';
  return isTraceRecord(tryParseJson(first)) && text.trim().includes('\n');
}

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isReport(value: unknown): value is RunReport {
  return isRecord(value) && value.fedsim === 1 && Array.isArray(value.joins) && isRecord(value.errcodeMatrix) && value.joins.every(isJoinLike);
}

export function isJoinLike(value: unknown): value is JoinReport {
  return isRecord(value) && typeof value.id === 'string' && typeof value.user === 'string' && typeof value.room === 'string' && Array.isArray(value.attempts);
}

function isTraceRecord(value: unknown): value is TraceEvent {
  return isRecord(value) && typeof value.t === 'number' && typeof value.type === 'string';
}
