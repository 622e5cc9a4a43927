/**
 * The overview of a run: its failed joins grouped by final answer × who decided
 * it × the lint finding about the room, largest group first. A join refused by
 * the joining server itself (no request sent) counts as that server's answer.
 */
import type { JoinReport, LintFinding } from '../../engine/index';
import { ANSWER_NONE, finalAnswerOf } from './answers';
import { serverPart } from './dataset';
import { lintByRoom } from './participation';

export type Decider = 'joining server' | 'resident' | 'timeout';

export const DECIDER_WORDS: ReadonlyMap<Decider, string> = new Map<Decider, string>([
  ['joining server', 'the joining server itself (no request sent)'],
  ['resident', 'a resident it asked'],
  ['timeout', 'a timeout (no answer)'],
]);

export const NO_FINDING = 'no lint finding';

export interface FailureGroup {
  key: string;
  answer: string;
  status: number;
  decider: Decider;
  /** The lint code that concerns the join's room (errors before warnings), or NO_FINDING. */
  finding: string;
  count: number;
  /** The rooms with most failures in the group, most first (at most three). */
  rooms: { room: string; count: number }[];
  /** The message and fix of the finding, from its first occurrence. */
  findingText: string;
}

export interface Overview {
  joins: number;
  joined: number;
  failed: number;
  local: number;
  groups: FailureGroup[];
}

/** Who had the last word on a failed join. */
export function deciderOf(join: JoinReport): Decider {
  const last = join.attempts[join.attempts.length - 1];
  if (!last) return 'joining server';
  if (join.status === 0 || last.status === 0) return 'timeout';
  return 'resident';
}

const SEVERITY_RANK = new Map([
  ['error', 0],
  ['warning', 1],
  ['info', 2],
]);

/** The most severe lint finding about the join's room, if any. */
export function findingFor(join: JoinReport, byRoom: ReadonlyMap<string, LintFinding[]>): LintFinding | null {
  let best: LintFinding | null = null;
  for (const finding of byRoom.get(join.room) ?? []) {
    if (!best || (SEVERITY_RANK.get(finding.severity) ?? 3) < (SEVERITY_RANK.get(best.severity) ?? 3)) best = finding;
  }
  return best;
}

export function groupKeyOf(join: JoinReport, byRoom: ReadonlyMap<string, LintFinding[]>): string {
  return `${finalAnswerOf(join)}\u0000${deciderOf(join)}\u0000${findingFor(join, byRoom)?.code ?? NO_FINDING}`;
}

const cache = new WeakMap<readonly JoinReport[], Overview>();

export function overviewOf(joins: readonly JoinReport[], lint: readonly LintFinding[]): Overview {
  const cached = cache.get(joins);
  if (cached) return cached;
  const byRoom = lintByRoom(lint);
  const groups = new Map<string, FailureGroup & { roomCounts: Map<string, number> }>();
  let joined = 0;
  let local = 0;
  for (const join of joins) {
    if (join.local) local++;
    if (join.outcome === 'joined') {
      joined++;
      continue;
    }
    const finding = findingFor(join, byRoom);
    const key = groupKeyOf(join, byRoom);
    let group = groups.get(key);
    if (!group) {
      group = {
        key,
        answer: finalAnswerOf(join),
        status: join.status,
        decider: deciderOf(join),
        finding: finding?.code ?? NO_FINDING,
        findingText: finding ? `${finding.message}${finding.fix ? ` Fix: ${finding.fix}` : ''}` : '',
        count: 0,
        rooms: [],
        roomCounts: new Map(),
      };
      groups.set(key, group);
    }
    group.count++;
    group.roomCounts.set(join.room, (group.roomCounts.get(join.room) ?? 0) + 1);
  }
  const list = [...groups.values()]
    .map(({ roomCounts, ...group }) => ({
      ...group,
      rooms: [...roomCounts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 3).map(([room, count]) => ({ room, count })),
    }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
  const overview = { joins: joins.length, joined, failed: joins.length - joined, local, groups: list };
  cache.set(joins, overview);
  return overview;
}

/** The joining server's name, for local refusals counted as its answers. */
export function joinerOf(join: JoinReport): string {
  return join.joiner ?? serverPart(join.user);
}

export { ANSWER_NONE };
