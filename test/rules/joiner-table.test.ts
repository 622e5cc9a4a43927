/**
 * The joining server's decisions as tables (reference §3.2-§3.3, §3.6-§3.8, §5.1
 * "Synapse joiner does" column): how each profile classifies each answer, which
 * candidates it builds, what it does when resident without an inviter, where
 * send_join goes, and what the client gets at the end. Each row names the profiles
 * it claims; every table row set must cover every profile.
 */
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../engine/kernel/random-streams';
import { roomVersion } from '../../engine/matrix/room-versions';
import type { ResidentAnswer } from '../../engine/federation/messages';
import type { JoinerDecision, JoinPlan } from '../../engine/federation/profile';
import type { ImplementationName } from '../../engine/scenario/types';
import { ALL_PROFILES, buildServer, restricted, SPACE, TARGET, type ServerFixture } from '../fidelity/fixtures';

const ALL = [...ALL_PROFILES];
const SYN_LIKE: ImplementationName[] = ['synapse', 'spec'];
const except = (...out: ImplementationName[]): ImplementationName[] => ALL.filter((p) => !out.includes(p));

const reply = (status: number, errcode: string | null): ResidentAnswer => ({ status, errcode, reason: 'r', check: 'c' });
const joinerOf = (implementation: ImplementationName) => buildServer({ implementation }).profile.joiner;

interface ClassifyRow {
  answer: string;
  /** null: no answer before the timeout. */
  reply: ResidentAnswer | null;
  decisions: Array<{ profiles: ImplementationName[]; decision: JoinerDecision }>;
}

function coversAll(rows: Array<{ profiles: ImplementationName[] }>): void {
  expect(rows.flatMap((r) => r.profiles).sort()).toEqual([...ALL_PROFILES].sort());
}

const MAKE_JOIN: ClassifyRow[] = [
  { answer: '200', reply: reply(200, null), decisions: [{ profiles: ALL, decision: 'success' }] },
  { answer: 'no answer (§5.1 rows 1-2)', reply: null, decisions: [{ profiles: ALL, decision: 'next' }] },
  { answer: '500, no errcode (§5.1 row 3)', reply: reply(500, null), decisions: [{ profiles: ALL, decision: 'next' }] },
  { answer: '429 M_LIMIT_EXCEEDED (§5.1 row 4)', reply: reply(429, 'M_LIMIT_EXCEEDED'), decisions: [{ profiles: ALL, decision: 'next' }] },
  {
    answer: '404 M_NOT_FOUND (§5.1 row 7; fatal before Synapse v1.78)',
    reply: reply(404, 'M_NOT_FOUND'),
    decisions: [
      { profiles: except('synapse-1.77'), decision: 'next' },
      { profiles: ['synapse-1.77'], decision: 'abort' },
    ],
  },
  { answer: '400 M_UNABLE_TO_AUTHORISE_JOIN (§5.1 row 18)', reply: reply(400, 'M_UNABLE_TO_AUTHORISE_JOIN'), decisions: [{ profiles: ALL, decision: 'next' }] },
  { answer: '400 M_UNABLE_TO_GRANT_JOIN (§5.1 row 16)', reply: reply(400, 'M_UNABLE_TO_GRANT_JOIN'), decisions: [{ profiles: ALL, decision: 'next' }] },
  {
    answer: '403 M_UNABLE_TO_AUTHORISE_JOIN (before v1.78 it had to be exactly 400)',
    reply: reply(403, 'M_UNABLE_TO_AUTHORISE_JOIN'),
    decisions: [
      { profiles: except('synapse-1.77'), decision: 'next' },
      { profiles: ['synapse-1.77'], decision: 'abort' },
    ],
  },
  {
    answer: '403 M_FORBIDDEN (§5.1 rows 9, 13, 19)',
    reply: reply(403, 'M_FORBIDDEN'),
    decisions: [
      { profiles: [...SYN_LIKE, 'synapse-1.77'], decision: 'abort' },
      { profiles: ['dendrite', 'conduwuit'], decision: 'next' },
    ],
  },
  {
    answer: '400 M_INCOMPATIBLE_ROOM_VERSION (§5.1 row 10)',
    reply: reply(400, 'M_INCOMPATIBLE_ROOM_VERSION'),
    decisions: [
      { profiles: [...SYN_LIKE, 'synapse-1.77'], decision: 'abort' },
      { profiles: ['dendrite', 'conduwuit'], decision: 'next' },
    ],
  },
  {
    answer: '404 M_UNRECOGNIZED (§5.1 row 6)',
    reply: reply(404, 'M_UNRECOGNIZED'),
    decisions: [
      { profiles: [...SYN_LIKE, 'synapse-1.77'], decision: 'abort' },
      { profiles: ['dendrite', 'conduwuit'], decision: 'next' },
    ],
  },
  {
    answer: '401 M_UNAUTHORIZED (§3.2)',
    reply: reply(401, 'M_UNAUTHORIZED'),
    decisions: [
      { profiles: [...SYN_LIKE, 'synapse-1.77'], decision: 'abort' },
      { profiles: ['dendrite', 'conduwuit'], decision: 'next' },
    ],
  },
  {
    answer: '400 M_BAD_JSON (§5.1 row 21, conduwuit)',
    reply: reply(400, 'M_BAD_JSON'),
    decisions: [
      { profiles: [...SYN_LIKE, 'synapse-1.77'], decision: 'abort' },
      { profiles: ['dendrite', 'conduwuit'], decision: 'next' },
    ],
  },
];

