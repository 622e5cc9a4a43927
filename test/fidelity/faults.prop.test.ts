/**
 * Properties under random fault schedules (crash, recover, partition, heal) over
 * random federations of every profile: every join ends, time never goes
 * backwards, a crashed server sends nothing, and once everything is healed and
 * recovered (with no loss) every server holding a room has the same view of it.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../engine/run/run-scenario';
import type { TraceEvent } from '../../engine/run/trace';
import type { RoomView } from '../../engine/matrix/room-view';
import { randomScenario } from './random-scenario';

const SEEDS = Array.from({ length: 150 }, (_, i) => `prop-${i}`);

function viewKey(view: RoomView): string {
  const members = [...view.members.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify({ members, joinRules: view.joinRulesContent, powerLevels: view.powerLevels });
}

describe('fault schedules (property)', () => {
  it('every join ends, joined or failed, and never before it started', () => {
    for (const seed of SEEDS) {
      const scenario = randomScenario(seed);
      const { report } = runScenario(scenario);
      const joins = scenario.timeline.filter((a) => a.do === 'join');
      expect(report.joins.length, seed).toBe(joins.length);
      for (const join of report.joins) {
        expect(['joined', 'failed'], `${seed} ${join.id}`).toContain(join.outcome);
        expect(join.finishedAt, `${seed} ${join.id}`).toBeGreaterThanOrEqual(join.at);
        expect(join.message ?? '', `${seed} ${join.id}`).not.toMatch(/still under way/);
        for (const attempt of join.attempts) {
          if (attempt.status === 0) expect(attempt.reason, `${seed} ${join.id}`).not.toBe('');
        }
      }
    }
  });

  it('time never goes backwards in the trace', () => {
    for (const seed of SEEDS) {
      let last = -Infinity;
      let backwards: TraceEvent | null = null;
      runScenario(randomScenario(seed), {
        onTrace: (event) => {
          if (event.t < last && backwards === null) backwards = event;
          last = event.t;
        },
      });
      expect(backwards, seed).toBeNull();
    }
  });

  it('a crashed server answers nothing and applies or sends nothing while down', () => {
    let crashes = 0;
    for (const seed of SEEDS) {
      const scenario = randomScenario(seed);
      const down = new Set<string>();
      const problems: string[] = [];
      runScenario(scenario, {
        onTrace: (event) => {
          if (event.type === 'action') {
            const action = scenario.timeline.find((a) => a.index === event.index);
            if (action?.do === 'crash') {
              down.add(action.server);
              crashes++;
            }
            if (action?.do === 'recover') down.delete(action.server);
          }
          if (event.type === 'answer' && down.has(event.server)) problems.push(`${event.server} answered at ${event.t}`);
          if (event.type === 'state' && down.has(event.server)) problems.push(`${event.server} created state at ${event.t}`);
          if (event.type === 'deliver' && down.has(event.to)) problems.push(`${event.to} received an event at ${event.t}`);
          if (event.type === 'request' && down.has(event.from)) problems.push(`${event.from} sent a request at ${event.t}`);
        },
      });
      expect(problems, seed).toEqual([]);
    }
    expect(crashes).toBeGreaterThan(50);
  });

  it('after heal and recover every server holding a room has the same view of it', () => {
    let compared = 0;
    for (const seed of SEEDS) {
      const { result } = runScenario(randomScenario(seed));
      for (const roomId of ['!space:hs1', '!room:hs1']) {
        const views = new Map<string, string>();
        for (const [name, server] of result.servers) {
          const view = server.views.get(roomId);
          if (view) views.set(name, viewKey(view));
        }
        const distinct = new Set(views.values());
        if (views.size > 1) compared++;
        expect(distinct.size, `${seed} ${roomId}: ${[...views.entries()].map(([s, v]) => `${s}=${v}`).join('\n')}`).toBeLessThanOrEqual(1);
      }
    }
    // The property must have had something to compare.
    expect(compared).toBeGreaterThan(SEEDS.length);
  });
});
