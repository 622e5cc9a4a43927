/**
 * The one-screen summary of a sweep on stdout: what ran, then a table of the points
 * with the main metrics (joined share, time to join with its percentiles, requests
 * per join) and their 95% intervals. The files keep every metric; past LISTED_POINTS
 * points the table shows the first ones and says where the rest are.
 */
import type { MetricSummary, PointMetrics, SweepReport } from '../../engine/index';

/** Points listed one per row; the rest are in sweep.csv. */
export const LISTED_POINTS = 40;

function pad(text: string, width: number, right = false): string {
  if (text.length >= width) return text;
  return right ? ' '.repeat(width - text.length) + text : text + ' '.repeat(width - text.length);
}

/** `mean [lo, hi]` with `digits` decimals. */
function withInterval(summary: MetricSummary | undefined, digits: number): string {
  if (summary === undefined) return '-';
  const f = (x: number): string => x.toFixed(digits);
  return summary.sd === 0 ? f(summary.mean) : `${f(summary.mean)} [${f(summary.ci95[0])}, ${f(summary.ci95[1])}]`;
}

function valueText(value: unknown): string {
  return value === null ? 'null' : String(value);
}

/** The summary text of `report`, written to `files` (shown last). */
export function formatSweepSummary(report: SweepReport, files: readonly string[]): string {
  const runs = report.points.reduce((sum, p) => sum + p.runs, 0);
  const lines: string[] = [];
  const shard = report.shard ? `, shard ${report.shard.k}/${report.shard.n}` : '';
  lines.push(
    `sweep ${report.scenario}: ${report.points.length} point${report.points.length === 1 ? '' : 's'} × ${report.replications} replication${report.replications === 1 ? '' : 's'}${shard}, ${runs} run${runs === 1 ? '' : 's'} in ${(report.timing.wallMs / 1000).toFixed(1)} s (${report.timing.workers} at a time), seeds "${report.seed}/<point>/<replication>"`,
  );
  lines.push('means with 95% Student-t intervals over the runs of each point; time to join over joined joins, p50/p95 pooled');
  lines.push('');
  const header = [...report.vary.map((axis) => axis.path), 'runs', 'joined share', 'time to join ms', 'p50/p95', 'requests/join'];
  const rows = report.points.slice(0, LISTED_POINTS).map((point) => {
    const m = point.metrics as Partial<PointMetrics>;
    return [
      ...report.vary.map((axis) => valueText(point.values[axis.path])),
      String(point.runs),
      withInterval(m.joinedShare, 3),
      withInterval(m.timeToJoinMs, 0),
      m.timeToJoinMs ? `${m.timeToJoinMs.p50}/${m.timeToJoinMs.p95}` : '-',
      withInterval(m.attemptsPerJoin, 2),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const numeric = (i: number): boolean => i >= report.vary.length;
  lines.push(header.map((h, i) => pad(h, widths[i] as number, numeric(i))).join('  '));
  for (const row of rows) lines.push(row.map((cell, i) => pad(cell, widths[i] as number, numeric(i))).join('  '));
  if (report.points.length > LISTED_POINTS) lines.push(`… ${report.points.length - LISTED_POINTS} more points in sweep.csv`);
  lines.push('');
  lines.push(`wrote ${files.join(' and ')}`);
  return lines.join('\n') + '\n';
}
