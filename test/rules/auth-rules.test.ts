/**
 * Auth rules for joins as a table run across every room version each row claims
 * (reference §2.3; spec v8 auth rules 4.3). Each row names the versions it covers;
 * the test runs it once per version.
 */
import { describe, expect, it } from 'vitest';
import { RoomView, type Membership } from '../../engine/index';
import { authorisersOn, checkBan, checkInvite, checkJoin, checkLeave, checkStateEvent } from '../../engine/matrix/auth-rules';
import { checkPowerLevelsEvent, RULE_CREATORS, RULE_INTEGERS, RULE_LEVEL, RULE_USER_AT_OR_ABOVE, RULE_USER_RAISED } from '../../engine/matrix/power-levels-auth';

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

/**
 * The power-levels rules (spec "If type is m.room.power_levels", v10 integers, v12
 * creators; reference §2.1 "v12 … room creators with infinite power level"):
 * current levels admin 100 (on hs1), mod 50, member 0, invite 50, and a `kick`
 * level of 75; each row is a new content sent by `sender`, run across the versions
 * it claims.
 */
interface PowerRow {
  name: string;
  versions: string[];
  sender: string;
  next: Record<string, unknown>;
  /** The rule that refuses it (checkPowerLevelsEvent's `rule`), or null when allowed. */
  rule: string | null;
  /** From v12 the creator is taken out of `next.users` (where the rules forbid it), unless the row is about that. */
  creatorListed?: true;
}

const MOD = '@mod:hs1';
const MEMBER = '@member:hs2';
const CURRENT = { invite: 50, kick: 75, events: { 'm.room.name': 75 }, users: { [CREATOR]: 100, [MOD]: 50, [MEMBER]: 0 } };
const withUsers = (users: Record<string, number>, extra: Record<string, unknown> = {}) => ({ ...CURRENT, ...extra, users });

const POWER_ROWS: PowerRow[] = [
  { name: 'the same content again', versions: ALL, sender: MOD, next: CURRENT, rule: null },
  { name: 'raising another user up to the sender\'s own level', versions: ALL, sender: MOD, next: withUsers({ [CREATOR]: 100, [MOD]: 50, [MEMBER]: 50 }), rule: null },
  { name: 'raising another user above the sender', versions: ALL, sender: MOD, next: withUsers({ [CREATOR]: 100, [MOD]: 50, [MEMBER]: 51 }), rule: RULE_USER_RAISED },
  { name: 'raising oneself above one\'s own level', versions: ALL, sender: MOD, next: withUsers({ [CREATOR]: 100, [MOD]: 60, [MEMBER]: 0 }), rule: RULE_USER_RAISED },
  { name: 'lowering oneself', versions: ALL, sender: MOD, next: withUsers({ [CREATOR]: 100, [MOD]: 10, [MEMBER]: 0 }), rule: null },
  { name: 'demoting a user at the sender\'s level', versions: ALL, sender: MOD, next: withUsers({ [CREATOR]: 100, [MOD]: 50, [MEMBER]: 0, '@peer:hs1': 0 }), rule: null },
  { name: 'removing a user above the sender (before v12 the creator is listed)', versions: BEFORE(12), sender: MOD, next: withUsers({ [MOD]: 50, [MEMBER]: 0 }), rule: RULE_USER_AT_OR_ABOVE },
  { name: 'changing a level that is above the sender', versions: ALL, sender: MOD, next: { ...CURRENT, kick: 50 }, rule: RULE_LEVEL },
  { name: 'setting a level above the sender', versions: ALL, sender: MOD, next: { ...CURRENT, invite: 60 }, rule: RULE_LEVEL },
  { name: 'adding an event level above the sender', versions: ALL, sender: MOD, next: { ...CURRENT, events: { ...CURRENT.events, 'm.room.topic': 60 } }, rule: RULE_LEVEL },
  { name: 'removing an event level above the sender', versions: ALL, sender: MOD, next: { ...CURRENT, events: {} }, rule: RULE_LEVEL },
  { name: 'adding a notifications level above the sender', versions: ALL, sender: MOD, next: { ...CURRENT, notifications: { room: 60 } }, rule: RULE_LEVEL },
  { name: 'a level that is not an integer, from v10', versions: FROM(10), sender: MOD, next: { ...CURRENT, invite: 2.5 }, rule: RULE_INTEGERS },
  { name: 'the creator may give any power, from v12 (unlimited power)', versions: FROM(12), sender: CREATOR, next: { invite: 50, users: { [MOD]: 50, [MEMBER]: 1000 } }, rule: null },
  { name: 'the creator may not be listed in users, from v12', versions: FROM(12), sender: CREATOR, next: CURRENT, rule: RULE_CREATORS, creatorListed: true },
  { name: 'before v12 the creator has only the power users gives', versions: BEFORE(12), sender: CREATOR, next: withUsers({ [CREATOR]: 100, [MOD]: 50, [MEMBER]: 1000 }), rule: RULE_USER_RAISED },
  { name: 'a sender below the power-levels event\'s own level', versions: ALL, sender: MEMBER, next: CURRENT, rule: 'the event type\'s required power level' },
];

function withoutCreator(next: Record<string, unknown>): Record<string, unknown> {
  const users = { ...(next.users as Record<string, number>) };
  delete users[CREATOR];
  return { ...next, users };
}

function powerView(version: string): RoomView {
  // From v12 the creator is not listed (the rules forbid it), and has unlimited power.
  const users = Number(version) >= 12 ? { [MOD]: 50, [MEMBER]: 0 } : CURRENT.users;
  const v = new RoomView(ROOM, version, CREATOR, { join_rule: 'public' }, { ...CURRENT, users });
  for (const u of [CREATOR, MOD, MEMBER]) v.setMembership(u, 'join', 0);
  return v;
}

describe('the power-levels auth rules, across room versions', () => {
  for (const row of POWER_ROWS) {
    describe(row.name, () => {
      it.each(row.versions)('v%s', (version) => {
        const next = Number(version) >= 12 && !row.creatorListed ? withoutCreator(row.next) : row.next;
        const verdict = checkPowerLevelsEvent(powerView(version), row.sender, next as never);
        expect(verdict.allowed ? null : verdict.rule).toBe(row.rule);
      });
    });
  }
});
