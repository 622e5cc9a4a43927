/**
 * Everything the views need from a run that takes a pass over all its joins or
 * trace records, built once per run (in the loading worker for large files, so
 * the page never walks a million joins): the moments to step to, each join's
 * candidates, residency and knowledge changes indexed by server, every answer
 * sorted by time, and the distinct values filters and the legend offer. Plain
 * arrays, typed arrays and Maps only, so it crosses to the page by structured clone.
 */
import type { JoinReport, TraceEvent } from '../../engine/index';
import { ANSWER_NONE, ANSWER_OK, answerOf, compareAnswers, finalAnswerOf } from './answers';
import { answeredAtOf } from './attempt-times';
import { serverPart } from './dataset';

/**
 * Residency and knowledge changes, in time order, with an index by cell: the
 * changes of server s are `order[start[s]..start[s+1])`, sorted by room and then time.
 */
export interface ChangeLog {
  servers: string[];
  rooms: string[];
  events: string[];
  t: Float64Array;
  server: Int32Array;
  room: Int32Array;
  /**
   * 1 resident from then on, 0 no longer resident, -1 no residency change; without
   * a scenario, 2 resident as inferred from an answer, 3 the same and authorising.
   */
  resident: Int8Array;
  /** Index into `events`, or -1. */
  event: Int32Array;
  start: Int32Array;
  order: Int32Array;
}

/** Every attempt as (answeredAt, server id, answer id), sorted by answeredAt: a scrub is one pass over integers. */
export interface AnswerIndex {
  at: Float64Array;
  server: Int32Array;
  answer: Int32Array;
  serverNames: string[];
  answerNames: string[];
}

export interface RunDigest {
  moments: Float64Array;
  /** join id -> the servers it meant to try (from the trace's join-start records). */
  candidates: Map<string, string[]>;
  changes: ChangeLog;
  answers: AnswerIndex;
  /** Final errcodes and attempt answers, sorted: what the answer filter offers. */
  errcodes: string[];
  rooms: string[];
  servers: string[];
  /** Every answer category that appears as an attempt's answer or a join's final result, in legend order. */
  legend: string[];
}

export interface DigestBuilder {
  addTrace(record: TraceEvent): void;
  addJoin(join: JoinReport): void;
  finish(): RunDigest;
}

/** A string -> small integer table; a Map, so names like `__proto__` are ordinary keys. */
function interner(): { id(name: string): number; names: string[] } {
  const ids = new Map<string, number>();
  const names: string[] = [];
  return {
    names,
    id(name) {
      let found = ids.get(name);
      if (found === undefined) {
        found = names.length;
        ids.set(name, found);
        names.push(name);
      }
      return found;
    },
  };
}

export interface DigestOptions {
  /**
   * Without a scenario the t = 0 residency is unknown: a server that answered as a
   * resident (200 or a resident's refusal) was one, from the time it was asked.
   */
  inferResidency?: boolean;
}

const RESIDENT_ANSWERS = new Set([ANSWER_OK, 'M_UNABLE_TO_AUTHORISE_JOIN', 'M_UNABLE_TO_GRANT_JOIN']);

