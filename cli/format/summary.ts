/**
 * The human summary of a run report: each join with its outcome and its ladder of
 * attempts, the server × answer matrix, and the expectations. Plain text, fixed
 * column widths, no colour (it must read the same in a CI log).
 *
 * A big run's summary stays a page a person can read: past LISTED_JOINS joins it
 * lists only failed ones (what a user looks for), past MATRIX_ROWS servers the
 * matrix shows the busiest and sums the rest in one row, and past LISTED_FINDINGS
 * lint findings the rest are counted by code. The totals above stay complete, and
 * the JSON report (--report, --json) keeps everything.
 */
import type { JoinReport, LintFinding, RunReport } from '../../engine/index';

/** Joins listed in full when the run did not choose with --max-joins; past this, failed joins only, at most this many. */
export const LISTED_JOINS = 50;
/** Servers the answer matrix shows one by one; past this, the busiest this many and a row for the rest. */
export const MATRIX_ROWS = 30;
/** Lint findings listed one by one; the rest are counted by code. */
export const LISTED_FINDINGS = 50;

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function outcomeLine(join: JoinReport): string {
  if (join.outcome === 'joined') {
    const how = join.local ? `locally on ${join.resident}` : `through ${join.resident}`;
    const by = join.authorisedBy ? `, authorised by ${join.authorisedBy}` : '';
    return `joined ${how}${by}`;
  }
  const code = join.errcode ? ` ${join.errcode}` : '';
  return `FAILED ${join.status}${code}${join.message ? `: ${join.message}` : ''}`;
}

/** Names servers by their implementation too, but only when the federation mixes them. */
export function serverLabeller(report: RunReport): (server: string) => string {
  const implementations = new Map((report.servers ?? []).map((s) => [s.name, s.implementation]));
  if (new Set(implementations.values()).size <= 1) return (server) => server;
  return (server) => (implementations.has(server) ? `${server} (${implementations.get(server)})` : server);
}

export function formatJoin(join: JoinReport, label: (server: string) => string = (s) => s): string[] {
  // The joining server's profile decides the failover, so name it when profiles are mixed.
  const joiner = join.joiner && label(join.joiner) !== join.joiner ? ` from ${label(join.joiner)}` : '';
  const lines = [`${join.id}  ${join.user}${joiner} → ${join.room}  at ${join.at} ms  ${outcomeLine(join)}  (done at ${join.finishedAt} ms)`];
  const serverWidth = Math.max(12, ...join.attempts.map((a) => label(a.server).length + 1));
  join.attempts.forEach((a, i) => {
    const answer = a.skipped ? 'skipped (backoff)' : a.status === 0 ? 'no answer' : `${a.status}${a.errcode ? ` ${a.errcode}` : ''}`;
    const decision = a.decision ? ` → ${a.decision}` : '';
    lines.push(`  ${pad(`${i + 1}.`, 4)}${pad(label(a.server), serverWidth)} ${pad(a.step, 10)} ${pad(answer, 34)}${pad(decision, 11)} ${a.reason}`);
  });
  return lines;
}

export function formatMatrix(report: RunReport, label: (server: string) => string = serverLabeller(report), maxRows = Infinity): string[] {
  const servers = Object.keys(report.errcodeMatrix).sort();
  const answers = [...new Set(servers.flatMap((s) => Object.keys(report.errcodeMatrix[s] ?? {})))].sort((a, b) =>
    a === '200' ? -1 : b === '200' ? 1 : a < b ? -1 : 1,
  );
  const unanswered = report.unanswered ?? {};
  const skipped = report.skipped ?? {};
  const allServers = [...new Set([...servers, ...Object.keys(unanswered), ...Object.keys(skipped)])].sort();
  if (allServers.length === 0) return ['(no federation requests)'];
  // Silence and skips are not answers, so they get columns of their own, shown only when they happened.
  const columns = [
    ...answers,
    ...(Object.keys(unanswered).length > 0 ? ['no answer'] : []),
    ...(Object.keys(skipped).length > 0 ? ['skipped'] : []),
  ];
  const count = (server: string, column: string): number =>
    (column === 'no answer' ? unanswered[server] : column === 'skipped' ? skipped[server] : report.errcodeMatrix[server]?.[column]) ?? 0;
  // Too many servers to read one by one: the busiest, busiest first, and the rest summed.
  const cut = allServers.length > maxRows;
  const total = cut ? new Map(allServers.map((s) => [s, columns.reduce((n, c) => n + count(s, c), 0)])) : null;
  const shown = total ? [...allServers].sort((a, b) => (total.get(b) as number) - (total.get(a) as number) || (a < b ? -1 : 1)).slice(0, maxRows) : allServers;
  const rest = cut ? allServers.length - shown.length : 0;
  const restName = `(${rest} others)`;
  const heading = cut ? 'server (busiest first)' : 'server';
  const nameWidth = Math.max(heading.length, ...shown.map((s) => label(s).length), cut ? restName.length : 0) + 2;
  const rows = shown.map((server) => ({ name: label(server), cells: columns.map((c) => count(server, c)) }));
  if (cut) {
    const listed = new Set(shown);
    const others = allServers.filter((s) => !listed.has(s));
    rows.push({ name: restName, cells: columns.map((c) => others.reduce((n, s) => n + count(s, c), 0)) });
  }
  // Wide enough for the heading and for the biggest count (a million-join run has six-digit cells).
  const widths = columns.map((c, i) => Math.max(c.length, 3, ...rows.map((r) => String(r.cells[i]).length)) + 2);
  const line = (name: string, cells: number[]): string =>
    (pad(name, nameWidth) + cells.map((n, i) => pad(n ? String(n) : '·', widths[i] as number)).join('')).trimEnd();
  const lines = [(pad(heading, nameWidth) + columns.map((c, i) => pad(c, widths[i] as number)).join('')).trimEnd()];
  for (const row of rows) lines.push(line(row.name, row.cells));
  return lines;
}

