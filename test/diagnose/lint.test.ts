import { describe, expect, it } from 'vitest';
import { LINT_CODES, lintScenario, runScenario, type LintFinding } from '../../engine/index';
import { galleryFiles, loadFile, scenarioOf, spaceAndRoom } from './fixtures';

function codes(findings: LintFinding[]): string[] {
  return findings.map((f) => f.code);
}

function only(findings: LintFinding[], code: string): LintFinding[] {
  return findings.filter((f) => f.code === code);
}

const join = (extra: Record<string, unknown> = {}) => ({ at: 1000, do: 'join', id: 'j', user: '@dave:hs2', room: '!room:hs1', via: ['hs1'], ...extra });

describe('lintScenario', () => {
  it('notes a Synapse server that will authorise only after its partial-state join resyncs, when a later join asks it', () => {
    const timeline = [
      { at: 1000, do: 'join', id: 'mod', user: '@bystander:hs3', room: '!room:hs1', via: ['hs1'] },
      { at: 2000, do: 'join', id: 'dave', user: '@dave:hs2', room: '!room:hs1', via: ['hs3', 'hs1'] },
    ];
    const raw = spaceAndRoom({ powerLevels: { invite: 50, users: { '@admin:hs1': 100, '@bystander:hs3': 50 } } }, { timeline });
    const [note] = only(lintScenario(scenarioOf(raw)), 'partial-state-authoriser');
    expect(note).toMatchObject({ severity: 'info', room: '!room:hs1', servers: ['hs3'] });
    expect(note?.message).toContain('@dave:hs2 asks it at 2000 ms');
    // A server that joins with full state (the setting off) is not noted.
    const off = scenarioOf({ ...raw, profileSettings: { synapse: { partialStateJoins: false } } });
    expect(only(lintScenario(off), 'partial-state-authoriser')).toEqual([]);
  });

  it('names the last join that asks a partial-state authoriser, notes the server once, and counts no ask at the same instant', () => {
    const servers = [
      { name: 'hs1', users: ['admin'] },
      { name: 'hs2', users: ['dave', 'eve', 'frank'] },
      { name: 'hs3', users: ['bystander', 'mod2'] },
    ];
    const powerLevels = { invite: 50, users: { '@admin:hs1': 100, '@bystander:hs3': 50, '@mod2:hs3': 50 } };
    const timeline = [
      { at: 1000, do: 'join', id: 'mod', user: '@bystander:hs3', room: '!room:hs1', via: ['hs1'] },
      { at: 1000, do: 'join', id: 'same-instant', user: '@eve:hs2', room: '!room:hs1', via: ['hs3'] },
      { at: 1500, do: 'join', id: 'mod2', user: '@mod2:hs3', room: '!room:hs1', via: ['hs1'] },
      { at: 2000, do: 'join', id: 'dave', user: '@dave:hs2', room: '!room:hs1', via: ['hs3', 'hs1'] },
      { at: 3000, do: 'join', id: 'frank', user: '@frank:hs2', room: '!room:hs1', via: ['hs1', 'hs3'] },
    ];
    const notes = only(lintScenario(scenarioOf(spaceAndRoom({ powerLevels }, { servers, timeline }))), 'partial-state-authoriser');
    expect(notes).toHaveLength(1);
    expect(notes[0]?.message).toContain('with @bystander:hs3');
    expect(notes[0]?.message).toContain('@frank:hs2 asks it at 3000 ms');
    // Asked only at the instant of the join itself: not later, so not noted.
    const sameInstant = timeline.slice(0, 2);
    expect(only(lintScenario(scenarioOf(spaceAndRoom({ powerLevels }, { servers, timeline: sameInstant }))), 'partial-state-authoriser')).toEqual([]);
  });

  it('reports nothing for a healthy restricted room', () => {
    // Two servers in both rooms may invite, so no single server is critical either.
    const raw = spaceAndRoom({ powerLevels: { invite: 50, users: { '@admin:hs1': 100, '@bystander:hs3': 50 } }, members: { '@bystander:hs3': 'join' } }, { timeline: [join()] });
    (raw.rooms as { members: Record<string, string> }[])[0]!.members['@bystander:hs3'] = 'join';
    expect(lintScenario(scenarioOf(raw))).toEqual([]);
  });

  it('reports allowed-room-without-authorising-server once per allowed room, with the restricted room as room', () => {
    const raw = spaceAndRoom({ allow: ['!space:hs1', '!other:hs3', '!other:hs3'], members: { '@bystander:hs3': 'join' } });
    (raw.rooms as unknown[]).push({ id: '!other:hs3', creator: '@bystander:hs3' });
    const found = only(lintScenario(scenarioOf(raw)), 'allowed-room-without-authorising-server');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'error', room: '!room:hs1', servers: ['hs1', 'hs3'] });
    expect(found[0]?.message).toContain('!other:hs3');
    expect(found[0]?.fix).toBe('@admin:hs1 (power 100) can give @bystander:hs3 power 50 in !room:hs1, or @admin:hs1 can join !other:hs3, so hs1 sees its members');
  });

  it('reports no-authorising-server with the per-allowed-room error, not the unreachable invite level again, and proposes no fix nobody can make', () => {
    const findings = lintScenario(scenarioOf(spaceAndRoom({ powerLevels: { invite: 101, users: { '@admin:hs1': 100 } } })));
    expect(codes(findings).sort()).toEqual(['allowed-room-without-authorising-server', 'no-authorising-server']);
    const [none] = only(findings, 'no-authorising-server');
    expect(none).toMatchObject({ severity: 'error', room: '!room:hs1', servers: ['hs1'] });
    // @admin:hs1 (100) cannot lower an invite level of 101: that needs power of at least the old level.
    expect(none?.fix).toMatch(/^nobody joined can fix this under the room's power levels/);
    expect(none?.fix).not.toContain('lower');
  });

  it('reports invite-level-unreachable for a room that is not restricted, in words that fit it', () => {
    const raw = spaceAndRoom({ joinRule: 'invite', allow: undefined, powerLevels: { invite: 101, users: { '@admin:hs1': 100 } } });
    const [unreachable] = only(lintScenario(scenarioOf(raw)), 'invite-level-unreachable');
    expect(unreachable?.message).toBe('The invite level of !room:hs1 is 101, above every joined user\'s power (at most 100): nobody can invite, so with join rule invite nobody new can get in.');
    expect(unreachable?.message).not.toContain('restricted');
  });

  it('offers an invited user with enough power as the way out of no-authorising-server', () => {
    const raw = spaceAndRoom({ powerLevels: { invite: 101, users: { '@admin:hs1': 100, '@bystander:hs3': 101 } }, members: { '@bystander:hs3': 'invite' } });
    const [none] = only(lintScenario(scenarioOf(raw)), 'no-authorising-server');
    expect(none?.fix).toBe('@bystander:hs3 can accept the pending invite (power ≥ 101), and that server then authorises joins');
  });

  it('says the v12 creator who left is what is missing, and reports no-authorising-server', () => {
    const raw = spaceAndRoom({ version: '12', powerLevels: { invite: 50, users: {} }, members: { '@admin:hs1': 'leave', '@bystander:hs3': 'join' } });
    const [none] = only(lintScenario(scenarioOf(raw)), 'no-authorising-server');
    expect(none?.message).toContain('The creator @admin:hs1 is not joined, whose unlimited power counts only while joined.');
  });

  it('never reports no-authorising-server in v12, where a joined creator has infinite power', () => {
    const findings = lintScenario(scenarioOf(spaceAndRoom({ version: '12', powerLevels: { invite: 101, users: {} } })));
    expect(codes(findings)).not.toContain('no-authorising-server');
    expect(codes(findings)).not.toContain('invite-level-unreachable');
  });

  it('reports unknown-allowed-room with a did-you-mean fix', () => {
    const findings = lintScenario(scenarioOf(spaceAndRoom({ allow: ['!spcae:hs1'] })));
    const [unknown] = only(findings, 'unknown-allowed-room');
    expect(unknown).toMatchObject({ severity: 'warning', room: '!room:hs1', fix: '@admin:hs1 (power 100) can change the allow entry !spcae:hs1 to !space:hs1' });
    // Nobody is in an unknown room, so it has no authorising server either.
    expect(codes(findings)).toContain('allowed-room-without-authorising-server');
  });

  it('reports invalid-allow for an allow that is not a list, and for ignored entries', () => {
    const notList = lintScenario(scenarioOf(spaceAndRoom({ joinRule: undefined, allow: undefined, joinRules: { join_rule: 'restricted', allow: 'invalid' } })));
    expect(only(notList, 'invalid-allow')[0]).toMatchObject({ severity: 'warning', room: '!room:hs1' });
    expect(only(notList, 'invalid-allow')[0]?.message).toContain('invite-only in effect');
    expect(codes(notList)).toContain('allow-empty');
    const ignored = lintScenario(
      scenarioOf(spaceAndRoom({ joinRule: undefined, allow: undefined, joinRules: { join_rule: 'restricted', allow: [{ type: 'm.room_membership', room_id: '!space:hs1' }, { room_id: '!space:hs1' }, 'x'] } })),
    );
    expect(only(ignored, 'invalid-allow')[0]?.message).toMatch(/^2 allow entries of !room:hs1 are ignored/);
    expect(codes(ignored)).not.toContain('allow-empty');
  });

  it.each([
    ['knock', '6', '7'],
    ['restricted', '7', '9'],
    ['knock_restricted', '9', '10'],
  ])('reports join-rule-unsupported for %s on v%s and suggests v%s', (rule, version, target) => {
    const findings = lintScenario(scenarioOf(spaceAndRoom({ joinRule: rule, version })));
    const [found] = only(findings, 'join-rule-unsupported');
    expect(found).toMatchObject({ severity: 'error', room: '!room:hs1' });
    expect(found?.fix).toContain(`room version ${target} or later`);
  });

  it('reports room-version-unsupported for a timeline join by a server without the version, once per server and room', () => {
    const raw = spaceAndRoom({}, { timeline: [join(), join({ id: 'j2', at: 2000 })] });
    (raw.servers as Record<string, unknown>[])[1] = { name: 'hs2', users: ['dave'], roomVersions: ['9'] };
    (raw.rooms as Record<string, unknown>[])[0] = { id: '!space:hs1', version: '9', creator: '@admin:hs1', members: { '@dave:hs2': 'join' } };
    const found = only(lintScenario(scenarioOf(raw)), 'room-version-unsupported');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'warning', room: '!room:hs1', servers: ['hs2'] });
  });

  it('reports resident-version-unsupported for a resident without the version', () => {
    const raw = spaceAndRoom({ members: { '@dave:hs2': 'join' } });
    (raw.servers as Record<string, unknown>[])[1] = { name: 'hs2', users: ['dave'], roomVersions: ['9'] };
    const found = lintScenario(scenarioOf(raw)).filter((f) => f.code === 'resident-version-unsupported');
    expect(found.map((f) => f.room)).toEqual(['!space:hs1', '!room:hs1']);
  });

  it('reports via-cannot-authorise when no via server is an authorising server, using the room ID server when via is absent', () => {
    const raw = spaceAndRoom({ members: { '@bystander:hs3': 'join' } }, { timeline: [join({ via: ['hs3'] }), join({ id: 'k', via: undefined })] });
    const found = only(lintScenario(scenarioOf(raw)), 'via-cannot-authorise');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'warning', room: '!room:hs1', fix: 'put hs1 first in the via of join j' });
  });

  it('reports via-only-own-server for a join that names only its own server', () => {
    const found = only(lintScenario(scenarioOf(spaceAndRoom({}, { timeline: [join({ via: ['hs2'] })] }))), 'via-only-own-server');
    expect(found[0]).toMatchObject({ room: '!room:hs1', servers: ['hs2'] });
  });

  it('reports v8-redaction-risk for restricted rooms on v8 only', () => {
    // hs1 alone can authorise in the fixture, hence single-authorising-server beside it.
    expect(codes(lintScenario(scenarioOf(spaceAndRoom({ version: '8' }))))).toEqual(['v8-redaction-risk', 'single-authorising-server']);
    expect(only(lintScenario(scenarioOf(spaceAndRoom({ version: '8' }))), 'v8-redaction-risk')[0]?.severity).toBe('info');
    expect(codes(lintScenario(scenarioOf(spaceAndRoom({ version: '9' }))))).toEqual(['single-authorising-server']);
  });

  it('reports allow-self and allow-duplicate', () => {
    const findings = lintScenario(scenarioOf(spaceAndRoom({ allow: ['!room:hs1', '!space:hs1', '!space:hs1'] })));
    // The room itself is no allowed room to the resilience analysis: one finding, for the space.
    expect(codes(findings)).toEqual(['allow-self', 'allow-duplicate', 'single-authorising-server']);
  });

  it('gives every finding a severity from the table, a room, servers, a message and a fix', () => {
    for (const file of galleryFiles()) {
      for (const f of lintScenario(loadFile(file))) {
        expect(LINT_CODES.find((c) => c.code === f.code)?.severity).toBe(f.severity);
        expect(f.message.length).toBeGreaterThan(20);
        expect(f.fix?.length ?? 0).toBeGreaterThan(5);
        expect(Array.isArray(f.servers)).toBe(true);
      }
    }
  });
});

