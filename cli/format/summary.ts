/**
 * The human summary of a run report: each join with its outcome and its ladder of
 * attempts, the server × answer matrix, and the expectations. Plain text, fixed
 * column widths, no colour (it must read the same in a CI log).
 */
import type { JoinReport, RunReport } from '../../engine/index';

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

export function formatMatrix(report: RunReport, label: (server: string) => string = serverLabeller(report)): string[] {
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
  const nameWidth = Math.max(6, ...allServers.map((s) => label(s).length)) + 2;
  const widths = columns.map((c) => Math.max(c.length, 3) + 2);
  const lines = [(pad('server', nameWidth) + columns.map((c, i) => pad(c, widths[i] as number)).join('')).trimEnd()];
  for (const server of allServers) {
    const row = report.errcodeMatrix[server] ?? {};
    const cells = columns.map((c, i) => {
      const n = c === 'no answer' ? unanswered[server] : c === 'skipped' ? skipped[server] : row[c];
      return pad(n ? String(n) : '·', widths[i] as number);
    });
    lines.push((pad(label(server), nameWidth) + cells.join('')).trimEnd());
  }
  return lines;
}

export function formatSummary(report: RunReport): string {
  // The totals come from `summary`, which stays complete when --max-joins cut the join list.
  const total = report.summary?.joins ?? report.joins.length;
  const joined = report.summary?.joined ?? report.joins.filter((j) => j.outcome === 'joined').length;
  const attempts = report.summary?.attempts ?? report.joins.reduce((n, j) => n + j.attempts.length, 0);
  const omitted = report.summary?.joinsOmitted ?? 0;
  const out: string[] = [
    `${report.scenario}  seed ${report.seed}  fingerprint ${report.fingerprint}`,
    `${total} joins: ${joined} joined, ${total - joined} failed; ${attempts} federation requests; ${report.events} events; ended at ${report.endedAt} ms`,
    ...(omitted > 0 ? [`(--max-joins: the first ${report.joins.length} joins are listed below; ${omitted} more are counted above and in the matrix)`] : []),
    '',
  ];
  const label = serverLabeller(report);
  for (const join of report.joins) out.push(...formatJoin(join, label), '');
  out.push('Answers by server:', ...formatMatrix(report, label).map((l) => `  ${l}`));
  if (report.lint.length > 0) {
    out.push('', `Lint (${report.lint.length}):`);
    for (const f of report.lint) out.push(`  ${f.severity} ${f.code}${f.room ? ` ${f.room}` : ''}: ${f.message}`);
  }
  const refused = (report.actions ?? []).filter((a) => !a.applied);
  if (refused.length > 0) {
    out.push('', 'Timeline actions that did not take effect:');
    for (const a of refused) out.push(`  timeline[${a.index}] ${a.do} at ${a.at} ms: ${a.reason}`);
  }
  if (report.expectations.length > 0) {
    const passed = report.expectations.filter((e) => e.passed).length;
    out.push('', `Expectations: ${passed}/${report.expectations.length} passed`);
    for (const e of report.expectations) out.push(`  ${e.passed ? 'ok  ' : 'FAIL'} expect[${e.index}] ${e.message}`);
  }
  return out.join('\n') + '\n';
}
