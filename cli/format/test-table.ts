/**
 * The compact table `fedsim test` prints: one line per scenario file, then what
 * failed and a total. Fixed columns, no colour, stable order: made for CI logs.
 * A bad file's problems are not here: the command prints them once, on stderr.
 */
import type { ScenarioTestResult, ScenarioTestSuite } from '../commands/test';

function cells(r: ScenarioTestResult): string[] {
  const label = r.status === 'pass' ? 'PASS' : r.status === 'fail' ? 'FAIL' : 'BAD';
  if (r.status === 'bad') return [label, r.file, '-', '-', '-'];
  const joins = `${r.joined ?? 0}/${r.joins ?? 0}`;
  const expect = r.expectations ? `${r.expectations.passed}/${r.expectations.total}` : '-';
  const lint = r.lint ? `${r.lint.error}E ${r.lint.warning}W ${r.lint.info}I` : '-';
  return [label, r.file, joins, expect, lint];
}

export function formatTestTable(suite: ScenarioTestSuite): string {
  const header = ['result', 'file', 'joined', 'expect', 'lint'];
  const rows = [header, ...suite.results.map(cells)];
  const widths = header.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  const lines = rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '));
  const details: string[] = [];
  for (const r of suite.results) {
    if (r.status === 'fail') details.push(`FAIL ${r.file}`, ...r.failures.map((f) => `  ${f}`));
  }
  const total = `${suite.results.length} scenario file${suite.results.length === 1 ? '' : 's'}: ${suite.passed} passed, ${suite.failed} failed, ${suite.bad} bad`;
  return [...lines, ...(details.length > 0 ? ['', ...details] : []), '', total].join('\n') + '\n';
}
