/**
 * `loss` is applied: a link with `loss: 1` loses every message, so the make_join
 * of a join whose only via server sits behind it gets no answer: status 0 once the
 * joiner's timeout has passed, and the join fails (a Synapse joiner's client then
 * gets 502). The same scenario without the loss joins.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../engine/run/run-scenario';
import { validateScenario } from '../../engine/scenario/load';
import { formatProblem } from '../../engine/scenario/problems';
import type { Scenario } from '../../engine/scenario/types';

/** Synapse's make_join timeout (engine/federation/settings.ts). */
const MAKE_JOIN_TIMEOUT_MS = 20_000;

function scenario(loss: number, on: 'link' | 'network'): Scenario {
  const raw = {
    fedsim: 1,
    name: 'lossy-link',
    servers: [
      { name: 'hs1', users: ['alice'] },
      { name: 'hs2', users: ['bob'] },
    ],
    rooms: [{ id: '!room:hs1', creator: '@alice:hs1' }],
    network: on === 'link' ? { links: [{ between: ['hs1', 'hs2'], loss }] } : { loss },
    timeline: [{ at: 1000, do: 'join', user: '@bob:hs2', room: '!room:hs1', via: ['hs1'] }],
  };
  const loaded = validateScenario(raw, 'lossy-link.yaml');
  if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
  return loaded.scenario;
}

describe('loss', () => {
  it.each(['link', 'network'] as const)('loss: 1 on the %s gives status 0 after the timeout', (on) => {
    const [join] = runScenario(scenario(1, on)).report.joins;
    expect(join).toMatchObject({ outcome: 'failed', status: 502, errcode: 'M_UNKNOWN', finishedAt: 1000 + MAKE_JOIN_TIMEOUT_MS });
    expect(join!.attempts).toMatchObject([{ server: 'hs1', step: 'make_join', at: 1000, status: 0, errcode: null, answeredAt: 1000 + MAKE_JOIN_TIMEOUT_MS }]);
    expect(join!.attempts[0]!.reason).toBe('no answer within 20 s: the request was lost in transit');
  });

  it('without loss the same join succeeds (so the failure above is the loss)', () => {
    const [join] = runScenario(scenario(0, 'link')).report.joins;
    expect(join).toMatchObject({ outcome: 'joined', status: 200, resident: 'hs1' });
  });
});
