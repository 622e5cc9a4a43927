/**
 * The join list's filters: outcome, errcode (final or of any attempt), server
 * (joining or asked), room, an errcode-matrix cell, and free-text search. Returns
 * indices into report.joins so the list can stay virtual over 10,000 joins.
 */
import type { JoinReport } from '../../engine/index';
import { answerOf } from './answers';
import { serverPart } from './dataset';

export interface JoinFilter {
  outcome: 'all' | 'joined' | 'failed';
  errcode: string;
  server: string;
  room: string;
  search: string;
  /** A clicked errcode-matrix cell: joins where `server` answered `answer`. */
  cell: { server: string; answer: string } | null;
}

export const NO_FILTER: JoinFilter = { outcome: 'all', errcode: '', server: '', room: '', search: '', cell: null };

export function filterJoins(joins: readonly JoinReport[], filter: JoinFilter): number[] {
  const search = filter.search.trim().toLowerCase();
  const out: number[] = [];
  joins.forEach((join, index) => {
    if (filter.outcome !== 'all' && join.outcome !== filter.outcome) return;
    if (filter.room && join.room !== filter.room) return;
    if (filter.errcode && !hasAnswer(join, filter.errcode)) return;
    if (filter.server && !involves(join, filter.server)) return;
    if (filter.cell && !join.attempts.some((a) => a.server === filter.cell?.server && answerOf(a) === filter.cell.answer)) return;
    if (search && !searchTextOf(join).includes(search)) return;
    out.push(index);
  });
  return out;
}

function hasAnswer(join: JoinReport, answer: string): boolean {
  return (join.errcode ?? (join.status === 200 ? '200' : '')) === answer || join.attempts.some((a) => answerOf(a) === answer);
}

function involves(join: JoinReport, server: string): boolean {
  return (join.joiner ?? serverPart(join.user)) === server || join.attempts.some((a) => a.server === server);
}

const searchTexts = new WeakMap<JoinReport, string>();

/** Everything a person might type to find a join, lower-cased once per join. */
function searchTextOf(join: JoinReport): string {
  let text = searchTexts.get(join);
  if (text === undefined) {
    text = [join.id, join.user, join.room, join.outcome, join.errcode ?? '', join.message ?? '', ...join.attempts.map((a) => `${a.server} ${a.errcode ?? ''}`)]
      .join(' ')
      .toLowerCase();
    searchTexts.set(join, text);
  }
  return text;
}

/** The distinct values the filter menus offer. */
export function filterOptions(joins: readonly JoinReport[]): { errcodes: string[]; rooms: string[] } {
  const errcodes = new Set<string>();
  const rooms = new Set<string>();
  for (const join of joins) {
    rooms.add(join.room);
    if (join.errcode) errcodes.add(join.errcode);
    for (const attempt of join.attempts) errcodes.add(answerOf(attempt));
  }
  return { errcodes: [...errcodes].sort(), rooms: [...rooms].sort() };
}
