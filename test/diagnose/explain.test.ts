import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyFix, explainJoins, runScenario } from '../../engine/index';
import { galleryFiles, loadFile, scenarioOf, spaceAndRoom } from './fixtures';

describe('explainJoins on the gallery', () => {
  const cases = galleryFiles().flatMap((file) => {
    const scenario = loadFile(file);
    return runScenario(scenario)
      .report.joins.filter((j) => j.outcome === 'failed')
      .map((j) => [`${basename(file)} ${j.id}`, file, j.id] as const);
  });

  it('has failed joins to explain', () => {
    expect(cases.length).toBeGreaterThanOrEqual(8);
  });

  it.each(cases)('%s: names the deciding server and check, and its fix lets the join in', (_label, file, id) => {
    const scenario = loadFile(file);
    const { report, explanations } = explainJoins(scenario, { joins: [id] });
    const [e] = explanations;
    expect(e?.join).toBe(id);
    const join = report.joins.find((j) => j.id === id);
    expect(join?.explanation).toBe(e);
    const last = join?.attempts[join.attempts.length - 1];
    if (last) expect(e?.decidedBy).toEqual({ server: last.server, step: last.step, check: last.check });
    else expect(e?.decidedBy).toMatchObject({ server: join?.joiner, step: 'plan' });
    expect(e?.decidedBy?.check).toBeTruthy();
    expect(e?.fix).not.toBeNull();
    const fixed = runScenario(applyFix(scenario, e!.fix!.fix)).report.joins.find((j) => j.id === id);
    expect(fixed?.outcome).toBe('joined');
  });

  it('tells the stale-view story: hs2 had not yet received the space join, and hs1 first in via would have worked', () => {
    const [e] = explainJoins(loadFile(galleryFiles().find((f) => f.endsWith('stale-view.yaml'))!), { joins: ['dave'] }).explanations;
    expect(e?.decidedBy).toEqual({ server: 'hs2', step: 'make_join', check: 'allow' });
    const [attempt] = e!.attempts;
    expect(attempt?.knew?.allowedRooms).toEqual([{ room: '!space:hs1', resident: true, userMembership: 'none', since: null }]);
    expect(attempt?.wouldChange).toContain('stale view');
    expect(attempt?.decision).toBe('abort');
    expect(e?.fix?.fix).toEqual({ type: 'add-via', join: 'dave', server: 'hs1' });
  });

  it('picks the configuration fix over the workaround of inviting the user', () => {
    const [e] = explainJoins(loadFile(galleryFiles().find((f) => f.endsWith('allow-typo.yaml'))!)).explanations;
    expect(e?.fix?.fix).toEqual({ type: 'fix-allow-entry', room: '!room:hs1', from: '!spcae:hs1', to: '!space:hs1' });
    expect(e?.alternatives.map((a) => a.fix.type)).toContain('invite');
  });

  it('records what each resident knew, including since when it saw the user in the allowed room', () => {
    const [e] = explainJoins(loadFile(galleryFiles().find((f) => f.endsWith('unauthorised-allowed-room.yaml'))!)).explanations;
    expect(e?.attempts.map((a) => [a.server, a.check, a.decision])).toEqual([
      ['hs1', 'allow', 'next'],
      ['hs2', 'grant', 'next'],
    ]);
    expect(e?.attempts[0]?.knew).toMatchObject({ server: 'hs1', resident: true, mayInvite: ['@admin:hs1'], allowedRooms: [{ room: '!space:hs2', resident: false }] });
    expect(e?.attempts[1]?.knew).toMatchObject({ server: 'hs2', mayInvite: [], allowedRooms: [{ room: '!space:hs2', resident: true, userMembership: 'join', since: 0 }] });
    expect(e?.fix?.description).toBe('give @sam:hs2 power 50 in !room:hs1, so hs2 can authorise joins');
  });
});

describe('explainJoins', () => {
  it('does not change the run: same fingerprint as a plain run', () => {
    const scenario = loadFile(galleryFiles().find((f) => f.endsWith('stale-view.yaml'))!);
    expect(explainJoins(scenario).report.fingerprint).toBe(runScenario(scenario).report.fingerprint);
  });

  it('explains a successful join on request, without a fix', () => {
    const scenario = scenarioOf(spaceAndRoom({}, { timeline: [{ at: 1000, do: 'join', id: 'j', user: '@dave:hs2', room: '!room:hs1', via: ['hs1'] }] }));
    const [e] = explainJoins(scenario, { joins: ['j'] }).explanations;
    expect(e).toMatchObject({ outcome: 'joined', fix: null, decidedBy: { server: 'hs1', step: 'send_join', check: 'ok' } });
    expect(e?.summary).toContain('authorised by @admin:hs1');
  });

  it('skips the fix search when asked', () => {
    const scenario = loadFile(galleryFiles().find((f) => f.endsWith('allow-typo.yaml'))!);
    expect(explainJoins(scenario, { fixes: false }).explanations[0]?.fix).toBeNull();
  });

  it('leaves the scenario it was given untouched when applying fixes', () => {
    const scenario = loadFile(galleryFiles().find((f) => f.endsWith('nobody-can-invite.yaml'))!);
    const before = JSON.stringify(scenario);
    const fixed = applyFix(scenario, { type: 'lower-invite-level', room: '!room:hs1', level: 100 });
    expect(JSON.stringify(scenario)).toBe(before);
    expect(fixed.rooms[1]?.powerLevels.invite).toBe(100);
  });
});
