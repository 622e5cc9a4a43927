/**
 * The resident's answers as a decision table (reference §1.4 check orders, §5.1
 * make_join rows, §5.2 send_join rows): for a state as R (hs2) sees it and one
 * request, each answer row names the profiles it claims and the status, errcode
 * and deciding check. Every case must be claimed by every profile exactly once, so
 * a new profile cannot slip through untested.
 */
import { describe, expect, it } from 'vitest';
import type { ImplementationName } from '../../engine/scenario/types';
import type { TemplateState } from '../../engine/federation/messages';
import { ALL_PROFILES, buildServer, restricted, SPACE, TARGET, type RoomState } from '../fidelity/fixtures';

interface Answer {
  profiles: ImplementationName[];
  status: number;
  errcode: string | null;
  check: string;
  /** make_join 200: the `join_authorised_via_users_server` in the template. */
  authorisingUser?: string | null;
}

interface Case {
  name: string;
  /** The reference rows the case covers. */
  covers: string;
  step: 'make_join' | 'send_join';
  /** hs2's rooms: the target (absent: unknown room) and the allowed rooms it is in. */
  rooms: Record<string, RoomState>;
  user?: string;
  origin?: string;
  versions?: string[];
  authorisingUser?: string | null;
  /** send_join: the state the make_join template was built on (its prev_events), when the row says. */
  template?: TemplateState;
  settings?: Record<string, unknown>;
  answers: Answer[];
}

/** conduwuit and its successor tuwunel, which answer and join alike unless a row says otherwise. */
const CWT: ImplementationName[] = ['conduwuit', 'tuwunel'];
const SYN: ImplementationName[] = ['synapse', 'synapse-1.77'];
const U = '@u:hs9';
const ALL = [...ALL_PROFILES];
const except = (...out: ImplementationName[]): ImplementationName[] => ALL.filter((p) => !out.includes(p));

/** hs2 with a moderator (power 50) in the target room. */
const withMod = (members: RoomState['members'] = {}, extra: Partial<RoomState> = {}): RoomState =>
  restricted({ '@mod:hs2': 'join', ...members }, { '@mod:hs2': 50 }, extra);
/** hs2 with only a powerless member in the target room. */
const noMod = (members: RoomState['members'] = {}, extra: Partial<RoomState> = {}): RoomState => restricted({ '@member:hs2': 'join', ...members }, {}, extra);
const space = (members: RoomState['members'] = {}): RoomState => ({ members: { '@mod:hs2': 'join', '@member:hs2': 'join', ...members } });

