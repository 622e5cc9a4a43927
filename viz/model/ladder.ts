/**
 * The join ladder (a sequence chart of one join): a lane for the joining server,
 * one for each server asked in the order first asked, and apart from them the
 * candidates that were never asked, so "not asked" never looks like "refused".
 */
import type { Dataset } from './dataset';
import { digestOf, serverPart } from './dataset';
import type { JoinReport, JoinStep } from '../../engine/index';
import { answerOf } from './answers';
import { answeredAtOf, phaseOf, type AttemptPhase } from './attempt-times';

export interface LadderLane {
  server: string;
  role: 'joiner' | 'asked';
  /** The answer category of this server's last answered attempt at t, if any. */
  answer: string | null;
  /** Whether a request had been sent to it by t (false for lanes only later attempts use). */
  askedYet: boolean;
}

export interface LadderArrow {
  index: number;
  server: string;
  step: JoinStep;
  sentAt: number;
  answeredAt: number;
  status: number;
  errcode: string | null;
  answer: string;
  reason: string;
  decision: string | null;
  phase: AttemptPhase;
}

export interface Ladder {
  joinId: string;
  joiner: string;
  lanes: LadderLane[];
  neverAsked: string[];
  arrows: LadderArrow[];
  start: number;
  end: number;
}

export function ladderOf(dataset: Dataset, join: JoinReport, t: number): Ladder {
  const joiner = join.joiner ?? serverPart(join.user);
  const arrows: LadderArrow[] = join.attempts.map((attempt, index) => ({
    index,
    server: attempt.server,
    step: attempt.step,
    sentAt: attempt.at,
    answeredAt: answeredAtOf(join, index),
    status: attempt.status,
    errcode: attempt.errcode,
    answer: answerOf(attempt),
    reason: attempt.reason,
    decision: attempt.decision ?? null,
    phase: phaseOf(join, index, attempt, t),
  }));
  const lanes: LadderLane[] = [{ server: joiner, role: 'joiner', answer: null, askedYet: false }];
  const laneOf = new Map<string, LadderLane>([[joiner, lanes[0] as LadderLane]]);
  for (const arrow of arrows) {
    let lane = laneOf.get(arrow.server);
    if (!lane) {
      lane = { server: arrow.server, role: 'asked', answer: null, askedYet: false };
      laneOf.set(arrow.server, lane);
      lanes.push(lane);
    }
    if (arrow.phase !== 'future') lane.askedYet = true;
    if (arrow.phase === 'answered') lane.answer = arrow.answer;
  }
  const neverAsked = candidatesOf(dataset, join).filter((server) => !laneOf.has(server));
  const end = Math.max(join.finishedAt, ...arrows.map((a) => a.answeredAt));
  return { joinId: join.id, joiner, lanes, neverAsked, arrows, start: join.at, end };
}

/**
 * The servers the joiner meant to try: the trace's join-start candidates when
 * there is a trace, else the scenario's `via` (default: the room ID's server;
 * none for a v12 room ID, which has no server part).
 */
export function candidatesOf(dataset: Dataset, join: JoinReport): string[] {
  const fromTrace = digestOf(dataset).candidates.get(join.id);
  if (fromTrace) return fromTrace;
  const action = joinActionsOf(dataset).get(join.id);
  if (action) return action.via ?? [serverPart(action.room)].filter((s) => s !== '');
  return [];
}

const actionCache = new WeakMap<Dataset, Map<string, { room: string; via?: string[] }>>();

/** The scenario's join actions by id, indexed once per run (a find per click is linear in the joins). */
function joinActionsOf(dataset: Dataset): Map<string, { room: string; via?: string[] }> {
  let map = actionCache.get(dataset);
  if (map) return map;
  map = new Map();
  for (const action of dataset.scenario?.timeline ?? []) if (action.do === 'join' && action.id !== undefined && !map.has(action.id)) map.set(action.id, action);
  actionCache.set(dataset, map);
  return map;
}
