/**
 * A run report rebuilt from a JSONL trace alone, so a trace file can be opened
 * without its report. Reasons are not in the trace; the resident check that
 * decided each answer stands in for them.
 */
import type { AttemptReport, JoinReport, RunReport, TraceEvent } from '../../engine/index';
import { answerOf } from './answers';

export function reportFromTrace(trace: readonly TraceEvent[], name: string): RunReport {
  const joins = new Map<string, JoinReport>();
  const byRequest = new Map<number, AttemptReport>();
  let endedAt = 0;
  let partialStateUntil: Record<string, Record<string, number>> | undefined;
  for (const record of trace) {
    endedAt = Math.max(endedAt, record.t);
    switch (record.type) {
      case 'join-start':
        joins.set(record.join, {
          id: record.join,
          user: record.user,
          room: record.room,
          at: record.t,
          local: record.plan === 'local',
          outcome: 'failed',
          status: 0,
          errcode: null,
          authorisedBy: null,
          resident: null,
          finishedAt: record.t,
          attempts: [],
          joiner: record.server,
        });
        break;
      case 'request': {
        const attempt: AttemptReport = { server: record.to, step: record.step, at: record.t, status: 0, errcode: null, reason: 'no answer yet' };
        joins.get(record.join)?.attempts.push(attempt);
        byRequest.set(record.request, attempt);
        break;
      }
      case 'answer': {
        const attempt = byRequest.get(record.request);
        if (attempt) attempt.check = record.check;
        break;
      }
      case 'response': {
        const attempt = byRequest.get(record.request);
        if (!attempt) break;
        attempt.status = record.status;
        attempt.errcode = record.errcode || null;
        attempt.answeredAt = record.t;
        if (isDecision(record.decision)) attempt.decision = record.decision;
        attempt.reason = record.status === 0 ? 'no answer (down, partitioned or lost)' : `decided by the resident check "${attempt.check ?? 'unknown'}"`;
        break;
      }
      case 'join-end': {
        const join = joins.get(record.join);
        if (!join) break;
        join.outcome = record.outcome === 'joined' ? 'joined' : 'failed';
        join.status = record.status;
        join.errcode = record.errcode || null;
        join.resident = record.resident || null;
        join.finishedAt = record.t;
        break;
      }
      case 'partial-state':
        // A Synapse partial-state join's window (the report's partialStateUntil; the last one per server and room).
        ((partialStateUntil ??= {})[record.server] ??= {})[record.room] = record.until;
        break;
      default:
        break;
    }
  }
  const errcodeMatrix: Record<string, Record<string, number>> = {};
  const unanswered: Record<string, number> = {};
  for (const join of joins.values())
    for (const attempt of join.attempts) {
      if (attempt.status === 0) {
        unanswered[attempt.server] = (unanswered[attempt.server] ?? 0) + 1;
        continue;
      }
      const row = (errcodeMatrix[attempt.server] ??= {});
      const answer = answerOf(attempt);
      row[answer] = (row[answer] ?? 0) + 1;
    }
  return { fedsim: 1, scenario: name, seed: '', errcodes: 'spec', fingerprint: '', endedAt, events: trace.length, joins: [...joins.values()], errcodeMatrix, unanswered, lint: [], expectations: [], ...(partialStateUntil ? { partialStateUntil } : {}) };
}

function isDecision(value: string): value is NonNullable<AttemptReport['decision']> {
  return value === 'success' || value === 'next' || value === 'abort' || value === 'retry';
}