const V10 = roomVersion('10');
const V7 = roomVersion('7');

const SEND_JOIN: Array<ClassifyRow & { rules: typeof V10 }> = [
  { answer: '200 (§5.2 S1)', rules: V10, reply: reply(200, null), decisions: [{ profiles: ALL, decision: 'success' }] },
  { answer: 'no answer (§5.2 S7)', rules: V10, reply: null, decisions: [{ profiles: ALL, decision: 'next' }] },
  {
    answer: '500 (§5.2 S7)',
    rules: V10,
    reply: reply(500, null),
    decisions: [
      { profiles: except('conduwuit'), decision: 'next' },
      { profiles: ['conduwuit'], decision: 'abort' },
    ],
  },
  {
    answer: '400 M_UNABLE_TO_AUTHORISE_JOIN in a v8+ room (§5.2 S3)',
    rules: V10,
    reply: reply(400, 'M_UNABLE_TO_AUTHORISE_JOIN'),
    decisions: [
      { profiles: except('conduwuit'), decision: 'next' },
      { profiles: ['conduwuit'], decision: 'abort' },
    ],
  },
  {
    answer: '400 M_UNABLE_TO_AUTHORISE_JOIN in a v7 room (§3.3: failover only for v8+)',
    rules: V7,
    reply: reply(400, 'M_UNABLE_TO_AUTHORISE_JOIN'),
    decisions: [
      { profiles: [...SYN_LIKE, 'synapse-1.77', 'conduwuit'], decision: 'abort' },
      { profiles: ['dendrite'], decision: 'next' },
    ],
  },
  {
    answer: '403 M_FORBIDDEN (§5.2 S2, S4)',
    rules: V10,
    reply: reply(403, 'M_FORBIDDEN'),
    decisions: [
      { profiles: except('dendrite'), decision: 'abort' },
      { profiles: ['dendrite'], decision: 'next' },
    ],
  },
  {
    answer: '404 M_NOT_FOUND (§5.2 S6: not a send_join failover code)',
    rules: V10,
    reply: reply(404, 'M_NOT_FOUND'),
    decisions: [
      { profiles: except('dendrite'), decision: 'abort' },
      { profiles: ['dendrite'], decision: 'next' },
    ],
  },
];

describe('joiner: make_join classification', () => {
  for (const row of MAKE_JOIN) {
    it(`${row.answer} is claimed by every profile`, () => coversAll(row.decisions));
    for (const { profiles, decision } of row.decisions) {
      for (const p of profiles) {
        it(`${p} treats make_join ${row.answer} as ${decision}`, () => {
          expect(joinerOf(p).classifyMakeJoin(row.reply)).toBe(decision);
        });
      }
    }
  }
});

describe('joiner: send_join classification', () => {
  for (const row of SEND_JOIN) {
    it(`${row.answer} is claimed by every profile`, () => coversAll(row.decisions));
    for (const { profiles, decision } of row.decisions) {
      for (const p of profiles) {
        it(`${p} treats send_join ${row.answer} as ${decision}`, () => {
          expect(joinerOf(p).classifySendJoin(row.reply, row.rules)).toBe(decision);
        });
      }
    }
  }
});

interface PlanRow {
  name: string;
  fixture: Omit<ServerFixture, 'implementation'>;
  user: string;
  via?: string[];
  plans: Array<{ profiles: ImplementationName[]; plan: Partial<JoinPlan> & { type: JoinPlan['type'] }; shuffled?: boolean }>;
}

