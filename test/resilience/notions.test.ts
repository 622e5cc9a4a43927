/**
 * Who can authorise, per implementation: a table of one resident S in a
 * restricted room R that allows A, with S's users placed differently. Each row
 * says which servers the analysis counts as authorising, and the same row is run:
 * a member of A on another server joins R through S alone, and gets in exactly
 * when the analysis counted S (so the analysis follows the residents' own code).
 */
import { describe, expect, it } from 'vitest';
import { analyseResilience, runScenario, type ImplementationName } from '../../engine/index';
import { scenarioOf } from '../diagnose/fixtures';

interface Row {
  what: string;
  implementation: ImplementationName;
  /** Members of R on S (beyond none), with power in R. */
  inRoom: Record<string, number>;
  /** Members of A on S. */
  inAllowed: string[];
  /** Power in R of S's users who are not joined to R. */
  powerOutside?: Record<string, number>;
  profileSettings?: Record<string, Record<string, unknown>>;
  authorising: boolean;
}

const SYNAPSE_LIKE: ImplementationName[] = ['synapse', 'synapse-1.77', 'spec', 'conduwuit'];

const rows: Row[] = [
  ...SYNAPSE_LIKE.flatMap((implementation): Row[] => [
    { what: 'in both rooms with a user who may invite', implementation, inRoom: { admin: 100 }, inAllowed: ['admin'], authorising: true },
    { what: 'the inviter in R, another user in A', implementation, inRoom: { admin: 100 }, inAllowed: ['mod'], authorising: true },
    { what: 'not in the allowed room', implementation, inRoom: { admin: 100 }, inAllowed: [], authorising: false },
    { what: 'in both rooms, nobody may invite', implementation, inRoom: { admin: 0 }, inAllowed: ['admin'], authorising: false },
  ]),
  { what: 'in both rooms with a user who may invite, in both', implementation: 'dendrite', inRoom: { admin: 100 }, inAllowed: ['admin'], authorising: true },
  // Dendrite names the strongest member of A with invite power in R; mod is not joined to R, so the template fails the auth rules.
  { what: 'the member of A it names is not joined to R', implementation: 'dendrite', inRoom: { admin: 50 }, inAllowed: ['admin', 'mod'], powerOutside: { mod: 100 }, authorising: false },
  { what: 'the inviter in R, only a user without power in A', implementation: 'dendrite', inRoom: { admin: 100 }, inAllowed: ['mod'], authorising: false },
  { what: 'not in the allowed room', implementation: 'dendrite', inRoom: { admin: 100 }, inAllowed: [], authorising: false },
  {
    what: 'authoriserFromAllowedRoom off: picks like Synapse',
    implementation: 'dendrite',
    inRoom: { admin: 100 },
    inAllowed: ['mod'],
    profileSettings: { dendrite: { authoriserFromAllowedRoom: false } },
    authorising: true,
  },
];

/** S = hss (the implementation under test), R = !room:hsr, A = !space:hsr; the joiner @j:hsj is in A. */
function scenarioFor(row: Row) {
  const users = { ...Object.fromEntries(Object.entries(row.inRoom)), ...(row.powerOutside ?? {}) };
  const power: Record<string, number> = {};
  for (const [u, p] of Object.entries(users)) power[`@${u}:hss`] = p;
  const roomMembers: Record<string, string> = {};
  for (const u of Object.keys(row.inRoom)) roomMembers[`@${u}:hss`] = 'join';
  const spaceMembers: Record<string, string> = { '@j:hsj': 'join' };
  for (const u of row.inAllowed) spaceMembers[`@${u}:hss`] = 'join';
  return scenarioOf({
    fedsim: 1,
    name: 'notion',
    servers: [
      { name: 'hsr', users: ['owner'] },
      { name: 'hss', implementation: row.implementation, users: ['admin', 'mod'] },
      { name: 'hsj', users: ['j'] },
    ],
    rooms: [
      // The owner keeps the space on hsr; R is S's (its creator is admin, in every row), so S is R's only resident.
      { id: '!space:hsr', creator: '@owner:hsr', members: spaceMembers },
      { id: '!room:hsr', creator: '@admin:hss', joinRule: 'restricted', allow: ['!space:hsr'], powerLevels: { invite: 50, users: power }, members: roomMembers },
    ],
    timeline: [{ at: 1000, do: 'join', id: 'j', user: '@j:hsj', room: '!room:hsr', via: ['hss'] }],
    ...(row.profileSettings ? { profileSettings: row.profileSettings } : {}),
  });
}

describe('who can authorise, by implementation', () => {
  it.each(rows.map((r) => [`${r.implementation}: ${r.what}`, r] as const))('%s', (_label, row) => {
    const scenario = scenarioFor(row);
    const [room] = analyseResilience(scenario).rooms;
    expect(room?.allowed).toEqual([{ room: '!space:hsr', authorisingServers: row.authorising ? ['hss'] : [], minFailures: row.authorising ? 1 : 0 }]);
    const join = runScenario(scenario, { lint: [] }).report.joins[0];
    expect(join?.outcome).toBe(row.authorising ? 'joined' : 'failed');
  });

  it('counts Dendrite and Synapse differently in the same room', () => {
    const dendrite = rows.find((r) => r.implementation === 'dendrite' && r.what.startsWith('the member of A')) as Row;
    expect(analyseResilience(scenarioFor(dendrite)).rooms[0]?.minFailures).toBe(0);
    expect(analyseResilience(scenarioFor({ ...dendrite, implementation: 'synapse' })).rooms[0]?.minFailures).toBe(1);
  });

  it('advises the Dendrite fix: the member it names joins the room, not a promotion', () => {
    const dendrite = rows.find((r) => r.implementation === 'dendrite' && r.what.startsWith('the member of A')) as Row;
    expect(analyseResilience(scenarioFor(dendrite)).advice[0]?.fixes[0]).toBe('have @mod:hss join !room:hsr (hss runs Dendrite, which names them as authoriser)');
    const fixed = scenarioFor({ ...dendrite, inRoom: { admin: 50, mod: 100 }, powerOutside: {} });
    expect(analyseResilience(fixed).rooms[0]?.minFailures).toBe(1);
  });
});
