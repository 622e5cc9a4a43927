/**
 * `sweep.csv`: one header row, then one row per point: the varied paths in `--vary`
 * order, `runs`, then `NAME_mean,NAME_lo,NAME_hi` for each metric in the contract's
 * order, keyed metrics (final status, errcode, lint) one triple per key found in any
 * point. A point without runs has empty cells; a key a point never saw is 0 there.
 */
import type { MetricSummary, PointMetrics, SweepReport } from './types';

const SCALARS = ['joins', 'joinedShare', 'timeToJoinMs', 'attemptsPerJoin', 'requests'] as const;
const KEYED = ['finalStatusShare', 'errcodeShare', 'lint'] as const;

/** The CSV text of `report`, rows ended by "\n". */
export function toSweepCsv(report: SweepReport): string {
  const keys = KEYED.map((name) => {
    const found = new Set<string>();
    for (const point of report.points) for (const key of Object.keys((point.metrics as Partial<PointMetrics>)[name] ?? {})) found.add(key);
    return [...found].sort(name === 'finalStatusShare' ? (a, b) => Number(a) - Number(b) : undefined);
  });
  const header = [...report.vary.map((axis) => axis.path), 'runs'];
  for (const name of SCALARS) header.push(`${name}_mean`, `${name}_lo`, `${name}_hi`);
  KEYED.forEach((name, i) => {
    for (const key of keys[i] as string[]) header.push(`${name}.${key}_mean`, `${name}.${key}_lo`, `${name}.${key}_hi`);
  });
  const lines = [header.map(cell).join(',')];
  for (const point of report.points) {
    const metrics = point.metrics as Partial<PointMetrics>;
    const row: string[] = [...report.vary.map((axis) => cell(point.values[axis.path] ?? null)), String(point.runs)];
    const hasRuns = point.runs > 0;
    for (const name of SCALARS) row.push(...triple(metrics[name]));
    KEYED.forEach((name, i) => {
      for (const key of keys[i] as string[]) {
        const summary = metrics[name]?.[key];
        row.push(...(summary === undefined && hasRuns ? ['0', '0', '0'] : triple(summary)));
      }
    });
    lines.push(row.join(','));
  }
  return lines.join('\n') + '\n';
}

function triple(summary: MetricSummary | undefined): string[] {
  return summary === undefined ? ['', '', ''] : [String(summary.mean), String(summary.ci95[0]), String(summary.ci95[1])];
}

/** A CSV cell: quoted when it holds a comma, a quote or a line break (RFC 4180); null is empty. */
function cell(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
