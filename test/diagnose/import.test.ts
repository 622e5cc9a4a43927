import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainJoins, importScenario, lintScenario, loadScenario, validateScenario, parseScenarioText, runScenario, toScenarioText, type RawScenario } from '../../engine/index';
import { runCli, scratchDir } from '../cli/helpers';
import { SCENARIOS_DIR, scenarioOf } from './fixtures';

const SAMPLES = join(SCENARIOS_DIR, 'import-samples/community');
const sample = (name: string) => join(SAMPLES, name);
const json = (name: string): unknown => JSON.parse(readFileSync(sample(name), 'utf8'));

function importSamples(): ReturnType<typeof importScenario> {
  const settings = parseScenarioText(readFileSync(sample('servers.yaml'), 'utf8'), 'servers.yaml');
  if (!settings.ok) throw new Error('settings do not parse');
  return importScenario(
    ['space.json', 'room.json', 'old-lounge.json'].map((f) => ({ source: f, events: json(f) })),
    { name: 'community', settings: settings.value, settingsSource: 'servers.yaml' },
  );
}

const ev = (type: string, stateKey: string, sender: string, content: Record<string, unknown>, roomId = '!r:hs1') => ({ type, state_key: stateKey, sender, room_id: roomId, content });

function rooms(result: ReturnType<typeof importScenario>): Record<string, unknown>[] {
  return (result.scenario?.rooms ?? []) as Record<string, unknown>[];
}

describe('importScenario on the shipped sample', () => {
  it('builds a valid scenario that lints and runs: the admin server is not in the space', () => {
    const result = importSamples();
    expect(result.problems).toEqual([]);
    const scenario = scenarioOf(result.scenario);
    const lint = lintScenario(scenario);
    expect(lint.map((f) => [f.code, f.room])).toEqual([['allowed-room-without-authorising-server', '!room:rooms.example.com']]);
    const { report } = runScenario(scenario);
    expect(report.joins[0]).toMatchObject({ id: 'dave', outcome: 'failed', status: 502 });
    const [e] = explainJoins(scenario).explanations;
    expect(e?.fix?.description).toBe('@mod:rooms.example.com (power 100) gives @admin:example.org power 50 in !room:rooms.example.com, so example.org can authorise joins');
  });

  it('keeps leave, ban and invite memberships and the servers and users they imply', () => {
    const result = importSamples();
    const room = rooms(result).find((r) => r.id === '!room:rooms.example.com');
    expect(room?.members).toEqual({
      '@admin:example.org': 'join',
      '@frank:rooms.example.com': 'leave',
      '@gina:chat.example.net': 'invite',
      '@mallory:bad.example': 'ban',
      '@mod:rooms.example.com': 'join',
    });
    expect((result.scenario?.servers as { name: string; users: string[] }[]).map((s) => `${s.name}:${s.users.join(',')}`)).toEqual([
      'bad.example:mallory',
      'chat.example.net:dave,gina',
      'example.org:admin',
      'other.example:erin',
      'rooms.example.com:frank,mod',
    ]);
  });

  it('warns about everything it could not use', () => {
    const { warnings } = importSamples();
    expect(warnings).toEqual(
      expect.arrayContaining([
        'space.json: not used (fedsim models no such state): m.room.name',
        'space.json:[8]: member event for @ghost:other.example has no membership (a redacted event that lost it?); ignored',
        'space.json: m.room.power_levels: not used: historical',
        'room.json:[9]: "m.room.message" has no state_key, so it is not state; ignored',
        'old-lounge.json:[4]: not an event object; ignored',
        'old-lounge.json: m.room.power_levels: not used: users.not-a-user, ban "50.5"',
      ]),
    );
  });

  it('writes YAML whose header comments carry the warnings and which loads back as the same scenario', () => {
    const result = importSamples();
    const text = toScenarioText(result.scenario as RawScenario, result.warnings, 'yaml', ['space.json']);
    expect(text.startsWith('# written by fedsim import from space.json\n')).toBe(true);
    expect(text).toContain('# warning: space.json: m.room.power_levels: not used: historical');
    const loaded = loadScenario(text, 'community.yaml');
    const direct = validateScenario(result.scenario, 'community.yaml');
    expect(loaded.ok && direct.ok).toBe(true);
    expect(loaded.ok && loaded.scenario).toEqual(direct.ok && direct.scenario);
  });
});

