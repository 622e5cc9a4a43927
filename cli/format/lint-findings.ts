/**
 * The human form of lint findings: one block per finding with its severity, code
 * and room, the sentence on why it matters, the servers involved and the fix.
 * Plain text, no colour, so it reads the same in a CI log.
 */
import type { LintFinding } from '../../engine/index';

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "2 errors, 1 warning, 0 infos" style totals. */
export function formatLintCounts(findings: readonly LintFinding[]): string {
  const n = (s: LintFinding['severity']) => findings.filter((f) => f.severity === s).length;
  return `${plural(n('error'), 'error')}, ${plural(n('warning'), 'warning')}, ${n('info')} info`;
}

export function formatFindings(file: string, findings: readonly LintFinding[]): string {
  if (findings.length === 0) return `${file}: no findings\n`;
  const sorted = [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  const lines = [`${file}: ${formatLintCounts(findings)}`];
  for (const f of sorted) {
    lines.push(`  ${f.severity.padEnd(7)} ${f.code}${f.room ? `  ${f.room}` : ''}`);
    lines.push(`          ${f.message}`);
    if (f.servers && f.servers.length > 0) lines.push(`          servers: ${f.servers.join(', ')}`);
    if (f.fix) lines.push(`          fix: ${f.fix}`);
  }
  return lines.join('\n') + '\n';
}
