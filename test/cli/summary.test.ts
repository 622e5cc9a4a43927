/**
 * The text summary of a big run stays readable: past LISTED_JOINS joins only the
 * failed ones are listed, past MATRIX_ROWS servers the matrix keeps the busiest
 * and sums the rest, past LISTED_FINDINGS lint findings the rest are counted;
 * the totals stay complete either way.
 */
import { describe, expect, it } from 'vitest';
import { lintScenario, runScenario, type LintFinding, type RunReport } from '../../engine/index';
import { formatMatrix, formatSummary, LISTED_FINDINGS, LISTED_JOINS, MATRIX_ROWS } from '../../cli/format/summary';
import { generated } from '../scale/helpers';

// 80 servers and 600 joins, some of which fail (outsiders and misconfigured rooms).
const scenario = generated({ servers: 80, joins: 600, outsiders: 0.3, misconfig: { allowWithoutAuthoriser: 0.2, nobodyCanInvite: 0.1, typoAllow: 0.1 } }, '3');
const report: RunReport = runScenario(scenario, { lint: lintScenario(scenario) }).report;
const failed = report.joins.filter((j) => j.outcome === 'failed');

/** The ids of the joins a summary lists (each listed join's headline starts with its id). */
function listedIds(text: string): string[] {
  return text.split('\n').flatMap((line) => /^(join-\d+) {2}/.exec(line)?.[1] ?? []);
}

describe('run summary of a big run', () => {
  it('lists only failed joins, at most LISTED_JOINS, in order, and says so', () => {
    expect(report.joins.length).toBeGreaterThan(LISTED_JOINS);
    expect(failed.length).toBeGreaterThan(0);
    const text = formatSummary(report);
    const ids = listedIds(text);
    expect(ids).toEqual(failed.slice(0, LISTED_JOINS).map((j) => j.id));
    const which = failed.length > LISTED_JOINS ? `the first ${LISTED_JOINS} of the ${failed.length} that failed` : `the ${failed.length} that failed`;
    expect(text).toContain(`(${report.joins.length} joins: ${which} are listed below; --max-joins N lists the first N joins`);
    // The headline totals are still those of every join.
    expect(text).toContain(`${report.joins.length} joins: ${report.joins.length - failed.length} joined, ${failed.length} failed`);
  });

  it('lists every join the report holds when the user chose (--max-joins), or when there are few', () => {
    expect(listedIds(formatSummary(report, { listAllJoins: true }))).toEqual(report.joins.map((j) => j.id));
    const few: RunReport = { ...report, joins: report.joins.slice(0, LISTED_JOINS) };
    expect(listedIds(formatSummary(few))).toEqual(few.joins.map((j) => j.id));
  });

  it('says when nothing failed instead of listing successes', () => {
    const allJoined: RunReport = { ...report, joins: report.joins.filter((j) => j.outcome === 'joined') };
    const text = formatSummary(allJoined);
    expect(listedIds(text)).toEqual([]);
    expect(text).toContain(`(${allJoined.joins.length} joins: none failed, so none is listed;`);
  });

  it('shows the busiest MATRIX_ROWS servers and one row with the sum of the others', () => {
    const servers = Object.keys(report.errcodeMatrix);
    expect(servers.length).toBeGreaterThan(MATRIX_ROWS);
    const lines = formatMatrix(report, (s) => s, MATRIX_ROWS);
    expect(lines).toHaveLength(1 + MATRIX_ROWS + 1);
    const header = (lines[0] as string).split(/\s{2,}/);
    expect(header[0]).toBe('server (busiest first)');
    const columns = header.slice(1);
    const cells = (line: string): number[] => line.trim().split(/\s+/).slice(-columns.length).map((c) => (c === '·' ? 0 : Number(c)));
    const total = (row: Record<string, number> | undefined): number => Object.values(row ?? {}).reduce((a, b) => a + b, 0);
    const rows = lines.slice(1, -1).map((l) => ({ name: l.trim().split(/\s+/)[0] as string, sum: cells(l).reduce((a, b) => a + b, 0) }));
    // Busiest first, and each listed row is that server's own counts.
    for (let i = 1; i < rows.length; i++) expect((rows[i - 1] as { sum: number }).sum).toBeGreaterThanOrEqual((rows[i] as { sum: number }).sum);
    for (const row of rows) expect(row.sum).toBe(total(report.errcodeMatrix[row.name]) + (report.unanswered?.[row.name] ?? 0) + (report.skipped?.[row.name] ?? 0));
    // No server left out is busier than the last one listed.
    const listed = new Set(rows.map((r) => r.name));
    const last = (rows[rows.length - 1] as { sum: number }).sum;
    for (const s of servers) if (!listed.has(s)) expect(total(report.errcodeMatrix[s])).toBeLessThanOrEqual(last);
    // The last row adds up every other server, column by column.
    const othersLine = lines[lines.length - 1] as string;
    expect(othersLine.trim()).toMatch(new RegExp(`^\\(${servers.length - MATRIX_ROWS} others\\)`));
    columns.forEach((column, i) => {
      const expected = servers.filter((s) => !listed.has(s)).reduce((n, s) => n + (report.errcodeMatrix[s]?.[column] ?? 0), 0);
      if (column !== 'no answer' && column !== 'skipped') expect(cells(othersLine)[i]).toBe(expected);
    });
  });

  it('keeps columns apart however big the counts', () => {
    const big: RunReport = { ...report, errcodeMatrix: { a: { '200': 1234567, M_FORBIDDEN: 7654321 }, b: { '200': 5 } }, unanswered: {}, skipped: {} };
    const lines = formatMatrix(big, (s) => s);
    expect(lines[1]).toMatch(/^a\s+1234567\s+7654321$/);
    expect(lines[2]).toMatch(/^b\s+5\s+·$/);
  });

  it('lists LISTED_FINDINGS lint findings and counts the rest by code', () => {
    const finding = (code: string, i: number): LintFinding => ({ ...(report.lint[0] as LintFinding), severity: 'warning', code, message: `finding ${i}` });
    const lint = [...Array.from({ length: LISTED_FINDINGS }, (_, i) => finding('first-code', i)), finding('code-a', 1), finding('code-b', 2), finding('code-b', 3)];
    const text = formatSummary({ ...report, lint });
    expect(text).toContain(`Lint (${LISTED_FINDINGS + 3}):`);
    expect(text).toContain(`finding ${LISTED_FINDINGS - 1}`);
    expect(text).not.toMatch(/^ {2}warning code-a/m);
    expect(text).toContain('  … and 3 more: 2 code-b, 1 code-a (the JSON report lists them all)');
  });
});
