/**
 * The join list's filters: outcome, errcode (final or of any attempt), server
 * (joining or asked), room, an errcode-matrix cell, and free-text search. Returns
 * indices into report.joins so the list can stay virtual over 10,000 joins.
 */
import type { JoinReport, LintFinding } from '../../engine/index';
import { answerOf, finalAnswerOf } from './answers';
import { serverPart } from './dataset';
import { groupKeyOf } from './overview';
import { lintByRoom } from './participation';

export interface JoinFilter {
  outcome: 'all' | 'joined' | 'failed';
  errcode: string;
  server: string;
  room: string;
  search: string;
  /** A clicked errcode-matrix cell: joins where `server` answered `answer` (a local refusal is its joining server's answer). */
  cell: { server: string; answer: string } | null;
  /** A clicked overview group (overview.ts `groupKeyOf`), or ''. */
  group: string;
}

export const NO_FILTER: JoinFilter = { outcome: 'all', errcode: '', server: '', room: '', search: '', cell: null, group: '' };

export function filterJoins(joins: readonly JoinReport[], filter: JoinFilter, lint: readonly LintFinding[] = []): number[] {
  const search = filter.search.trim().toLowerCase();
  const byRoom = filter.group ? lintByRoom(lint) : null;
  const cell = filter.cell;
  const out: number[] = [];
  for (let index = 0; index < joins.length; index++) {
    const join = joins[index] as JoinReport;
    if (filter.outcome !== 'all' && join.outcome !== filter.outcome) continue;
    if (filter.room && join.room !== filter.room) continue;
    if (filter.errcode && !hasAnswer(join, filter.errcode)) continue;
    if (filter.server && !involves(join, filter.server)) continue;
    if (cell && !answered(join, cell.server, cell.answer)) continue;
    if (byRoom && (join.outcome === 'joined' || groupKeyOf(join, byRoom) !== filter.group)) continue;
    if (search && !matches(join, search)) continue;
    out.push(index);
  }
  return out;
}

function answered(join: JoinReport, server: string, answer: string): boolean {
  if (join.attempts.length === 0) return join.outcome !== 'joined' && (join.joiner ?? serverPart(join.user)) === server && finalAnswerOf(join) === answer;
  return join.attempts.some((a) => a.server === server && answerOf(a) === answer);
}

function hasAnswer(join: JoinReport, answer: string): boolean {
  return (join.errcode ?? (join.status === 200 ? '200' : '')) === answer || finalAnswerOf(join) === answer || join.attempts.some((a) => answerOf(a) === answer);
}

function involves(join: JoinReport, server: string): boolean {
  return (join.joiner ?? serverPart(join.user)) === server || join.attempts.some((a) => a.server === server);
}

/**
 * Whether a person typing `search` (lower case) means this join. Fields are
 * matched one by one rather than through a cached text per join: a million
 * cached strings would cost more memory than the whole report.
 */
function matches(join: JoinReport, search: string): boolean {
  const has = (text: string | null | undefined): boolean => !!text && text.toLowerCase().includes(search);
  if (has(join.id) || has(join.user) || has(join.room) || has(join.outcome) || has(join.errcode) || has(join.message)) return true;
  return join.attempts.some((a) => has(a.server) || has(a.errcode));
}

