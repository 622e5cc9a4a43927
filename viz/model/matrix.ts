/**
 * The errcode matrix: for each server, how often it answered each category
 * (200, an errcode, "no answer") across every attempt answered by time t. At the
 * end of the run it equals the report's errcodeMatrix plus the unanswered counts.
 */
import type { JoinReport } from '../../engine/index';
import { compareAnswers } from './answers';
import { digestRun, type AnswerIndex } from './run-digest';

export interface ErrcodeMatrix {
  /** Servers with at least one answer, most answers first (ties by name). */
  servers: string[];
  answers: string[];
  counts: Map<string, Map<string, number>>;
  totals: Map<string, number>;
  max: number;
  /** The largest count in each answer's column: shading is per column, so a rare errcode's column does not fade next to 200s. */
  columnMax: Map<string, number>;
}

const indexes = new WeakMap<readonly JoinReport[], AnswerIndex>();

/** Uses an index the loading worker built, so the page never sorts a million attempts. */
export function seedAnswerIndex(joins: readonly JoinReport[], index: AnswerIndex): void {
  indexes.set(joins, index);
}

function indexOf(joins: readonly JoinReport[]): AnswerIndex {
  let index = indexes.get(joins);
  if (!index) indexes.set(joins, (index = digestRun(joins, []).answers));
  return index;
}

export function errcodeMatrixAt(joins: readonly JoinReport[], t: number): ErrcodeMatrix {
  const index = indexOf(joins);
  const width = index.answerNames.length;
  const grid = new Int32Array(index.serverNames.length * width);
  for (let i = 0; i < index.at.length && (index.at[i] as number) <= t; i++) {
    const cell = (index.server[i] as number) * width + (index.answer[i] as number);
    grid[cell] = (grid[cell] as number) + 1;
  }
  const counts = new Map<string, Map<string, number>>();
  const totals = new Map<string, number>();
  const answers = new Set<string>();
  const columnMax = new Map<string, number>();
  let max = 0;
  index.serverNames.forEach((server, s) => {
    let row: Map<string, number> | undefined;
    let total = 0;
    for (let a = 0; a < width; a++) {
      const count = grid[s * width + a] as number;
      if (!count) continue;
      const answer = index.answerNames[a] as string;
      if (!row) counts.set(server, (row = new Map()));
      row.set(answer, count);
      answers.add(answer);
      total += count;
      if (count > max) max = count;
      if (count > (columnMax.get(answer) ?? 0)) columnMax.set(answer, count);
    }
    if (total) totals.set(server, total);
  });
  const servers = [...counts.keys()].sort((a, b) => (totals.get(b) ?? 0) - (totals.get(a) ?? 0) || compareNames(a, b));
  return { servers, answers: [...answers].sort(compareAnswers), counts, totals, max, columnMax };
}

export function countOf(matrix: ErrcodeMatrix, server: string, answer: string): number {
  return matrix.counts.get(server)?.get(answer) ?? 0;
}

/** Names with numbers compare by number (hs2 before hs10), so lists read naturally. */
export function compareNames(a: string, b: string): number {
  return collator.compare(a, b);
}

// One collator for all comparisons: String.prototype.localeCompare builds one per call.
const collator = new Intl.Collator('en', { numeric: true });
