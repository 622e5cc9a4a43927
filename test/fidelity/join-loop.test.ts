/**
 * The join loop's per-profile mechanics in small whole runs: Dendrite going back
 * to make_join with the next server after a send_join failure, conduwuit giving
 * up after too many incompatible-version answers, backoff bookkeeping (set on a
 * timeout, cleared by an inbound request), and profileSettings reaching the
 * profiles.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../engine/run/run-scenario';
import { validateScenario } from '../../engine/scenario/load';
import { formatProblem } from '../../engine/scenario/problems';
import type { Scenario } from '../../engine/scenario/types';

function scenario(raw: Record<string, unknown>): Scenario {
  const result = validateScenario({ fedsim: 1, name: 't', ...raw }, 't.yaml');
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.scenario;
}

const publicRoom = (members: Record<string, string>) => ({ id: '!room:hs1', creator: '@admin:hs1', joinRule: 'public', members });

describe('join loop', () => {
  it('a Dendrite joiner whose send_join goes unanswered tries make_join at the next server', () => {
    const s = scenario({
      servers: [{ name: 'hs1', users: ['admin'] }, { name: 'hs2', users: ['m'] }, { name: 'hs3', implementation: 'dendrite', users: ['u'] }],
      rooms: [publicRoom({ '@m:hs2': 'join' })],
      timeline: [
        { at: 1000, do: 'join', id: 'j', user: '@u:hs3', room: '!room:hs1', via: ['hs2', 'hs1'] },
        { at: 1120, do: 'crash', server: 'hs2' },
      ],
    });
    const join = runScenario(s).report.joins[0];
    expect(join?.outcome).toBe('joined');
    expect(join?.resident).toBe('hs1');
    expect(join?.attempts.map((a) => `${a.server} ${a.step} ${a.status} ${a.decision}`)).toEqual([
      'hs2 make_join 200 success',
      'hs2 send_join 0 next',
      'hs1 make_join 200 success',
      'hs1 send_join 200 success',
    ]);
    // Dendrite waits 5 minutes for send_join (reference §3.7).
    expect(join?.attempts[1]?.answeredAt).toBe(1100 + 300_000);
  });

  it('conduwuit gives up after more than 15 incompatible-version answers', () => {
    const residents = Array.from({ length: 20 }, (_, i) => `r${String(i).padStart(2, '0')}`);
    const s = scenario({
      servers: [{ name: 'hs1', users: ['admin'] }, ...residents.map((name) => ({ name, users: ['m'] })), { name: 'old', implementation: 'conduwuit', roomVersions: ['9'], users: ['u'] }],
      rooms: [publicRoom(Object.fromEntries(residents.map((r) => [`@m:${r}`, 'join'])))],
      timeline: [{ at: 0, do: 'join', id: 'j', user: '@u:old', room: '!room:hs1', via: residents }],
    });
    const join = runScenario(s).report.joins[0];
    expect(join?.outcome).toBe('failed');
    expect(join?.errcode).toBe('M_INCOMPATIBLE_ROOM_VERSION');
    expect(join?.attempts.length).toBe(16);
  });

  it('a Synapse joiner aborts at the first incompatible-version answer', () => {
    const s = scenario({
      servers: [{ name: 'hs1', users: ['admin'] }, { name: 'hs2', users: ['m'] }, { name: 'old', roomVersions: ['9'], users: ['u'] }],
      rooms: [publicRoom({ '@m:hs2': 'join' })],
      timeline: [{ at: 0, do: 'join', id: 'j', user: '@u:old', room: '!room:hs1', via: ['hs2', 'hs1'] }],
    });
    const join = runScenario(s).report.joins[0];
    expect(join?.status).toBe(400);
    expect(join?.attempts.length).toBe(1);
  });

  it('a timeout puts the destination in backoff; an inbound request from it clears that', () => {
    const raw = (timeline: Array<Record<string, unknown>>) => ({
      servers: [{ name: 'hs1', users: ['admin'] }, { name: 'hs2', users: ['m'] }, { name: 'hs3', users: ['u', 'v'] }],
      rooms: [publicRoom({ '@m:hs2': 'join' }), { id: '!other:hs3', creator: '@u:hs3', joinRule: 'public' }],
      timeline,
    });
    const base = [
      { at: 0, do: 'crash', server: 'hs2' },
      { at: 100, do: 'join', id: 'first', user: '@u:hs3', room: '!room:hs1', via: ['hs2', 'hs1'] },
      { at: 30_000, do: 'recover', server: 'hs2' },
    ];
    // 20 s make_join timeout, then a 10-minute backoff.
    const state = runScenario(scenario(raw(base))).result.servers.get('hs3')?.backoff.get('hs2');
    expect(state?.interval).toBe(600_000);
    expect(state?.until).toBe(20_100 + 600_000);

    // hs2 asks hs3 to join hs3's room: that inbound request clears hs3's backoff from hs2.
    const { result, report } = runScenario(scenario(raw([...base, { at: 40_000, do: 'join', id: 'inbound', user: '@m:hs2', room: '!other:hs3' }])));
    expect(report.joins[0]?.attempts[0]?.status).toBe(0);
    expect(report.joins[1]?.outcome).toBe('joined');
    expect(result.servers.get('hs3')?.backoff.has('hs2')).toBe(false);
  });

  it('Synapse retries an unanswered send_join 3 times after 0.5/1/2 s × U(0.8, 1.4), then gives 502', () => {
    const s = scenario({
      servers: [{ name: 'hs1', users: ['admin'] }, { name: 'hs2', users: ['u'] }],
      rooms: [
        { id: '!space:hs1', creator: '@admin:hs1', members: { '@u:hs2': 'join' } },
        { id: '!room:hs1', creator: '@admin:hs1', joinRule: 'restricted', allow: ['!space:hs1'] },
      ],
      timeline: [
        { at: 1000, do: 'join', id: 'j', user: '@u:hs2', room: '!room:hs1', via: ['hs1'] },
        { at: 1120, do: 'crash', server: 'hs1' },
      ],
    });
    for (const seed of ['1', '2', '3', '4', '5']) {
      const join = runScenario(s, { seed }).report.joins[0];
      expect(join?.attempts.map((a) => `${a.step} ${a.status} ${a.decision}`)).toEqual([
        'make_join 200 success',
        'send_join 0 retry',
        'send_join 0 retry',
        'send_join 0 retry',
        'send_join 0 next',
      ]);
      expect([join?.status, join?.errcode, join?.message]).toEqual([502, 'M_UNKNOWN', 'Failed to send_join via any server']);
      const sends = join?.attempts.slice(1) ?? [];
      [500, 1000, 2000].forEach((base, k) => {
        const gap = (sends[k + 1]?.at ?? 0) - (sends[k]?.answeredAt ?? 0);
        expect(gap, `seed ${seed} retry ${k + 1}`).toBeGreaterThanOrEqual(base * 0.8 - 1);
        expect(gap, `seed ${seed} retry ${k + 1}`).toBeLessThanOrEqual(base * 1.4 + 1);
      });
      // Each try waits the full 60 s.
      for (const a of sends) expect((a.answeredAt ?? 0) - a.at).toBe(60_000);
    }
  });

  it('profileSettings reach the profile: a 5 s make_join timeout', () => {
    const s = scenario({
      profileSettings: { synapse: { makeJoinTimeoutMs: 5000 } },
      servers: [{ name: 'hs1', users: ['admin'] }, { name: 'hs2', users: ['m'] }, { name: 'hs3', users: ['u'] }],
      rooms: [publicRoom({ '@m:hs2': 'join' })],
      timeline: [
        { at: 0, do: 'crash', server: 'hs2' },
        { at: 100, do: 'join', id: 'j', user: '@u:hs3', room: '!room:hs1', via: ['hs2', 'hs1'] },
      ],
    });
    const join = runScenario(s).report.joins[0];
    expect(join?.attempts[0]?.answeredAt).toBe(5100);
    expect(join?.outcome).toBe('joined');
  });
});
