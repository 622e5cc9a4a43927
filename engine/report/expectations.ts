/**
 * Checks a scenario's `expect` list against its report (contract "Expectations"):
 * a join expectation compares only the fields it lists, `attempts` must match the
 * whole list in order on the fields each entry lists, and a lint expectation
 * passes when the linter reported that code (for that room, if given).
 */
import type { Expectation } from '../scenario/types';
import type { ExpectationResult, RunReport } from './types';

function show(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

function sameValue(expected: unknown, actual: unknown): boolean {
  if (expected === actual) return true;
  return JSON.stringify(expected) === JSON.stringify(actual);
}

export function checkExpectations(expectations: readonly Expectation[], report: RunReport): ExpectationResult[] {
  return expectations.map((expectation) => {
    const problems = expectation.type === 'join' ? checkJoin(expectation, report) : checkLint(expectation, report);
    const label = expectation.type === 'join' ? `join ${expectation.join}` : `lint ${expectation.code}${expectation.room ? ` in ${expectation.room}` : ''}`;
    return {
      index: expectation.index,
      passed: problems.length === 0,
      message: problems.length === 0 ? `${label}: as expected` : `${label}: ${problems.join('; ')}`,
    };
  });
}

function checkJoin(expectation: Extract<Expectation, { type: 'join' }>, report: RunReport): string[] {
  const join = report.joins.find((j) => j.id === expectation.join);
  if (!join) return [`no join with id "${expectation.join}" in the report`];
  const problems: string[] = [];
  const actual = join as unknown as Record<string, unknown>;
  for (const [field, expected] of Object.entries(expectation.fields)) {
    if (!sameValue(expected, actual[field])) problems.push(`${field}: expected ${show(expected)}, got ${show(actual[field])}`);
  }
  if (expectation.attempts) {
    const got = join.attempts;
    if (got.length !== expectation.attempts.length) {
      problems.push(
        `attempts: expected ${expectation.attempts.length}, got ${got.length} (${got.map((a) => `${a.server} ${a.step} ${a.status}${a.errcode ? ` ${a.errcode}` : ''}`).join(', ') || 'none'})`,
      );
    }
    expectation.attempts.forEach((wanted, i) => {
      const attempt = got[i] as unknown as Record<string, unknown> | undefined;
      if (!attempt) return;
      for (const [field, expected] of Object.entries(wanted)) {
        if (!sameValue(expected, attempt[field])) problems.push(`attempts[${i}].${field}: expected ${show(expected)}, got ${show(attempt[field])}`);
      }
    });
  }
  return problems;
}

function checkLint(expectation: Extract<Expectation, { type: 'lint' }>, report: RunReport): string[] {
  const found = report.lint.some((f) => f.code === expectation.code && (expectation.room === undefined || f.room === expectation.room));
  if (found) return [];
  const codes = report.lint.map((f) => `${f.code}${f.room ? ` (${f.room})` : ''}`).join(', ') || 'none';
  return [`not reported; the linter reported: ${codes}`];
}
