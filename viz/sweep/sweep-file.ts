/**
 * A `sweep.json` (the sweep report contract) as the visualiser reads it: checked
 * field by field, since a file from anywhere may be dropped on the page, and
 * normalised to what the sweep view needs. Never throws; problems come back as
 * `file: message` lines like every other load.
 */

/** A varied parameter's value: a YAML scalar. */
export type SweepValue = string | number | boolean | null;

/** A metric over a point's runs: mean, sample sd, 95% interval; p50/p95 for the time to join. */
export interface Summary {
  mean: number;
  sd: number;
  lo: number;
  hi: number;
  p50?: number;
  p95?: number;
}

export interface SweepPointView {
  index: number;
  values: Record<string, SweepValue>;
  runs: number;
  /** Metric key (`joinedShare`, `errcodeShare.M_FORBIDDEN`) to its summary. */
  metrics: Map<string, Summary>;
  /** Each run's seed in replication order, when the report lists them. */
  seeds: string[];
  /** Each run's fingerprint in replication order. */
  fingerprints: string[];
}

export interface SweepView {
  fileName: string;
  scenario: string;
  seed: string;
  replications: number;
  vary: { path: string; values: SweepValue[] }[];
  points: SweepPointView[];
  /** Metric keys in the contract's order, keyed metrics (finalStatusShare.200…) as they appear. */
  metricKeys: string[];
  /** The scenario as written, to rebuild a point's variant; null when the report has none. */
  baseScenario: unknown;
  /** The scenario file's name inside the report, for problems about its variants. */
  scenarioFileName: string;
  /** The same-origin path it was fetched from (`#load=`), kept in the URL while its runs are open. */
  loadedFrom?: string;
}

export type SweepOutcome = { ok: true; sweep: SweepView } | { ok: false; problems: string[] };

/** The plain metrics, then the keyed families, in the contract's order. */
const PLAIN_METRICS = ['joins', 'joinedShare', 'timeToJoinMs', 'attemptsPerJoin', 'requests'] as const;
const KEYED_METRICS = ['finalStatusShare', 'errcodeShare', 'lint'] as const;

/** Whether a text is a sweep report, judged cheaply before anything else tries it. */
export function looksLikeSweep(text: string): boolean {
  const head = text.slice(0, 4096);
  return /^\s*\{/.test(head) && /"sweepFormat"\s*:/.test(text);
}

export function readSweep(text: string, fileName: string): SweepOutcome {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`${fileName}: not JSON: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const problems: string[] = [];
  const bad = (path: string, message: string): void => void problems.push(`${fileName}: ${path}: ${message}`);
  if (!isRecord(value)) return { ok: false, problems: [`${fileName}: not a sweep report (expected a JSON object)`] };
  if (value.sweepFormat !== 1) return { ok: false, problems: [`${fileName}: sweepFormat ${JSON.stringify(value.sweepFormat)} is not one this visualiser reads (1)`] };

  const vary: SweepView['vary'] = [];
  if (!Array.isArray(value.vary)) bad('vary', 'expected a list');
  else
    value.vary.forEach((axis, i) => {
      if (!isRecord(axis) || typeof axis.path !== 'string' || !Array.isArray(axis.values) || !axis.values.every(isScalar)) bad(`vary[${i}]`, 'expected { path, values: [scalars] }');
      else vary.push({ path: axis.path, values: axis.values as SweepValue[] });
    });

  const points: SweepPointView[] = [];
  if (!Array.isArray(value.points)) bad('points', 'expected a list');
  else
    value.points.forEach((raw, i) => {
      const point = readPoint(raw, `points[${i}]`, bad);
      if (point) points.push(point);
    });
  if (problems.length > 0) return { ok: false, problems };

  const present = new Set(points.flatMap((p) => [...p.metrics.keys()]));
  const metricKeys = [
    ...PLAIN_METRICS.filter((key) => present.has(key)),
    ...KEYED_METRICS.flatMap((family) => [...present].filter((key) => key.startsWith(`${family}.`)).sort(byNatural)),
  ];
  return {
    ok: true,
    sweep: {
      fileName,
      scenario: typeof value.scenario === 'string' ? value.scenario : fileName,
      seed: typeof value.seed === 'string' ? value.seed : String(value.seed ?? ''),
      replications: typeof value.replications === 'number' ? value.replications : 0,
      vary,
      points,
      metricKeys,
      baseScenario: 'baseScenario' in value ? value.baseScenario : null,
      scenarioFileName: typeof value.fileName === 'string' ? value.fileName : `${typeof value.scenario === 'string' ? value.scenario : 'scenario'}.yaml`,
    },
  };
}

function readPoint(raw: unknown, at: string, bad: (path: string, message: string) => void): SweepPointView | null {
  if (!isRecord(raw) || typeof raw.index !== 'number' || !isRecord(raw.values) || !Object.values(raw.values).every(isScalar)) {
    bad(at, 'expected { index, values, runs, metrics }');
    return null;
  }
  const metrics = new Map<string, Summary>();
  const source = isRecord(raw.metrics) ? raw.metrics : {};
  for (const key of PLAIN_METRICS) {
    const summary = readSummary(source[key]);
    if (summary) metrics.set(key, summary);
  }
  for (const family of KEYED_METRICS) {
    const byKey = source[family];
    if (!isRecord(byKey)) continue;
    for (const [key, rawSummary] of Object.entries(byKey)) {
      const summary = readSummary(rawSummary);
      if (summary) metrics.set(`${family}.${key}`, summary);
    }
  }
  const seeds = Array.isArray(raw.perRun) ? raw.perRun.map((run) => (isRecord(run) && typeof run.seed === 'string' ? run.seed : '')).filter((seed) => seed !== '') : [];
  const fingerprints = Array.isArray(raw.fingerprints) ? raw.fingerprints.filter((f): f is string => typeof f === 'string') : [];
  return { index: raw.index, values: raw.values as Record<string, SweepValue>, runs: typeof raw.runs === 'number' ? raw.runs : 0, metrics, seeds, fingerprints };
}

function readSummary(raw: unknown): Summary | null {
  if (!isRecord(raw) || !isFiniteNumber(raw.mean)) return null;
  const ci = Array.isArray(raw.ci95) && raw.ci95.length === 2 && raw.ci95.every(isFiniteNumber) ? (raw.ci95 as [number, number]) : [raw.mean, raw.mean];
  const summary: Summary = { mean: raw.mean, sd: isFiniteNumber(raw.sd) ? raw.sd : 0, lo: Math.min(...ci), hi: Math.max(...ci) };
  if (isFiniteNumber(raw.p50)) summary.p50 = raw.p50;
  if (isFiniteNumber(raw.p95)) summary.p95 = raw.p95;
  return summary;
}

/** `errcodeShare.M_FORBIDDEN` → family and key. */
export function splitMetricKey(key: string): { family: string; key: string | null } {
  const dot = key.indexOf('.');
  return dot < 0 ? { family: key, key: null } : { family: key.slice(0, dot), key: key.slice(dot + 1) };
}

function byNatural(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is SweepValue {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || isFiniteNumber(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