const CASES: Case[] = [
  // ---- make_join: the checks before the join rules ----
  {
    name: 'unknown room',
    covers: '§5.1 row 7; §1.4 Synapse step 3, Dendrite step 3, conduwuit step 1',
    step: 'make_join',
    rooms: {},
    answers: [
      { profiles: except('dendrite'), status: 404, errcode: 'M_NOT_FOUND', check: 'room-known' },
      { profiles: ['dendrite'], status: 500, errcode: null, check: 'room-known' },
    ],
  },
  {
    name: 'the server ACL denies the origin, before every other check of the room',
    covers: '§5.1 row 9, §4.2 item 7; §1.4 Synapse step 2, Dendrite step 1, conduwuit step 3',
    step: 'make_join',
    rooms: { [TARGET]: withMod({}, { serverAcl: { allow: ['*'], deny: ['hs9'] } }), [SPACE]: space({ [U]: 'join' }) },
    versions: ['9'],
    answers: [{ profiles: ALL, status: 403, errcode: 'M_FORBIDDEN', check: 'acl' }],
  },
  {
    name: 'a server ACL that allows the origin changes nothing',
    covers: '§4.2 item 7 (the control case)',
    step: 'make_join',
    rooms: { [TARGET]: withMod({}, { serverAcl: { allow: ['hs*'], deny: ['evil.*'] } }), [SPACE]: space({ [U]: 'join' }) },
    answers: [{ profiles: ALL, status: 200, errcode: null, check: 'ok', authorisingUser: '@mod:hs2' }],
  },
  {
    name: 'send_join from a server the ACL denies',
    covers: '§1.3 (403 on ACL denial); §1.4 Synapse send_join step 5',
    step: 'send_join',
    rooms: { [TARGET]: withMod({}, { serverAcl: { allow: ['hs1', 'hs2'] } }), [SPACE]: space({ [U]: 'join' }) },
    authorisingUser: '@mod:hs2',
    answers: [{ profiles: ALL, status: 403, errcode: 'M_FORBIDDEN', check: 'acl' }],
  },
  {
    name: 'room version not in ver',
    covers: '§5.1 row 10',
    step: 'make_join',
    rooms: { [TARGET]: withMod() },
    versions: ['9'],
    answers: [{ profiles: ALL, status: 400, errcode: 'M_INCOMPATIBLE_ROOM_VERSION', check: 'room-version' }],
  },
  {
    name: 'user not of the origin',
    covers: '§5.1 row 21; Synapse step 6, Dendrite step 5, conduwuit step 2',
    step: 'make_join',
    rooms: { [TARGET]: withMod() },
    origin: 'hs8',
    answers: [
      { profiles: except(...CWT), status: 403, errcode: 'M_FORBIDDEN', check: 'origin' },
      { profiles: CWT, status: 400, errcode: 'M_BAD_JSON', check: 'origin' },
    ],
  },
  {
    name: 'wrong origin and wrong version: the order decides',
    covers: '§1.4: Synapse and Dendrite check the version first, conduwuit the origin',
    step: 'make_join',
    rooms: { [TARGET]: withMod() },
    origin: 'hs8',
    versions: ['9'],
    answers: [
      { profiles: except(...CWT), status: 400, errcode: 'M_INCOMPATIBLE_ROOM_VERSION', check: 'room-version' },
      { profiles: CWT, status: 400, errcode: 'M_BAD_JSON', check: 'origin' },
    ],
  },
  {
    name: 'R has no joined user left in its view',
    covers: '§5.1 row 8; Synapse step 8, Dendrite step 6; conduwuit does not check (UNVERIFIED)',
    step: 'make_join',
    rooms: { [TARGET]: { members: { '@member:hs2': 'leave' } } },
    answers: [
      { profiles: except(...CWT), status: 404, errcode: 'M_NOT_FOUND', check: 'resident' },
      { profiles: CWT, status: 200, errcode: null, check: 'ok', authorisingUser: null },
    ],
  },
  // ---- make_join: public and invite rooms ----
  {
    name: 'public room',
    covers: '§5.1 row 11',
    step: 'make_join',
    rooms: { [TARGET]: { members: { '@member:hs2': 'join' } } },
    answers: [{ profiles: ALL, status: 200, errcode: null, check: 'ok', authorisingUser: null }],
  },
  {
    name: 'invite-only room, user invited',
    covers: '§5.1 row 12',
    step: 'make_join',
    rooms: { [TARGET]: { joinRules: { join_rule: 'invite' }, members: { '@member:hs2': 'join', [U]: 'invite' } } },
    answers: [{ profiles: ALL, status: 200, errcode: null, check: 'ok', authorisingUser: null }],
  },
  {
    name: 'invite-only room, user not invited',
    covers: '§5.1 row 13; Synapse step 12',
    step: 'make_join',
    rooms: { [TARGET]: { joinRules: { join_rule: 'invite' }, members: { '@member:hs2': 'join' } } },
    answers: [{ profiles: ALL, status: 403, errcode: 'M_FORBIDDEN', check: 'auth-rules' }],
  },
  {
    name: 'restricted rule in a v7 room counts as unknown',
    covers: '§2.1 feature matrix; auth rule 4.3.7',
    step: 'make_join',
    rooms: { [TARGET]: withMod({}, { version: '7' }), [SPACE]: space({ [U]: 'join' }) },
    versions: ['7', '10'],
    answers: [{ profiles: ALL, status: 403, errcode: 'M_FORBIDDEN', check: 'auth-rules' }],
  },
  // ---- make_join: restricted rooms ----
  {
    name: 'restricted, user seen in the allowed room, R has an inviter',
    covers: '§5.1 row 17',
    step: 'make_join',
    rooms: { [TARGET]: withMod(), [SPACE]: space({ [U]: 'join' }) },
    answers: [{ profiles: ALL, status: 200, errcode: null, check: 'ok', authorisingUser: '@mod:hs2' }],
  },
  {
    name: 'knock_restricted (v10) behaves as restricted',
    covers: '§2.1; Synapse step 9 "knock_restricted on v10+"',
    step: 'make_join',
    rooms: {
      [TARGET]: withMod({}, { joinRules: { join_rule: 'knock_restricted', allow: [{ type: 'm.room_membership', room_id: SPACE }] } }),
      [SPACE]: space({ [U]: 'join' }),
    },
    answers: [{ profiles: ALL, status: 200, errcode: null, check: 'ok', authorisingUser: '@mod:hs2' }],
  },
  {
    name: 'restricted, R has an inviter but is not in the allowed room',
    covers: '§5.1 row 18',
    step: 'make_join',
    rooms: { [TARGET]: withMod() },
    answers: [{ profiles: ALL, status: 400, errcode: 'M_UNABLE_TO_AUTHORISE_JOIN', check: 'allow' }],
  },
  {
    name: 'restricted, R has an inviter and is in every allowed room, user in none',
    covers: '§5.1 row 19',
    step: 'make_join',
    rooms: { [TARGET]: withMod(), [SPACE]: space() },
    answers: [
      { profiles: except(...CWT), status: 403, errcode: 'M_FORBIDDEN', check: 'allow' },
      { profiles: CWT, status: 400, errcode: 'M_UNABLE_TO_AUTHORISE_JOIN', check: 'allow' },
    ],
  },
  {
    name: 'restricted, no inviter on R, user seen in the allowed room',
    covers: '§5.1 row 16; Dendrite never GRANTs',
    step: 'make_join',
    rooms: { [TARGET]: noMod(), [SPACE]: space({ [U]: 'join' }) },
    answers: [
      { profiles: except('dendrite'), status: 400, errcode: 'M_UNABLE_TO_GRANT_JOIN', check: 'grant' },
      { profiles: ['dendrite'], status: 403, errcode: 'M_FORBIDDEN', check: 'allow' },
    ],
  },
  {
    name: 'restricted, no inviter on R, R in every allowed room, user in none',
    covers: '§5.1 row 16 (grant before allow in Synapse); spec: a ruled-out user is not GRANT',
    step: 'make_join',
    rooms: { [TARGET]: noMod(), [SPACE]: space() },
    answers: [
      { profiles: SYN, status: 400, errcode: 'M_UNABLE_TO_GRANT_JOIN', check: 'grant' },
      { profiles: ['spec', 'dendrite'], status: 403, errcode: 'M_FORBIDDEN', check: 'allow' },
      { profiles: CWT, status: 400, errcode: 'M_UNABLE_TO_AUTHORISE_JOIN', check: 'allow' },
    ],
  },
  {
    name: 'restricted, no inviter on R, R not in the allowed room',
    covers: '§5.1 row 16; Dendrite AUTHORISE when missing from an allowed room',
    step: 'make_join',
    rooms: { [TARGET]: noMod() },
    answers: [
      { profiles: [...SYN, 'spec'], status: 400, errcode: 'M_UNABLE_TO_GRANT_JOIN', check: 'grant' },
      { profiles: ['dendrite', ...CWT], status: 400, errcode: 'M_UNABLE_TO_AUTHORISE_JOIN', check: 'allow' },
    ],
  },
  {
    name: 'restricted, user invited and in no allowed room',
    covers: '§5.1 row 15: conduwuit checks invited users too; tuwunel does not (§1.4)',
    step: 'make_join',
    rooms: { [TARGET]: withMod({ [U]: 'invite' }), [SPACE]: space() },
    answers: [
      { profiles: except('conduwuit'), status: 200, errcode: null, check: 'ok', authorisingUser: null },
      { profiles: ['conduwuit'], status: 400, errcode: 'M_UNABLE_TO_AUTHORISE_JOIN', check: 'allow' },
    ],
  },
  {
    name: 'restricted, user already joined (in no allowed room)',
    covers: '§5.1 row 15: Dendrite exempts only invites, not an existing join',
    step: 'make_join',
    rooms: { [TARGET]: withMod({ [U]: 'join' }), [SPACE]: space() },
    answers: [
      { profiles: except('dendrite'), status: 200, errcode: null, check: 'ok', authorisingUser: null },
      { profiles: ['dendrite'], status: 403, errcode: 'M_FORBIDDEN', check: 'allow' },
    ],
  },
  {
    name: "Dendrite picks an authoriser from the allowed room who is not in the target room",
    covers: '§4.2 item 9, dendrite #2522 (UNVERIFIED; setting authoriserFromAllowedRoom)',
    step: 'make_join',
    rooms: {
      [TARGET]: restricted({ '@mod:hs2': 'join' }, { '@mod:hs2': 50, '@helper:hs2': 100 }),
      [SPACE]: { members: { '@helper:hs2': 'join', [U]: 'join' } },
    },
    answers: [
      { profiles: except('dendrite'), status: 200, errcode: null, check: 'ok', authorisingUser: '@mod:hs2' },
      { profiles: ['dendrite'], status: 403, errcode: 'M_FORBIDDEN', check: 'auth-rules' },
    ],
  },
  {
    name: 'the same with authoriserFromAllowedRoom off',
    covers: 'the Dendrite setting taken the other way',
    step: 'make_join',
    settings: { authoriserFromAllowedRoom: false },
    rooms: {
      [TARGET]: restricted({ '@mod:hs2': 'join' }, { '@mod:hs2': 50, '@helper:hs2': 100 }),
      [SPACE]: { members: { '@helper:hs2': 'join', [U]: 'join' } },
    },
    answers: [{ profiles: ALL, status: 200, errcode: null, check: 'ok', authorisingUser: '@mod:hs2' }],
  },
  {
    name: 'restricted with an empty allow list, R has an inviter',
    covers: '§5.1 row 20; conduwuit: no JAVUS, the auth rules refuse',
    step: 'make_join',
    rooms: { [TARGET]: withMod({}, { joinRules: { join_rule: 'restricted', allow: [] } }) },
    answers: [
      { profiles: except(...CWT), status: 403, errcode: 'M_FORBIDDEN', check: 'allow' },
      { profiles: CWT, status: 403, errcode: 'M_FORBIDDEN', check: 'auth-rules' },
    ],
  },
  {
    name: 'restricted with an invalid allow list, no inviter',
    covers: '§5.1 row 20 "403 after the row-16 GRANT check"',
    step: 'make_join',
    rooms: { [TARGET]: noMod({}, { joinRules: { join_rule: 'restricted', allow: 'invalid' } }) },
    answers: [
      { profiles: SYN, status: 400, errcode: 'M_UNABLE_TO_GRANT_JOIN', check: 'grant' },
      { profiles: ['spec', 'dendrite'], status: 403, errcode: 'M_FORBIDDEN', check: 'allow' },
      { profiles: CWT, status: 403, errcode: 'M_FORBIDDEN', check: 'auth-rules' },
    ],
  },
  {
    name: 'restricted, banned user seen in the allowed room, R has an inviter',
    covers: '§5.1 row 14: the ban is caught by the auth rules',
    step: 'make_join',
    rooms: { [TARGET]: withMod({ [U]: 'ban' }), [SPACE]: space({ [U]: 'join' }) },
    answers: [{ profiles: ALL, status: 403, errcode: 'M_FORBIDDEN', check: 'auth-rules' }],
  },
  {
    name: 'restricted, banned user, no inviter on R',
    covers: '§5.1 row 14: GRANT may come first',
    step: 'make_join',
    rooms: { [TARGET]: noMod({ [U]: 'ban' }), [SPACE]: space({ [U]: 'join' }) },
    answers: [
      { profiles: except('dendrite'), status: 400, errcode: 'M_UNABLE_TO_GRANT_JOIN', check: 'grant' },
      { profiles: ['dendrite'], status: 403, errcode: 'M_FORBIDDEN', check: 'allow' },
    ],
  },
  {
    name: 'per-room join rate limit hit (limiter on, bucket empty)',
    covers: '§5.1 row 4; Synapse step 5 (Dendrite and conduwuit model no such limiter)',
    step: 'make_join',
    settings: { joinRatePerSecond: 1, joinRateBurst: 0 },
    rooms: { [TARGET]: withMod(), [SPACE]: space({ [U]: 'join' }) },
    answers: [
      { profiles: [...SYN, 'spec'], status: 429, errcode: 'M_LIMIT_EXCEEDED', check: 'rate-limit' },
      { profiles: ['dendrite', ...CWT], status: 200, errcode: null, check: 'ok', authorisingUser: '@mod:hs2' },
    ],
  },
  // ---- send_join (§5.2) ----
  {
    name: 'send_join, everything still valid',
    covers: '§5.2 S1',
    step: 'send_join',
    rooms: { [TARGET]: withMod(), [SPACE]: space({ [U]: 'join' }) },
    authorisingUser: '@mod:hs2',
    answers: [{ profiles: ALL, status: 200, errcode: null, check: 'ok' }],
  },
  {
    name: 'send_join, user left the allowed room since make_join',
    covers: '§5.2 S2; Dendrite does not re-check the allow list',
    step: 'send_join',
    rooms: { [TARGET]: withMod(), [SPACE]: space({ [U]: 'leave' }) },
    authorisingUser: '@mod:hs2',
    answers: [
      { profiles: [...SYN, 'spec'], status: 403, errcode: 'M_FORBIDDEN', check: 'allow' },
      { profiles: ['dendrite', ...CWT], status: 200, errcode: null, check: 'ok' },
    ],
  },
  {
    name: 'send_join, R left the allowed room since make_join',
    covers: '§5.2 S3',
    step: 'send_join',
    rooms: { [TARGET]: withMod() },
    authorisingUser: '@mod:hs2',
    answers: [
      { profiles: [...SYN, 'spec'], status: 400, errcode: 'M_UNABLE_TO_AUTHORISE_JOIN', check: 'allow' },
      { profiles: ['dendrite', ...CWT], status: 200, errcode: null, check: 'ok' },
    ],
  },
  {
    name: 'send_join, the authoriser lost invite power',
    covers: '§5.2 S4; Dendrite: roomserver rejection is 400 M_FORBIDDEN',
    step: 'send_join',
    rooms: { [TARGET]: restricted({ '@mod:hs2': 'join' }), [SPACE]: space({ [U]: 'join' }) },
    authorisingUser: '@mod:hs2',
    answers: [
      { profiles: except('dendrite'), status: 403, errcode: 'M_FORBIDDEN', check: 'auth-rules' },
      { profiles: ['dendrite'], status: 400, errcode: 'M_FORBIDDEN', check: 'auth-rules' },
    ],
  },
  {
    name: 'send_join, JAVUS names a user on another server',
    covers: '§5.2 S5',
    step: 'send_join',
    rooms: { [TARGET]: withMod(), [SPACE]: space({ [U]: 'join' }) },
    authorisingUser: '@admin:hs1',
    answers: [
      { profiles: [...SYN, 'spec'], status: 400, errcode: 'M_UNKNOWN', check: 'authoriser-server' },
      { profiles: ['dendrite'], status: 400, errcode: 'M_BAD_JSON', check: 'authoriser-server' },
      { profiles: CWT, status: 400, errcode: 'M_INVALID_PARAM', check: 'authoriser-server' },
    ],
  },
  {
    name: 'send_join, R does not know the room',
    covers: '§5.2 S6',
    step: 'send_join',
    rooms: {},
    authorisingUser: '@mod:hs2',
    answers: [{ profiles: ALL, status: 404, errcode: 'M_NOT_FOUND', check: 'room-known' }],
  },
  {
    name: 'send_join, sender not of the origin',
    covers: '§1.3 (spec v1.18 M_INVALID_PARAM)',
    step: 'send_join',
    rooms: { [TARGET]: withMod(), [SPACE]: space({ [U]: 'join' }) },
    origin: 'hs8',
    authorisingUser: '@mod:hs2',
    answers: [
      { profiles: except('spec'), status: 400, errcode: 'M_BAD_JSON', check: 'origin' },
      { profiles: ['spec'], status: 400, errcode: 'M_INVALID_PARAM', check: 'origin' },
    ],
  },
  {
    name: 'send_join, banned user',
    covers: '§1.4 Dendrite send_join "User banned: 403"',
    step: 'send_join',
    rooms: { [TARGET]: withMod({ [U]: 'ban' }), [SPACE]: space({ [U]: 'join' }) },
    authorisingUser: '@mod:hs2',
    answers: [
      { profiles: except('dendrite'), status: 403, errcode: 'M_FORBIDDEN', check: 'auth-rules' },
      { profiles: ['dendrite'], status: 403, errcode: 'M_FORBIDDEN', check: 'banned' },
    ],
  },
  // ---- send_join after a change since make_join: rejected at the template's state, or soft-failed ----
  {
    name: 'send_join, the authoriser lost invite power after make_join (the template\'s state let it invite)',
    covers: '§1.4 Synapse send_join step 9, §1.6, §5.2 S4: soft-failed, 200',
    step: 'send_join',
    rooms: { [TARGET]: restricted({ '@mod:hs2': 'join' }), [SPACE]: space({ [U]: 'join' }) },
    authorisingUser: '@mod:hs2',
    template: { joinRules: withMod().joinRules as TemplateState['joinRules'], powerLevels: withMod().powerLevels as TemplateState['powerLevels'], userMembership: 'none', authoriserMembership: 'join' },
    answers: [
      { profiles: SYN, status: 200, errcode: null, check: 'soft-fail' },
      // The spec profile re-runs the grant question at send_join (§1.3), and nobody on hs2 may invite now.
      { profiles: ['spec'], status: 400, errcode: 'M_UNABLE_TO_GRANT_JOIN', check: 'grant' },
      // Dendrite and conduwuit check the current state only (the reference reads no soft-fail step for them).
      { profiles: CWT, status: 403, errcode: 'M_FORBIDDEN', check: 'auth-rules' },
      { profiles: ['dendrite'], status: 400, errcode: 'M_FORBIDDEN', check: 'auth-rules' },
    ],
  },
  {
    name: 'send_join, the user was banned after make_join',
    covers: '§1.4 Synapse send_join step 9, §1.6: soft-failed, 200',
    step: 'send_join',
    rooms: { [TARGET]: withMod({ [U]: 'ban' }), [SPACE]: space({ [U]: 'join' }) },
    authorisingUser: '@mod:hs2',
    template: { joinRules: withMod().joinRules as TemplateState['joinRules'], powerLevels: withMod().powerLevels as TemplateState['powerLevels'], userMembership: 'none', authoriserMembership: 'join' },
    answers: [
      { profiles: [...SYN, 'spec'], status: 200, errcode: null, check: 'soft-fail' },
      { profiles: CWT, status: 403, errcode: 'M_FORBIDDEN', check: 'auth-rules' },
      { profiles: ['dendrite'], status: 403, errcode: 'M_FORBIDDEN', check: 'banned' },
    ],
  },
  {
    name: 'send_join, a join the template\'s own state rejects (the authoriser could not invite then either)',
    covers: '§1.4 Synapse send_join step 9: rejected, 403 "join event was rejected"',
    step: 'send_join',
    rooms: { [TARGET]: restricted({ '@mod:hs2': 'join' }), [SPACE]: space({ [U]: 'join' }) },
    authorisingUser: '@mod:hs2',
    template: { joinRules: withMod().joinRules as TemplateState['joinRules'], powerLevels: restricted({}).powerLevels as TemplateState['powerLevels'], userMembership: 'none', authoriserMembership: 'join' },
    answers: [
      { profiles: except('dendrite'), status: 403, errcode: 'M_FORBIDDEN', check: 'auth-rules' },
      { profiles: ['dendrite'], status: 400, errcode: 'M_FORBIDDEN', check: 'auth-rules' },
    ],
  },
  {
    name: 'send_join, restricted join without any authoriser',
    covers: 'auth rule 4.3.5.2 "missing authorising user"',
    step: 'send_join',
    rooms: { [TARGET]: withMod(), [SPACE]: space({ [U]: 'join' }) },
    authorisingUser: null,
    answers: [
      { profiles: except('dendrite'), status: 403, errcode: 'M_FORBIDDEN', check: 'auth-rules' },
      { profiles: ['dendrite'], status: 400, errcode: 'M_FORBIDDEN', check: 'auth-rules' },
    ],
  },
];

