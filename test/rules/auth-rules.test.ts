/**
 * Auth rules for joins as a table run across every room version each row claims
 * (reference §2.3; spec v8 auth rules 4.3). Each row names the versions it covers;
 * the test runs it once per version.
 */
import { describe, expect, it } from 'vitest';
import { RoomView, type Membership } from '../../engine/index';
import { authorisersOn, checkBan, checkInvite, checkJoin, checkLeave, checkStateEvent } from '../../engine/matrix/auth-rules';

const ALL = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'];
const FROM = (v: number) => ALL.filter((x) => Number(x) >= v);
const BEFORE = (v: number) => ALL.filter((x) => Number(x) < v);

interface JoinRow {
  name: string;
  versions: string[];
  joinRule: string;
  user?: Membership;
  authoriser?: { id: string; membership?: Membership; power?: number } | null;
  invite?: number;
  allowed: boolean;
  reason?: RegExp;
}

const ROOM = '!room:hs1';
const CREATOR = '@creator:hs1';
const USER = '@u:hs2';

function view(version: string, joinRule: string, invite: number, members: Record<string, Membership>, users: Record<string, number>): RoomView {
  const v = new RoomView(ROOM, version, CREATOR, { join_rule: joinRule, allow: [{ type: 'm.room_membership', room_id: '!space:hs1' }] }, { invite, users: { [CREATOR]: 100, ...users } });
  v.setMembership(CREATOR, 'join', 0);
  for (const [u, m] of Object.entries(members)) v.setMembership(u, m, 0);
  return v;
}

const JOIN_ROWS: JoinRow[] = [
  { name: 'public rooms let anyone not banned in', versions: ALL, joinRule: 'public', allowed: true },
  { name: 'a ban comes before every join rule', versions: ALL, joinRule: 'public', user: 'ban', allowed: false, reason: /is banned/ },
  { name: 'a banned user stays out even when invited rules would pass', versions: FROM(8), joinRule: 'restricted', user: 'ban', authoriser: { id: '@mod:hs1', power: 100 }, allowed: false, reason: /is banned/ },
  { name: 'invite rooms need an invite', versions: ALL, joinRule: 'invite', allowed: false, reason: /not invited/ },
  { name: 'invite rooms admit the invited', versions: ALL, joinRule: 'invite', user: 'invite', allowed: true },
  { name: 'knock rooms admit the invited, since v7', versions: FROM(7), joinRule: 'knock', user: 'invite', allowed: true },
  { name: 'knock does not exist before v7', versions: BEFORE(7), joinRule: 'knock', user: 'invite', allowed: false, reason: /does not exist in room version/ },
  { name: 'restricted does not exist before v8', versions: BEFORE(8), joinRule: 'restricted', authoriser: { id: '@mod:hs1', power: 100 }, allowed: false, reason: /does not exist in room version/ },
  { name: 'restricted admits a join authorised by a joined user with invite power, since v8', versions: FROM(8), joinRule: 'restricted', authoriser: { id: '@mod:hs1', power: 50 }, invite: 50, allowed: true },
  { name: 'restricted needs an authorising user unless invited', versions: FROM(8), joinRule: 'restricted', authoriser: null, allowed: false, reason: /missing an authorising user/ },
  { name: 'restricted admits invited users without an authoriser', versions: FROM(8), joinRule: 'restricted', user: 'invite', authoriser: null, allowed: true },
  { name: 'the authoriser must be joined', versions: FROM(8), joinRule: 'restricted', authoriser: { id: '@mod:hs1', membership: 'leave', power: 100 }, allowed: false, reason: /is not joined/ },
  { name: 'the authoriser needs power ≥ invite', versions: FROM(8), joinRule: 'restricted', authoriser: { id: '@mod:hs1', power: 10 }, invite: 50, allowed: false, reason: /below the invite level 50/ },
  { name: 'knock_restricted works like restricted, since v10', versions: FROM(10), joinRule: 'knock_restricted', authoriser: { id: '@mod:hs1', power: 50 }, allowed: true },
  { name: 'knock_restricted does not exist before v10', versions: BEFORE(10), joinRule: 'knock_restricted', authoriser: { id: '@mod:hs1', power: 50 }, allowed: false, reason: /does not exist/ },
  { name: 'creators have infinite power from v12, above any invite level', versions: FROM(12), joinRule: 'restricted', authoriser: { id: CREATOR }, invite: 1000, allowed: true },
  { name: 'before v12 a creator with power 100 cannot authorise at invite level 101', versions: ALL.filter((v) => Number(v) >= 8 && Number(v) < 12), joinRule: 'restricted', authoriser: { id: CREATOR }, invite: 101, allowed: false, reason: /below the invite level 101/ },
  { name: 'unknown join rules reject', versions: ALL, joinRule: 'private', allowed: false, reason: /does not exist/ },
];

