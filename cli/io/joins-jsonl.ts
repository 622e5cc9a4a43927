/**
 * `--joins-jsonl FILE`: the report's per-join entries as JSON Lines, one compact
 * entry per line in report order, for tools that read a line at a time (jq -c,
 * DuckDB's read_json, a shell loop) without holding a million-join report. Each
 * line is the same entry as in the report's `joins`, compact.
 */
import type { JoinReport } from '../../engine/index';

/** About 40 KB of text a chunk, so each dies young (see report-json.ts). */
const JOINS_PER_CHUNK = 128;

export function* joinsJsonlChunks(joins: readonly JoinReport[]): Generator<string> {
  for (let start = 0; start < joins.length; start += JOINS_PER_CHUNK) {
    let text = '';
    const end = Math.min(joins.length, start + JOINS_PER_CHUNK);
    for (let i = start; i < end; i++) text += JSON.stringify(joins[i]) + '\n';
    yield text;
  }
}