describe('runScenario and lint', () => {
  it('fills the report lint itself when no findings are passed', () => {
    const scenario = scenarioOf(spaceAndRoom({ version: '8' }));
    expect(codes(runScenario(scenario).report.lint)).toEqual(['v8-redaction-risk', 'single-authorising-server']);
    expect(runScenario(scenario, { lint: [] }).report.lint).toEqual([]);
  });
});

describe('the shipped scenarios', () => {
  const contractCodes = LINT_CODES.filter((c) => c.contract).map((c) => c.code);

  it.each(contractCodes)('produce and assert %s in at least one gallery scenario', (code) => {
    const producing = galleryFiles().filter((file) => {
      const scenario = loadFile(file);
      const { report } = runScenario(scenario);
      const asserted = scenario.expect.some((e, i) => e.type === 'lint' && e.code === code && report.expectations[i]?.passed);
      return asserted && report.lint.some((f) => f.code === code);
    });
    expect(producing.length).toBeGreaterThan(0);
  });
});

describe('lint on many joins', () => {
  it('lists the first 50 via findings per room and counts the rest in one closing finding', () => {
    const timeline = Array.from({ length: 120 }, (_, i) => ({ at: 1000 + i, do: 'join', id: `j${i}`, user: '@dave:hs2', room: '!room:hs1', via: ['hs3'] }));
    const found = lintScenario(scenarioOf(spaceAndRoom({}, { timeline }))).filter((f) => f.code === 'via-cannot-authorise');
    expect(found).toHaveLength(51);
    expect(found[50]?.message).toMatch(/^70 more timeline joins into !room:hs1 have the same problem/);
  });
});