describe('importScenario on messy data', () => {
  it('reads the version from m.room.create, defaulting to 1, and the creator by version rules', () => {
    const v10 = importScenario([{ source: 'a', events: [ev('m.room.create', '', '@x:hs1', { creator: '@admin:hs1', room_version: '10' }), ev('m.room.member', '@admin:hs1', '@admin:hs1', { membership: 'join' })] }]);
    expect(rooms(v10)[0]).toMatchObject({ version: '10', creator: '@admin:hs1' });
    const v11 = importScenario([{ source: 'a', events: [ev('m.room.create', '', '@admin:hs1', { creator: '@x:hs1', room_version: '11' }), ev('m.room.member', '@admin:hs1', '@admin:hs1', { membership: 'join' })] }]);
    expect(rooms(v11)[0]).toMatchObject({ version: '11', creator: '@admin:hs1' });
    const v1 = importScenario([{ source: 'a', events: [ev('m.room.create', '', '@admin:hs1', {}), ev('m.room.member', '@admin:hs1', '@admin:hs1', { membership: 'join' })] }]);
    expect(rooms(v1)[0]).toMatchObject({ version: '1', creator: '@admin:hs1', joinRule: 'invite' });
    expect(v1.warnings.some((w) => w.includes('has no content.creator'))).toBe(true);
  });

  it('keeps v12 room IDs as given, in allow lists too, and additional creators as creators', () => {
    const space = [ev('m.room.create', '', '@a:hs1', { room_version: '12', additional_creators: ['@b:hs2'] }, '!abc'), ev('m.room.member', '@a:hs1', '@a:hs1', { membership: 'join' }, '!abc'), ev('m.room.member', '@b:hs2', '@b:hs2', { membership: 'join' }, '!abc'), ev('m.room.power_levels', '', '@a:hs1', { users: { '@b:hs2': 100 } }, '!abc')];
    const room = [
      ev('m.room.create', '', '@a:hs1', { room_version: '12' }, '!def'),
      ev('m.room.member', '@a:hs1', '@a:hs1', { membership: 'join' }, '!def'),
      ev('m.room.join_rules', '', '@a:hs1', { join_rule: 'restricted', allow: [{ type: 'm.room_membership', room_id: '!abc' }] }, '!def'),
    ];
    const result = importScenario([{ source: 'space', events: space }, { source: 'room', events: room }]);
    expect(result.problems).toEqual([]);
    expect(rooms(result).map((r) => r.id)).toEqual(['!abc', '!def']);
    expect(rooms(result)[1]).toMatchObject({ joinRule: 'restricted', allow: ['!abc'] });
    expect(rooms(result)[0]).toMatchObject({ creator: '@a:hs1', additionalCreators: ['@b:hs2'], powerLevels: { users: {} } });
    expect(result.warnings.some((w) => w.includes('additional creators @b:hs2 are in m.room.power_levels users'))).toBe(true);
    expect(result.warnings.join('\n')).not.toMatch(/!abc:hs|!def:hs/);
  });

  it('keeps a malformed allow list as raw content, so lint can say what is wrong', () => {
    const events = [
      ev('m.room.create', '', '@a:hs1', { room_version: '10', creator: '@a:hs1' }),
      ev('m.room.member', '@a:hs1', '@a:hs1', { membership: 'join' }),
      ev('m.room.join_rules', '', '@a:hs1', { join_rule: 'restricted', allow: [{ room_id: '!space:hs1' }, 42] }),
    ];
    const result = importScenario([{ source: 'r', events }]);
    expect(rooms(result)[0]?.joinRules).toEqual({ join_rule: 'restricted', allow: [{ room_id: '!space:hs1' }, 42] });
    expect(lintScenario(scenarioOf(result.scenario)).map((f) => f.code)).toContain('invalid-allow');
  });

  it('copes with redacted events: a create without content, a member event without content', () => {
    const events = [
      { type: 'm.room.create', state_key: '', sender: '@a:hs1', room_id: '!r:hs1' },
      ev('m.room.member', '@a:hs1', '@a:hs1', { membership: 'join' }),
      { type: 'm.room.member', state_key: '@b:hs2', sender: '@b:hs2', room_id: '!r:hs1' },
      ev('m.room.power_levels', '', '@a:hs1', { users: { '@a:hs1': 100 } }),
    ];
    const result = importScenario([{ source: 'r', events }]);
    expect(result.problems).toEqual([]);
    expect(rooms(result)[0]).toMatchObject({ version: '1', creator: '@a:hs1', members: { '@a:hs1': 'join' } });
  });

  it('keeps a creator who left as left, and invents nobody to stand in', () => {
    const events = [
      ev('m.room.create', '', '@a:hs1', { creator: '@a:hs1', room_version: '10' }),
      ev('m.room.member', '@a:hs1', '@a:hs1', { membership: 'leave' }),
      ev('m.room.member', '@b:hs2', '@b:hs2', { membership: 'join' }),
      ev('m.room.member', '@c:hs3', '@c:hs3', { membership: 'join' }),
      ev('m.room.power_levels', '', '@a:hs1', { users: { '@c:hs3': 50 } }),
    ];
    const result = importScenario([{ source: 'r', events }]);
    expect(rooms(result)[0]).toMatchObject({ creator: '@a:hs1', members: { '@a:hs1': 'leave', '@b:hs2': 'join', '@c:hs3': 'join' } });
    expect(result.warnings).toContain('r: !r:hs1: the creator @a:hs1 has left, and is kept so');
  });

  it('writes a creator without a member event as left, since the format would otherwise join it', () => {
    const events = [ev('m.room.create', '', '@a:hs1', { room_version: '11' }), ev('m.room.member', '@b:hs2', '@b:hs2', { membership: 'join' })];
    expect(rooms(importScenario([{ source: 'r', events }]))[0]?.members).toEqual({ '@a:hs1': 'leave', '@b:hs2': 'join' });
  });

  it('skips files that are not arrays or name no room, and fails when no room remains', () => {
    const result = importScenario([
      { source: 'obj.json', events: { chunk: [] } },
      { source: 'anon.json', events: [{ type: 'm.room.create', state_key: '', content: {} }] },
    ]);
    expect(result.scenario).toBeNull();
    expect(result.warnings[0]).toContain('obj.json: expected a JSON array of state events');
    expect(result.warnings[1]).toContain('anon.json: no event names its room_id');
    expect(result.problems).toEqual(['obj.json, anon.json: no room could be imported']);
  });

  it('keeps hostile text on one line in warnings and YAML comments', () => {
    const events = [
      ev('m.room.create', '', '@a:hs1', { creator: '@a:hs1' }),
      ev('m.room.member', '@a:hs1', '@a:hs1', { membership: 'join' }),
      ev('x\n#fedsim: 2\nname: evil', 'k', '@a:hs1', {}),
      ev('m.room.member', '@a:hs1\nrooms: []', '@a:hs1', { membership: 'join' }),
    ];
    const result = importScenario([{ source: 'evil.json', events }]);
    expect(result.warnings.every((w) => !w.includes('\n'))).toBe(true);
    const text = toScenarioText(result.scenario as RawScenario, result.warnings, 'yaml', ['evil.json']);
    const loaded = loadScenario(text, 'out.yaml');
    expect(loaded.ok && loaded.scenario.name).toBe('imported-r');
  });
});