/** The joins a summary lists, and the line that says which when it does not list them all. */
function joinsToList(report: RunReport, listAll: boolean): { joins: JoinReport[]; note: string | null } {
  if (listAll || report.joins.length <= LISTED_JOINS) return { joins: report.joins, note: null };
  const failed = report.joins.filter((j) => j.outcome === 'failed');
  const joins = failed.slice(0, LISTED_JOINS);
  const which =
    failed.length === 0 ? 'none failed, so none is listed' : joins.length === failed.length ? `the ${failed.length} that failed are listed below` : `the first ${joins.length} of the ${failed.length} that failed are listed below`;
  return {
    joins,
    note: `(${report.joins.length} joins: ${which}; --max-joins N lists the first N joins, --report FILE writes every entry, fedsim explain FILE --join ID tells one join's story)`,
  };
}

/** Lint findings, one per line up to LISTED_FINDINGS, then the rest counted by code. */
function lintLines(findings: LintFinding[]): string[] {
  const lines = findings.slice(0, LISTED_FINDINGS).map((f) => `  ${f.severity} ${f.code}${f.room ? ` ${f.room}` : ''}: ${f.message}`);
  const rest = findings.slice(LISTED_FINDINGS);
  if (rest.length > 0) {
    const byCode = new Map<string, number>();
    for (const f of rest) byCode.set(f.code, (byCode.get(f.code) ?? 0) + 1);
    const counts = [...byCode].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([code, n]) => `${n} ${code}`);
    lines.push(`  … and ${rest.length} more: ${counts.join(', ')} (the JSON report lists them all)`);
  }
  return lines;
}

/**
 * `listAllJoins`: list every join the report holds (the user chose how many with
 * --max-joins) instead of only failed ones once there are more than LISTED_JOINS.
 */
export function formatSummary(report: RunReport, { listAllJoins = false }: { listAllJoins?: boolean } = {}): string {
  // The totals come from `summary`, which stays complete when --max-joins cut the join list.
  const total = report.summary?.joins ?? report.joins.length;
  const joined = report.summary?.joined ?? report.joins.filter((j) => j.outcome === 'joined').length;
  const attempts = report.summary?.attempts ?? report.joins.reduce((n, j) => n + j.attempts.length, 0);
  const omitted = report.summary?.joinsOmitted ?? 0;
  const out: string[] = [
    `${report.scenario}  seed ${report.seed}  fingerprint ${report.fingerprint}`,
    `${total} joins: ${joined} joined, ${total - joined} failed; ${attempts} federation requests; ${report.events} events; ended at ${report.endedAt} ms`,
    ...(report.rejectedActions && report.rejectedActions.length > 0
      ? [`${report.rejectedActions.length} timeline state change${report.rejectedActions.length === 1 ? '' : 's'} rejected by the auth rules, not applied (listed below)`]
      : []),
    ...(omitted > 0 ? [`(--max-joins: the first ${report.joins.length} joins are listed below; ${omitted} more are counted above and in the matrix)`] : []),
  ];
  const listed = joinsToList(report, listAllJoins);
  if (listed.note !== null) out.push(listed.note);
  out.push('');
  const label = serverLabeller(report);
  for (const join of listed.joins) out.push(...formatJoin(join, label), '');
  out.push('Answers by server:', ...formatMatrix(report, label, MATRIX_ROWS).map((l) => `  ${l}`));
  if (report.lint.length > 0) out.push('', `Lint (${report.lint.length}):`, ...lintLines(report.lint));
  const refused = (report.actions ?? []).filter((a) => !a.applied);
  if (refused.length > 0) {
    out.push('', 'Timeline actions that did not take effect:');
    const ruleOf = new Map((report.rejectedActions ?? []).map((r) => [r.index, r.rule]));
    for (const a of refused) {
      const rule = ruleOf.get(a.index);
      out.push(`  timeline[${a.index}] ${a.do} at ${a.at} ms: ${a.reason}${rule === undefined ? '' : ` (rule: ${rule})`}`);
    }
  }
  if (report.expectations.length > 0) {
    const passed = report.expectations.filter((e) => e.passed).length;
    out.push('', `Expectations: ${passed}/${report.expectations.length} passed`);
    for (const e of report.expectations) out.push(`  ${e.passed ? 'ok  ' : 'FAIL'} expect[${e.index}] ${e.message}`);
  }
  return out.join('\n') + '\n';
}