const PLANS: PlanRow[] = [
  {
    name: 'not resident: via in order, inviter last (§3.1, §3.7)',
    fixture: { users: ['u'], invites: { [TARGET]: { '@u:hs2': '@admin:hs1' } } },
    user: '@u:hs2',
    via: ['hs5', 'hs2', 'hs3', 'hs1'],
    plans: [
      // Synapse removes itself, appends the inviter, and does not de-duplicate.
      { profiles: [...SYN_LIKE, 'synapse-1.77'], plan: { type: 'remote', candidates: ['hs5', 'hs3', 'hs1', 'hs1'] } },
      // Dendrite: via, room ID server, inviter; repeats removed keeping order.
      { profiles: ['dendrite'], plan: { type: 'remote', candidates: ['hs5', 'hs3', 'hs1'] } },
      // conduwuit: the sorted, de-duplicated set, shuffled.
      { profiles: ['conduwuit'], plan: { type: 'remote', candidates: ['hs1', 'hs3', 'hs5'] }, shuffled: true },
    ],
  },
  {
    name: 'not resident, no via: the room ID server (contract default; Dendrite and conduwuit add it anyway)',
    fixture: { users: ['u'] },
    user: '@u:hs2',
    plans: [{ profiles: except('conduwuit'), plan: { type: 'remote', candidates: ['hs1'] } }, { profiles: ['conduwuit'], plan: { type: 'remote', candidates: ['hs1'] }, shuffled: true }],
  },
  {
    name: 'resident without an inviter (§3.1 item 3; Dendrite cannot fall back, §3.7)',
    fixture: {
      users: ['u', 'member'],
      rooms: { [TARGET]: restricted({ '@member:hs2': 'join', '@mod:hs3': 'join', '@x:hs4': 'join' }, { '@mod:hs3': 50 }), [SPACE]: { members: { '@u:hs2': 'join', '@member:hs2': 'join' } } },
    },
    user: '@u:hs2',
    via: ['hs4'],
    plans: [
      // Synapse: the residents with someone who may invite, by name; via ignored.
      { profiles: [...SYN_LIKE, 'synapse-1.77'], plan: { type: 'remote', candidates: ['hs1', 'hs3'] } },
      { profiles: ['dendrite'], plan: { type: 'fail', status: 403, errcode: 'M_FORBIDDEN' } },
      // conduwuit: its own shuffled list (our choice; the reference is silent).
      { profiles: ['conduwuit'], plan: { type: 'remote', candidates: ['hs1', 'hs4'] }, shuffled: true },
    ],
  },
  {
    name: 'resident with an inviter and the user seen in the space: local join',
    fixture: {
      users: ['u', 'mod'],
      rooms: { [TARGET]: restricted({ '@mod:hs2': 'join' }, { '@mod:hs2': 50 }), [SPACE]: { members: { '@u:hs2': 'join', '@mod:hs2': 'join' } } },
    },
    user: '@u:hs2',
    plans: [{ profiles: ALL, plan: { type: 'local', authorisingUser: '@mod:hs2' } }],
  },
  {
    name: 'resident with an inviter, user in no allowed room: refused locally with 403',
    fixture: {
      users: ['u', 'mod'],
      rooms: { [TARGET]: restricted({ '@mod:hs2': 'join' }, { '@mod:hs2': 50 }), [SPACE]: { members: { '@mod:hs2': 'join' } } },
    },
    user: '@u:hs2',
    plans: [{ profiles: ALL, plan: { type: 'fail', status: 403, errcode: 'M_FORBIDDEN' } }],
  },
  {
    name: 'already joined',
    fixture: { users: ['u'], rooms: { [TARGET]: { members: { '@u:hs2': 'join' } } } },
    user: '@u:hs2',
    plans: [{ profiles: ALL, plan: { type: 'already-joined' } }],
  },
  {
    name: 'no candidate left: 404 "no servers" (§3.1 item 5)',
    fixture: { name: 'hs1', users: ['u'] },
    user: '@u:hs1',
    via: ['hs1'],
    plans: [{ profiles: ALL, plan: { type: 'fail', status: 404, errcode: 'M_UNKNOWN' } }],
  },
];

describe('joiner: plans and candidates', () => {
  for (const row of PLANS) {
    it(`"${row.name}" is claimed by every profile`, () => coversAll(row.plans));
    for (const { profiles, plan, shuffled } of row.plans) {
      for (const p of profiles) {
        it(`${p}: ${row.name}`, () => {
          const server = buildServer({ implementation: p, ...row.fixture });
          const streams = new RandomStreams('1');
          const got = server.profile.joiner.planJoin({ server, user: row.user, roomId: TARGET, via: row.via, random: () => streams.stream('joiner:test') });
          expect(got.type).toBe(plan.type);
          if (got.type === 'remote' && plan.type === 'remote' && plan.candidates) {
            if (shuffled) expect([...got.candidates].sort()).toEqual(plan.candidates);
            else expect(got.candidates).toEqual(plan.candidates);
          }
          if (got.type === 'fail' && plan.type === 'fail') expect({ status: got.status, errcode: got.errcode }).toEqual({ status: plan.status, errcode: plan.errcode });
          if (got.type === 'local' && plan.type === 'local') expect(got.authorisingUser).toBe(plan.authorisingUser);
        });
      }
    }
  }

  it('conduwuit shuffles from the seeded stream: same seed, same order; some seed gives another order', () => {
    const server = buildServer({ implementation: 'conduwuit', users: ['u'] });
    const order = (seed: string): string[] => {
      const streams = new RandomStreams(seed);
      const plan = server.profile.joiner.planJoin({ server, user: '@u:hs2', roomId: TARGET, via: ['hs3', 'hs4', 'hs5', 'hs6', 'hs7'], random: () => streams.stream('joiner:hs2:j') });
      return plan.type === 'remote' ? plan.candidates : [];
    };
    expect(order('1')).toEqual(order('1'));
    const orders = new Set(['1', '2', '3', '4', '5', '6'].map((s) => order(s).join(',')));
    expect(orders.size).toBeGreaterThan(1);
  });
});