describe('auth rule 4.3: joins, across room versions', () => {
  for (const row of JOIN_ROWS) {
    describe(row.name, () => {
      it.each(row.versions)('v%s', (version) => {
        const members: Record<string, Membership> = {};
        const users: Record<string, number> = {};
        if (row.user) members[USER] = row.user;
        const authoriser = row.authoriser ?? null;
        if (authoriser && authoriser.id !== CREATOR) {
          members[authoriser.id] = authoriser.membership ?? 'join';
          users[authoriser.id] = authoriser.power ?? 0;
        }
        const v = view(version, row.joinRule, row.invite ?? 0, members, users);
        const verdict = checkJoin(v, USER, authoriser ? authoriser.id : null);
        expect(verdict.allowed).toBe(row.allowed);
        if (!verdict.allowed && row.reason) expect(verdict.reason).toMatch(row.reason);
      });
    });
  }
});

describe('other membership rules', () => {
  const v = () => view('10', 'invite', 50, { '@mod:hs1': 'join', '@low:hs1': 'join', '@x:hs2': 'join', '@b:hs2': 'ban' }, { '@mod:hs1': 50, '@low:hs1': 0 });
  it.each([
    ['a joined user with invite power may invite', () => checkInvite(v(), '@mod:hs1', '@new:hs3'), true],
    ['a user below the invite level may not invite', () => checkInvite(v(), '@low:hs1', '@new:hs3'), false],
    ['a banned user cannot be invited', () => checkInvite(v(), '@mod:hs1', '@b:hs2'), false],
    ['a joined user cannot be invited again', () => checkInvite(v(), '@mod:hs1', '@x:hs2'), false],
    ['a non-member cannot invite', () => checkInvite(v(), '@new:hs3', '@new2:hs3'), false],
    ['a joined user may leave', () => checkLeave(v(), '@x:hs2'), true],
    ['a banned user cannot leave by themselves', () => checkLeave(v(), '@b:hs2'), false],
    ['a user who is not in the room cannot leave', () => checkLeave(v(), '@new:hs3'), false],
    ['power ≥ ban and above the target may ban', () => checkBan(v(), CREATOR, '@x:hs2'), true],
    ['power exactly at the ban level may ban a lesser user', () => checkBan(v(), '@mod:hs1', '@x:hs2'), true],
    ['power 0 may not ban', () => checkBan(v(), '@low:hs1', '@x:hs2'), false],
    ['a user cannot ban someone as powerful', () => checkBan(v(), '@mod:hs1', CREATOR), false],
    ['state events need the state level (50 by default)', () => checkStateEvent(v(), '@mod:hs1', 'm.room.join_rules'), true],
    ['state events are refused below it', () => checkStateEvent(v(), '@low:hs1', 'm.room.power_levels'), false],
  ] as const)('%s', (_name, verdict, allowed) => {
    expect(verdict().allowed).toBe(allowed);
  });

  it('lists authorisers by power, then user ID', () => {
    const room = view('10', 'restricted', 50, { '@b:hs1': 'join', '@a:hs1': 'join', '@c:hs1': 'join', '@z:hs2': 'join' }, { '@a:hs1': 50, '@b:hs1': 50, '@c:hs1': 10, '@z:hs2': 100 });
    expect(authorisersOn(room, 'hs1')).toEqual([CREATOR, '@a:hs1', '@b:hs1']);
    expect(authorisersOn(room, 'hs2')).toEqual(['@z:hs2']);
  });
});
