/**
 * Timeline state changes the auth rules refuse: the run does not apply them and
 * reports them (trace record with its rule, the report's rejectedActions, the
 * summary line), and lint warns of them beforehand, following power levels through
 * the timeline.
 */
import { describe, expect, it } from 'vitest';
import { lintScenario, runScenario, type TraceEvent } from '../../engine/index';
import { formatSummary } from '../../cli/format/summary';
import { loadFile, scenarioOf, spaceAndRoom } from './fixtures';

const setLevels = (at: number, sender: string, users: Record<string, number>) => ({ at, do: 'setPowerLevels', sender, room: '!room:hs1', content: { invite: 50, users } });

describe('a rejected timeline state change', () => {
  it('is not applied, and is in the trace, the report and the summary with the rule that refused it', () => {
    const scenario = loadFile('scenarios/protocol/power-levels-rejected.yaml');
    const trace: TraceEvent[] = [];
    const { report } = runScenario(scenario, { onTrace: (e) => trace.push(e) });
    expect(report.rejectedActions?.map((r) => [r.index, r.at, r.do, r.sender, r.rule])).toEqual([
      [0, 100, 'setPowerLevels', '@mod:hs2', "power levels: nobody raised above the sender's power"],
      [1, 200, 'setPowerLevels', '@mod:hs2', "power levels: no change to another user at or above the sender's power"],
      [3, 400, 'setPowerLevels', '@admin:hs1', 'power levels: creators not listed in users (v12)'],
    ]);
    const actionRecords = trace.filter((e) => e.type === 'action');
    expect(actionRecords.map((e) => ('rule' in e ? e.rule : null))).toEqual([
      "power levels: nobody raised above the sender's power",
      "power levels: no change to another user at or above the sender's power",
      null,
      'power levels: creators not listed in users (v12)',
    ]);
    // Not applied: no power-levels state event from the refused changes (the allowed one at 300 is there).
    expect(trace.filter((e) => e.type === 'state' && e.event === 'm.room.power_levels').map((e) => e.t)).toEqual([300]);
    expect(formatSummary(report)).toContain('3 timeline state changes rejected by the auth rules, not applied');
  });

  it('is absent from a report where nothing was refused', () => {
    const { report } = runScenario(scenarioOf(spaceAndRoom({}, { timeline: [setLevels(100, '@admin:hs1', { '@admin:hs1': 100, '@dave:hs2': 50 })] })));
    expect(report.rejectedActions).toBeUndefined();
  });
});

describe('lint: timeline-change-rejected', () => {
  const found = (timeline: unknown[]) => lintScenario(scenarioOf(spaceAndRoom({ powerLevels: { invite: 50, users: { '@admin:hs1': 100, '@bystander:hs3': 50 } }, members: { '@bystander:hs3': 'join' } }, { timeline }))).filter((f) => f.code === 'timeline-change-rejected');

  it('warns when a change raises someone above its sender', () => {
    const [f] = found([setLevels(100, '@bystander:hs3', { '@admin:hs1': 100, '@bystander:hs3': 50, '@dave:hs2': 60 })]);
    expect(f).toMatchObject({ severity: 'warning', room: '!room:hs1', servers: ['hs3'] });
    expect(f?.message).toContain('timeline[0] setPowerLevels at 100 ms will be rejected');
  });

  it('follows the power levels a change lint expects to pass', () => {
    // The admin first raises bystander to 100; then bystander's change is within their power.
    expect(found([setLevels(100, '@admin:hs1', { '@admin:hs1': 100, '@bystander:hs3': 100 }), setLevels(200, '@bystander:hs3', { '@admin:hs1': 100, '@bystander:hs3': 100, '@dave:hs2': 60 })])).toEqual([]);
    // In the other order the second is refused.
    expect(found([setLevels(200, '@admin:hs1', { '@admin:hs1': 100, '@bystander:hs3': 100 }), setLevels(100, '@bystander:hs3', { '@admin:hs1': 100, '@bystander:hs3': 50, '@dave:hs2': 60 })])).toHaveLength(1);
  });

  it('warns of a ban of someone not below the sender', () => {
    expect(found([{ at: 100, do: 'ban', sender: '@bystander:hs3', user: '@admin:hs1', room: '!room:hs1' }])).toHaveLength(1);
  });
});
