import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyFix, explainJoins, runScenario } from '../../engine/index';
import { galleryFiles, loadFile, scenarioOf, spaceAndRoom } from './fixtures';
import { generated } from '../scale/helpers';
import { formatExplanation } from '../../cli/format/explanation';
import { observeRun } from '../../engine/explain/observe';

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

  /** Joins that no change someone could make lets in: nobody joined may repair the room under its own power levels. */
  const UNFIXABLE_FROM_INSIDE = new Set(['nobody-can-invite.yaml dave', 'nobody-can-invite.yaml bob']);

  it.each(cases)('%s: names the deciding server and check, and its fix (if someone could make one) lets the join in', (label, file, id) => {
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
    if (UNFIXABLE_FROM_INSIDE.has(label)) {
      expect(e?.fixSearch).toBe('done');
      expect(e?.fix).toBeNull();
      return;
    }
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
    expect(e?.fix?.description).toBe('@admin:hs1 (power 100) gives @sam:hs2 power 50 in !room:hs1, so hs2 can authorise joins');
    expect(e?.fix?.by).toEqual(['@admin:hs1']);
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
    const [e] = explainJoins(scenario, { fixes: false }).explanations;
    expect(e).toMatchObject({ fix: null, fixSearch: 'not-asked', fixCandidates: 0 });
    expect(e?.summary).not.toContain('No single change');
  });


  it('leaves the scenario it was given untouched when applying fixes', () => {
    const scenario = loadFile(galleryFiles().find((f) => f.endsWith('nobody-can-invite.yaml'))!);
    const before = JSON.stringify(scenario);
    const fixed = applyFix(scenario, { type: 'lower-invite-level', room: '!room:hs1', level: 100 });
    expect(JSON.stringify(scenario)).toBe(before);
    expect(fixed.rooms[1]?.powerLevels.invite).toBe(100);
  });
});

describe('explainJoins on a big scenario', () => {
  // A generated federation with many failed joins (outsiders into restricted rooms).
  const scenario = generated({ servers: 12, joins: 150, outsiders: 0.6 }, '5');
  const failedIds = runScenario(scenario).report.joins.filter((j) => j.outcome === 'failed').map((j) => j.id);

  it('explains only the first maxJoins failed joins, in order', () => {
    expect(failedIds.length).toBeGreaterThan(4);
    const { explanations } = explainJoins(scenario, { maxJoins: 3, fixes: false });
    expect(explanations.map((e) => e.join)).toEqual(failedIds.slice(0, 3));
    // Named joins are all explained, whatever maxJoins says.
    expect(explainJoins(scenario, { joins: failedIds.slice(0, 5), maxJoins: 1, fixes: false }).explanations).toHaveLength(5);
  });

  it('observes only the joins it explains, and sees them exactly as a run that observes every join', () => {
    const ids = failedIds.slice(0, 3);
    const users = new Set(ids.map((id) => (scenario.timeline.find((a) => a.do === 'join' && a.id === id) as { user: string }).user));
    const all = observeRun(scenario);
    const focused = observeRun(scenario, undefined, { joins: new Set(ids), users });
    expect([...focused.attempts.keys()].sort()).toEqual(ids.filter((id) => all.attempts.has(id)).sort());
    expect([...focused.plans.keys()].sort()).toEqual([...ids].sort());
    for (const id of ids) {
      expect(focused.attempts.get(id)).toEqual(all.attempts.get(id));
      expect(focused.plans.get(id)).toEqual(all.plans.get(id));
    }
    // The clock keeps time for the watched users only, and the same time.
    const servers = scenario.servers.map((s) => s.name);
    for (const user of users) for (const room of scenario.rooms.map((r) => r.id)) for (const server of servers) expect(focused.clock.since(server, room, user)).toBe(all.clock.since(server, room, user));
    expect(focused.report.fingerprint).toBe(all.report.fingerprint);
  });

  it('searches a join for fixes only when all its re-simulations fit in the budget, which the searches share', () => {
    const first = failedIds[0] as string;
    const unbounded = explainJoins(scenario, { joins: [first] }).explanations[0];
    expect(unbounded?.fixSearch).toBe('done');
    expect(unbounded?.fixCandidates).toBeGreaterThan(1);
    const runEvents = runScenario(scenario).report.events;
    const candidates = unbounded?.fixCandidates as number;
    // One event short of the whole search: not searched at all, and the story says so.
    const short = explainJoins(scenario, { joins: [first], fixEventBudget: candidates * runEvents - 1 }).explanations[0];
    expect(short).toMatchObject({ fixSearch: 'over-budget', fixCandidates: candidates, fix: null, alternatives: [] });
    expect(short?.summary).toContain(`The ${candidates} changes fedsim would try were not simulated`);
    expect(formatExplanation(short!)).toContain(`fix: not searched: simulating the run again for each of ${candidates} candidate changes would pass the fix search's budget (--fixes searches without one)`);
    expect(formatExplanation(short!)).not.toContain('none found');
    // Enough for exactly this search: the same result as without a bound.
    const exact = explainJoins(scenario, { joins: [first], fixEventBudget: candidates * runEvents }).explanations[0];
    expect(exact?.fixSearch).toBe('done');
    expect(exact?.fix).toEqual(unbounded?.fix);
    // Shared: the first join's search spends what the second's would need (half of it is left over).
    const second = failedIds[1] as string;
    const secondCandidates = explainJoins(scenario, { joins: [second] }).explanations[0]?.fixCandidates ?? 0;
    expect(secondCandidates).toBeGreaterThan(0);
    const budget = candidates * runEvents + (secondCandidates * runEvents) / 2;
    const both = explainJoins(scenario, { joins: [first, second], fixEventBudget: budget }).explanations;
    expect(both.map((e) => e.fixSearch)).toEqual(['done', 'over-budget']);
    // Alone, the second fits in that budget.
    expect(explainJoins(scenario, { joins: [second], fixEventBudget: budget }).explanations[0]?.fixSearch).toBe('done');
  });
});

describe('explainJoins with profileSettings', () => {
  it('sees what each resident knew when the scenario overrides profile settings (one way to get a profile)', () => {
    const scenario = loadFile(galleryFiles().find((f) => f.endsWith('stale-view.yaml'))!);
    // A setting that changes nothing here: the run is the same, the profiles are built with overrides.
    const overridden = { ...scenario, profileSettings: { synapse: { joinRateBurst: 10 } } };
    const [plain] = explainJoins(scenario, { joins: ['dave'], fixes: false }).explanations;
    const [e] = explainJoins(overridden, { joins: ['dave'], fixes: false }).explanations;
    expect(e?.attempts[0]?.knew).not.toBeNull();
    expect(e?.attempts[0]?.knew).toEqual(plain?.attempts[0]?.knew);
    expect(e?.joinerKnew).not.toBeNull();
    expect(e?.joinerKnew).toEqual(plain?.joinerKnew);
  });
});