describe('joiner: send_join destinations (§3.3, §3.7, §3.8)', () => {
  const rows: Array<{ profiles: ImplementationName[]; withAuthoriser: string[]; without: string[] }> = [
    { profiles: [...SYN_LIKE, 'synapse-1.77'], withAuthoriser: ['hs3'], without: ['hs3', 'hs1', 'hs4'] },
    { profiles: ['dendrite', 'conduwuit'], withAuthoriser: ['hs3'], without: ['hs3'] },
  ];
  it('covers every profile', () => coversAll(rows));
  for (const row of rows) {
    for (const p of row.profiles) {
      it(`${p}: only the authoriser's server with JAVUS; ${row.without.join(', ')} without`, () => {
        const joiner = joinerOf(p);
        expect(joiner.sendJoinDestinations('hs3', '@mod:hs3', ['hs1', 'hs3', 'hs4'], V10)).toEqual(row.withAuthoriser);
        expect(joiner.sendJoinDestinations('hs3', null, ['hs1', 'hs3', 'hs4'], V10)).toEqual(row.without);
      });
    }
  }
});

describe('joiner: what the client gets (§3.6, §3.7, §3.8)', () => {
  const last = { status: 403, errcode: 'M_FORBIDDEN', message: 'last' };
  const rows: Array<{ profiles: ImplementationName[]; makeJoin: [number, string | null]; afterNoAnswer: [number, string | null]; then: 'fail' | 'next-candidate' }> = [
    { profiles: [...SYN_LIKE, 'synapse-1.77'], makeJoin: [502, 'M_UNKNOWN'], afterNoAnswer: [502, 'M_UNKNOWN'], then: 'fail' },
    { profiles: ['dendrite'], makeJoin: [403, 'M_FORBIDDEN'], afterNoAnswer: [500, 'M_UNKNOWN'], then: 'next-candidate' },
    { profiles: ['conduwuit'], makeJoin: [403, 'M_FORBIDDEN'], afterNoAnswer: [502, 'M_UNKNOWN'], then: 'fail' },
  ];
  it('covers every profile', () => coversAll(rows));
  for (const row of rows) {
    for (const p of row.profiles) {
      it(`${p}: candidates used up after a 403 gives ${row.makeJoin.join(' ')}; after no answer ${row.afterNoAnswer.join(' ')}`, () => {
        const joiner = joinerOf(p);
        const a = joiner.makeJoinExhausted(last);
        expect([a.status, a.errcode]).toEqual(row.makeJoin);
        const b = joiner.makeJoinExhausted({ status: 0, errcode: null, message: 'no answer' });
        expect([b.status, b.errcode]).toEqual(row.afterNoAnswer);
        expect(joiner.afterSendJoinExhausted).toBe(row.then);
      });
    }
  }

  it('conduwuit stops after more than 15 incompatible-version answers or 40 attempts; the others never stop early', () => {
    const c = joinerOf('conduwuit');
    expect(c.stopMakeJoin({ attempts: 16, incompatible: 15 }, last)).toBeNull();
    expect(c.stopMakeJoin({ attempts: 16, incompatible: 16 }, last)).toEqual(last);
    expect(c.stopMakeJoin({ attempts: 39, incompatible: 0 }, last)).toBeNull();
    expect(c.stopMakeJoin({ attempts: 40, incompatible: 0 }, last)).toEqual(last);
    for (const p of except('conduwuit')) expect(joinerOf(p).stopMakeJoin({ attempts: 1000, incompatible: 1000 }, last)).toBeNull();
  });

  it('timers per profile: Synapse 20 s / 60 s with 3 retries; Dendrite 30 s / 5 min', () => {
    expect(joinerOf('synapse').timers).toEqual({ makeJoinTimeoutMs: 20_000, sendJoinTimeoutMs: 60_000 });
    expect(joinerOf('synapse').settings.sendJoinRetries).toBe(3);
    expect(joinerOf('dendrite').timers).toEqual({ makeJoinTimeoutMs: 30_000, sendJoinTimeoutMs: 300_000 });
    expect(joinerOf('dendrite').settings.sendJoinRetries).toBe(0);
  });
});