export function createDigestBuilder(options: DigestOptions = {}): DigestBuilder {
  // Cells already inferred resident (and whether authorising), so each is recorded once, or twice when it turns out to authorise.
  const inferred = new Map<string, boolean>();
  const servers = interner();
  const rooms = interner();
  const events = interner();
  const answers = interner();
  const traceTimes = new Set<number>();
  const joinTimes = new Set<number>();
  const candidates = new Map<string, string[]>();
  // Changes as parallel number lists: joins' residency first, then trace records, as the stable sort expects.
  const joinChanges: number[][] = [[], [], [], [], []];
  const traceChanges: number[][] = [[], [], [], [], []];
  const lastEventByStamp = new Map<string, number>();
  const answerAt: number[] = [];
  const answerServer: number[] = [];
  const answerId: number[] = [];
  const errcodes = new Set<string>();
  const legend = new Set<string>([ANSWER_OK]);
  const roomSet = new Set<string>();
  const push = (lists: number[][], t: number, server: string, room: string, resident: number, event: number): void => {
    lists[0]?.push(t);
    lists[1]?.push(servers.id(server));
    lists[2]?.push(rooms.id(room));
    lists[3]?.push(resident);
    lists[4]?.push(event);
  };
  return {
    addTrace(record) {
      traceTimes.add(record.t);
      if (record.type === 'join-start') {
        if (!candidates.has(record.join)) candidates.set(record.join, record.candidates ? record.candidates.split(',').filter(Boolean) : []);
      } else if (record.type === 'forget') push(traceChanges, record.t, record.server, record.room, 0, -1);
      else if (record.type === 'state') {
        const event = events.id(`${record.event} ${record.stateKey} ${record.value}`.trim());
        lastEventByStamp.set(`${record.room}\u0000${record.stamp}`, event);
        push(traceChanges, record.t, record.server, record.room, -1, event);
      } else if (record.type === 'deliver' && record.applied) {
        const event = lastEventByStamp.get(`${record.room}\u0000${record.stamp}`);
        if (event !== undefined) push(traceChanges, record.t, record.to, record.room, -1, event);
      }
    },
    addJoin(join) {
      const joiner = join.joiner ?? serverPart(join.user);
      servers.id(joiner);
      roomSet.add(join.room);
      joinTimes.add(join.at);
      joinTimes.add(join.finishedAt);
      if (join.outcome === 'joined') push(joinChanges, join.finishedAt, joiner, join.room, 1, -1);
      if (join.errcode) errcodes.add(join.errcode);
      if (join.outcome !== 'joined') legend.add(finalAnswerOf(join));
      if (join.outcome !== 'joined' && join.attempts.length === 0) {
        // Refused by the joining server itself: its own answer, so it shows in the matrix and the cell filter finds it.
        answerAt.push(join.finishedAt);
        answerServer.push(servers.id(joiner));
        answerId.push(answers.id(finalAnswerOf(join)));
      }
      join.attempts.forEach((attempt, index) => {
        const answer = answerOf(attempt);
        const answeredAt = answeredAtOf(join, index);
        joinTimes.add(attempt.at);
        joinTimes.add(answeredAt);
        errcodes.add(answer);
        legend.add(answer);
        if (options.inferResidency && RESIDENT_ANSWERS.has(answer)) {
          const key = `${attempt.server}\u0000${join.room}`;
          // Authorising is shown by a make_join 200 for a join that was authorised.
          const authorising = answer === ANSWER_OK && attempt.step === 'make_join' && !!join.authorisedBy;
          const known = inferred.get(key);
          if (known === undefined || (authorising && !known)) {
            inferred.set(key, authorising || !!known);
            push(joinChanges, attempt.at, attempt.server, join.room, authorising ? 3 : 2, -1);
          }
        }
        answerAt.push(answeredAt);
        answerServer.push(servers.id(attempt.server));
        answerId.push(answers.id(answer));
      });
    },
    finish() {
      const changes = toChangeLog(joinChanges, traceChanges, servers.names, rooms.names, events.names);
      const byTime = Array.from(answerAt.keys()).sort((a, b) => (answerAt[a] as number) - (answerAt[b] as number));
      const answerIndex: AnswerIndex = {
        at: Float64Array.from(byTime, (i) => answerAt[i] as number),
        server: Int32Array.from(byTime, (i) => answerServer[i] as number),
        answer: Int32Array.from(byTime, (i) => answerId[i] as number),
        serverNames: servers.names,
        answerNames: answers.names,
      };
      const times = traceTimes.size > 0 ? traceTimes : joinTimes;
      const moments = Float64Array.from(times).sort();
      legend.add(ANSWER_NONE);
      return {
        moments,
        candidates,
        changes,
        answers: answerIndex,
        errcodes: [...errcodes].sort(),
        rooms: [...roomSet].sort(),
        servers: [...servers.names],
        legend: [...legend].sort(compareAnswers),
      };
    },
  };
}

function toChangeLog(first: number[][], second: number[][], servers: string[], rooms: string[], events: string[]): ChangeLog {
  const column = (k: number): number[] => (first[k] as number[]).concat(second[k] as number[]);
  const t = column(0);
  // Stable: records at the same time keep joins-then-trace order.
  const byTime = Array.from(t.keys()).sort((a, b) => (t[a] as number) - (t[b] as number));
  const pick = <A extends Float64Array | Int32Array | Int8Array>(make: (n: number) => A, values: number[]): A => {
    const out = make(byTime.length);
    byTime.forEach((from, to) => (out[to] = values[from] as number));
    return out;
  };
  const log = {
    servers,
    rooms,
    events,
    t: pick((n) => new Float64Array(n), t),
    server: pick((n) => new Int32Array(n), column(1)),
    room: pick((n) => new Int32Array(n), column(2)),
    resident: pick((n) => new Int8Array(n), column(3)),
    event: pick((n) => new Int32Array(n), column(4)),
  };
  // Two stable counting sorts (by room, then by server) order the changes by server, room and time:
  // each cell's changes are then one contiguous run, found by binary search.
  const byRoom = countingSort(Array.from(log.t.keys()), log.room, rooms.length);
  const start = new Int32Array(servers.length + 1);
  const order = Int32Array.from(countingSort(byRoom, log.server, servers.length, start));
  return { ...log, start, order };
}

/** Stable counting sort of `items` by `keyOf[item]` (0..keys-1); fills `start` with each key's first position when given. */
function countingSort(items: readonly number[], keyOf: Int32Array, keys: number, start = new Int32Array(keys + 1)): number[] {
  start.fill(0);
  for (const item of items) start[(keyOf[item] as number) + 1] = (start[(keyOf[item] as number) + 1] as number) + 1;
  for (let k = 0; k < keys; k++) start[k + 1] = (start[k + 1] as number) + (start[k] as number);
  const next = start.slice(0, keys);
  const out = new Array<number>(items.length);
  for (const item of items) {
    const k = keyOf[item] as number;
    out[next[k] as number] = item;
    next[k] = (next[k] as number) + 1;
  }
  return out;
}

/** A digest from a run held whole (small files loaded on the page, tests). */
export function digestRun(joins: readonly JoinReport[], trace: readonly TraceEvent[], options: DigestOptions = {}): RunDigest {
  const builder = createDigestBuilder(options);
  for (const record of trace) builder.addTrace(record);
  for (const join of joins) builder.addJoin(join);
  return builder.finish();
}