describe('resident decision table', () => {
  for (const c of CASES) {
    it(`"${c.name}" is claimed by every profile exactly once`, () => {
      const claimed = c.answers.flatMap((a) => a.profiles).sort();
      expect(claimed).toEqual([...ALL_PROFILES].sort());
    });
    for (const row of c.answers) {
      for (const implementation of row.profiles) {
        it(`${c.step}, ${c.name} (${c.covers}): ${implementation} answers ${row.status} ${row.errcode ?? ''} at check "${row.check}"`, () => {
          const server = buildServer({ implementation, rooms: c.rooms, users: ['mod', 'member', 'helper'], ...(c.settings ? { settings: c.settings } : {}) });
          const user = c.user ?? U;
          const origin = c.origin ?? 'hs9';
          const got =
            c.step === 'make_join'
              ? server.profile.resident.makeJoin(server, { origin, user, roomId: TARGET, versions: new Set(c.versions ?? ['10']), now: 0 })
              : server.profile.resident.sendJoin(server, { origin, user, roomId: TARGET, authorisingUser: c.authorisingUser ?? null, templateState: c.template ?? null, now: 0 });
          expect({ status: got.status, errcode: got.errcode, check: got.check }).toEqual({ status: row.status, errcode: row.errcode, check: row.check });
          if (row.authorisingUser !== undefined) expect(got.authorisingUser ?? null).toBe(row.authorisingUser);
          expect(got.reason.length).toBeGreaterThan(0);
        });
      }
    }
  }
});