describe('fedsim import', () => {
  it('writes YAML by default and JSON for .json, whole, and refuses to overwrite files it did not write', async () => {
    const dir = scratchDir();
    const out = join(dir, 'community.yaml');
    const first = await runCli('import', sample('space.json'), sample('room.json'), '--settings', sample('servers.yaml'), '-o', out);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('warning: ');
    expect(first.stderr).toContain(`fedsim: wrote ${out}: 2 rooms, 5 servers`);
    expect((await runCli('lint', out)).code).toBe(1);
    expect((await runCli('run', out)).code).toBe(0);
    // A file fedsim wrote may be replaced; one it did not write may not.
    expect((await runCli('import', sample('space.json'), '-o', out)).code).toBe(0);
    const mine = join(dir, 'mine.yaml');
    writeFileSync(mine, 'my own notes\n');
    const refused = await runCli('import', sample('space.json'), '-o', mine);
    expect(refused.code).toBe(2);
    expect(readFileSync(mine, 'utf8')).toBe('my own notes\n');
    const asJson = join(dir, 'community.json');
    expect((await runCli('import', sample('space.json'), '-o', asJson)).code).toBe(0);
    expect((JSON.parse(readFileSync(asJson, 'utf8')) as { fedsim: number }).fedsim).toBe(1);
  });

  it('reports broken input as file:line:column and writes nothing', async () => {
    const dir = scratchDir();
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '[{"type": "m.room.create",]');
    const out = join(dir, 'out.yaml');
    const { code, stderr } = await runCli('import', broken, sample('space.json'), '-o', out);
    expect(code).toBe(2);
    expect(stderr).toMatch(/broken\.json: ?1:\d+: /);
    expect(existsSync(out)).toBe(false);
  });

  it('reports bad settings with their path and exits 2', async () => {
    const dir = scratchDir();
    const settings = join(dir, 'settings.yaml');
    writeFileSync(settings, 'servers:\n  example.org: { implementation: synapce }\nextra: 1\n');
    const { code, stderr } = await runCli('import', sample('space.json'), '--settings', settings);
    expect(code).toBe(2);
    expect(stderr).toContain(`${settings}:extra: unknown key`);
    expect(stderr).toContain(`${settings}:servers.example.org.implementation: unknown implementation "synapce"`);
  });

  it('points problems in a timeline taken from the settings at the settings file', async () => {
    const dir = scratchDir();
    const settings = join(dir, 'settings.json');
    writeFileSync(settings, '{"timeline": [{"at": 0, "do": "jion"}]}');
    const { code, stderr } = await runCli('import', sample('space.json'), '--settings', settings);
    expect(code).toBe(2);
    expect(stderr).toContain(`${settings}:timeline[0].do: `);
  });

  it('refuses to write over one of its inputs', async () => {
    const dir = scratchDir();
    const input = join(dir, 'space.json');
    writeFileSync(input, readFileSync(sample('space.json'), 'utf8'));
    const { code, stderr } = await runCli('import', input, '-o', input, '--force');
    expect(code).toBe(2);
    expect(stderr).toContain('refusing to write over an input file');
  });
});
