/**
 * The joining server's decisions as tables (reference §3.2-§3.3, §3.6-§3.8, §5.1
 * "Synapse joiner does" column): how each profile classifies each answer, which
 * candidates it builds, what it does when resident without an inviter, where
 * send_join goes, and what the client gets at the end. Each row names the profiles
 * it claims; every table row set must cover every profile. Answers are fed to the
 * joiner machine itself (joiner-driver.ts), with no world.
 */
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../engine/kernel/random-streams';
import { roomVersion } from '../../engine/matrix/room-versions';
import type { ResidentAnswer } from '../../engine/federation/messages';
import type { JoinerDecision, JoinPlan } from '../../engine/federation/profile';
import type { ImplementationName } from '../../engine/scenario/types';
import { ALL_PROFILES, buildServer, restricted, SPACE, TARGET, type ServerFixture } from '../fidelity/fixtures';
import { JoinDriver, summary } from './joiner-driver';

/** conduwuit and its successor tuwunel, which answer and join alike unless a row says otherwise. */
const CWT: ImplementationName[] = ['conduwuit', 'tuwunel'];
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
      { profiles: ['dendrite', ...CWT], decision: 'next' },
    ],
  },
  {
    answer: '400 M_INCOMPATIBLE_ROOM_VERSION (§5.1 row 10)',
    reply: reply(400, 'M_INCOMPATIBLE_ROOM_VERSION'),
    decisions: [
      { profiles: [...SYN_LIKE, 'synapse-1.77'], decision: 'abort' },
      { profiles: ['dendrite', ...CWT], decision: 'next' },
    ],
  },
  {
    answer: '404 M_UNRECOGNIZED (§5.1 row 6)',
    reply: reply(404, 'M_UNRECOGNIZED'),
    decisions: [
      { profiles: [...SYN_LIKE, 'synapse-1.77'], decision: 'abort' },
      { profiles: ['dendrite', ...CWT], decision: 'next' },
    ],
  },
  {
    answer: '401 M_UNAUTHORIZED (§3.2)',
    reply: reply(401, 'M_UNAUTHORIZED'),
    decisions: [
      { profiles: [...SYN_LIKE, 'synapse-1.77'], decision: 'abort' },
      { profiles: ['dendrite', ...CWT], decision: 'next' },
    ],
  },
  {
    answer: '400 M_BAD_JSON (§5.1 row 21, conduwuit)',
    reply: reply(400, 'M_BAD_JSON'),
    decisions: [
      { profiles: [...SYN_LIKE, 'synapse-1.77'], decision: 'abort' },
      { profiles: ['dendrite', ...CWT], decision: 'next' },
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
      { profiles: except(...CWT), decision: 'next' },
      { profiles: CWT, decision: 'abort' },
    ],
  },
  {
    answer: '400 M_UNABLE_TO_AUTHORISE_JOIN in a v8+ room (§5.2 S3)',
    rules: V10,
    reply: reply(400, 'M_UNABLE_TO_AUTHORISE_JOIN'),
    decisions: [
      { profiles: except(...CWT), decision: 'next' },
      { profiles: CWT, decision: 'abort' },
    ],
  },
  {
    answer: '400 M_UNABLE_TO_AUTHORISE_JOIN in a v7 room (§3.3: failover only for v8+)',
    rules: V7,
    reply: reply(400, 'M_UNABLE_TO_AUTHORISE_JOIN'),
    decisions: [
      { profiles: [...SYN_LIKE, 'synapse-1.77', ...CWT], decision: 'abort' },
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
          const join = new JoinDriver(joinerOf(p));
          join.startRemote(['hs1', 'hs3']);
          const after = summary(join.answer(row.reply));
          expect(after[0]).toBe(`settle ${decision}`);
          // What follows the decision: send_join, the next candidate, or the end of the join.
          const follows = { success: /^send send_join /, next: /^send make_join hs3$/, abort: /^finish failed / }[decision];
          expect(after[after.length - 1]).toMatch(follows);
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
          const join = new JoinDriver(joinerOf(p));
          join.startRemote(['hs1', 'hs3']);
          join.answer({ ...reply(200, null), roomVersion: row.rules.id });
          // Short retries (Synapse, on no answer, 5xx, 429) come first; the decision is the one after them.
          let after = summary(join.answer(row.reply));
          for (let retries = 0; after[0] === 'settle retry' && retries < 10; retries++) {
            join.feed({ type: 'backoff over' });
            after = summary(join.answer(row.reply));
          }
          expect(after[0]).toBe(`settle ${decision}`);
          // tuwunel tries the whole join again after a failure (§3.8): make_join at the first candidate.
          const failed = joinerOf(p).settings.joinAttempts > 1 ? 'send make_join hs1' : `finish failed ${row.reply?.status ?? 0} ${row.reply?.errcode ?? '-'}`;
          if (decision === 'abort') expect(after[after.length - 1]).toBe(failed);
          if (decision === 'success') expect(after[after.length - 1]).toBe('finish joined 200 -');
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
      { profiles: CWT, plan: { type: 'remote', candidates: ['hs1', 'hs3', 'hs5'] }, shuffled: true },
    ],
  },
  {
    name: 'not resident, no via: the room ID server (contract default; Dendrite and conduwuit add it anyway)',
    fixture: { users: ['u'] },
    user: '@u:hs2',
    plans: [{ profiles: except(...CWT), plan: { type: 'remote', candidates: ['hs1'] } }, { profiles: CWT, plan: { type: 'remote', candidates: ['hs1'] }, shuffled: true }],
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
      // tuwunel: a via list given is the list, not padded with the room ID's server (§3.8).
      { profiles: ['tuwunel'], plan: { type: 'remote', candidates: ['hs4'] } },
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
    name: 'resident with an inviter, user in no allowed room: refused locally with 403 (conduwuit and tuwunel fall back to a remote join, §1.6)',
    fixture: {
      users: ['u', 'mod'],
      rooms: { [TARGET]: restricted({ '@mod:hs2': 'join' }, { '@mod:hs2': 50 }), [SPACE]: { members: { '@mod:hs2': 'join' } } },
    },
    user: '@u:hs2',
    plans: [
      { profiles: except(...CWT), plan: { type: 'fail', status: 403, errcode: 'M_FORBIDDEN' } },
      { profiles: CWT, plan: { type: 'remote', candidates: ['hs1'] } },
    ],
  },
  {
    name: 'resident with an inviter, user banned (and in the space): the auth rules refuse the local join (§1.6; Dendrite\'s client sees 500)',
    fixture: {
      users: ['u', 'mod'],
      rooms: { [TARGET]: restricted({ '@mod:hs2': 'join', '@u:hs2': 'ban' }, { '@mod:hs2': 50 }), [SPACE]: { members: { '@mod:hs2': 'join', '@u:hs2': 'join' } } },
    },
    user: '@u:hs2',
    plans: [
      { profiles: except('dendrite'), plan: { type: 'fail', status: 403, errcode: 'M_FORBIDDEN' } },
      { profiles: ['dendrite'], plan: { type: 'fail', status: 500, errcode: 'M_UNKNOWN' } },
    ],
  },
  {
    name: 'resident in an invite-only room, user not invited: the auth rules refuse the local join (§1.6)',
    fixture: { users: ['u', 'mod'], rooms: { [TARGET]: { joinRules: { join_rule: 'invite' }, members: { '@mod:hs2': 'join' } } } },
    user: '@u:hs2',
    plans: [
      { profiles: [...SYN_LIKE, 'synapse-1.77'], plan: { type: 'fail', status: 403, errcode: 'M_FORBIDDEN' } },
      { profiles: ['dendrite'], plan: { type: 'fail', status: 500, errcode: 'M_UNKNOWN' } },
      { profiles: CWT, plan: { type: 'remote', candidates: ['hs1'] } },
    ],
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
    { profiles: ['dendrite', ...CWT], withAuthoriser: ['hs3'], without: ['hs3'] },
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
    { profiles: CWT, makeJoin: [403, 'M_FORBIDDEN'], afterNoAnswer: [502, 'M_UNKNOWN'], then: 'fail' },
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

  it('conduwuit stops after more than 15 incompatible-version answers (the last error), or with 500 after the 41st failed make_join (§1.6); the others never stop early', () => {
    const c = joinerOf('conduwuit');
    expect(c.stopMakeJoin({ attempts: 16, incompatible: 15 }, last)).toBeNull();
    expect(c.stopMakeJoin({ attempts: 16, incompatible: 16 }, last)).toEqual(last);
    expect(c.stopMakeJoin({ attempts: 40, incompatible: 0 }, last)).toBeNull();
    expect(c.stopMakeJoin({ attempts: 41, incompatible: 0 }, last)).toMatchObject({ status: 500, errcode: 'M_UNKNOWN' });
    for (const p of except(...CWT)) expect(joinerOf(p).stopMakeJoin({ attempts: 1000, incompatible: 1000 }, last)).toBeNull();
  });

  it('timers per profile: Synapse 20 s / 60 s with 3 retries; Dendrite 30 s / 5 min', () => {
    expect(joinerOf('synapse').timers).toEqual({ makeJoinTimeoutMs: 20_000, sendJoinTimeoutMs: 60_000 });
    expect(joinerOf('synapse').settings.sendJoinRetries).toBe(3);
    expect(joinerOf('dendrite').timers).toEqual({ makeJoinTimeoutMs: 30_000, sendJoinTimeoutMs: 300_000 });
    expect(joinerOf('dendrite').settings.sendJoinRetries).toBe(0);
  });
});

describe('joiner machine: whole sequences, fed by hand (§3.2-§3.8)', () => {
  const grant = reply(400, 'M_UNABLE_TO_GRANT_JOIN');
  const template = (authorisingUser: string | null = null): ResidentAnswer => ({ ...reply(200, null), roomVersion: '10', authorisingUser });

  it('plans first: started asks for the plan, and a remote plan sends make_join to the first candidate', () => {
    const join = new JoinDriver(joinerOf('synapse'));
    expect(summary(join.feed({ type: 'started' }))).toEqual(['plan']);
    expect(summary(join.feed({ type: 'planned', plan: { type: 'remote', candidates: ['hs1', 'hs3'], reason: 'r' } }))).toEqual(['send make_join hs1']);
    expect(join.effects[0]).toMatchObject({ type: 'join-start', plan: 'remote', candidates: 'hs1,hs3' });
  });

  for (const p of ALL) {
    it(`${p} fails over to the next resident on M_UNABLE_TO_GRANT_JOIN`, () => {
      const join = new JoinDriver(joinerOf(p));
      join.startRemote(['hs1', 'hs3']);
      expect(summary(join.answer(grant))).toEqual(['settle next', 'send make_join hs3']);
    });
  }

  it('synapse retries send_join three times on the same server (500 ms, 1 s, 2 s, jittered), then moves on (§3.4)', () => {
    const join = new JoinDriver(joinerOf('synapse'));
    join.lookups.jitter = 0.5; // U(0.8, 1.4) at its middle: x1.1
    join.startRemote(['hs1', 'hs3']);
    join.answer(template());
    const timers: string[] = [];
    for (let i = 0; i < 3; i++) {
      const after = summary(join.answer(reply(500, null)));
      expect(after).toEqual(['settle retry', after[1]]);
      timers.push(after[1] as string);
      expect(join.state.phase).toBe('retry-wait');
      expect(summary(join.feed({ type: 'backoff over' }))).toEqual(['send send_join hs1']);
    }
    expect(timers).toEqual(['timer 550', 'timer 1100', 'timer 2200']);
    expect(summary(join.answer(reply(500, null)))).toEqual(['settle next', 'backoff failure hs1', 'send send_join hs3']);
  });

  it('dendrite: a failed send_join goes back to make_join with the next candidate (§3.7)', () => {
    const join = new JoinDriver(joinerOf('dendrite'));
    join.startRemote(['hs1', 'hs3']);
    expect(summary(join.answer(template()))).toEqual(['settle success', 'hold events', 'send send_join hs1']);
    expect(summary(join.answer(reply(403, 'M_FORBIDDEN')))).toEqual(['settle next', 'send make_join hs3']);
  });

  it('conduwuit: send_join only at the make_join server, and an error there ends the join (§3.8)', () => {
    const join = new JoinDriver(joinerOf('conduwuit'));
    join.startRemote(['hs1', 'hs3']);
    join.answer(template('@mod:hs3'));
    expect(join.inFlight()).toMatchObject({ step: 'send_join', to: 'hs1' });
    expect(summary(join.answer(reply(403, 'M_FORBIDDEN')))).toEqual(['settle abort', 'release events', 'finish failed 403 M_FORBIDDEN']);
  });

  it('conduwuit gives up with 500 after its 41st failed make_join (§1.6); synapse goes on', () => {
    const candidates = Array.from({ length: 45 }, (_, i) => `r${i}`);
    const conduwuit = new JoinDriver(joinerOf('conduwuit'));
    conduwuit.startRemote(candidates);
    let after: string[] = [];
    for (let i = 0; i < 40; i++) after = summary(conduwuit.answer(reply(403, 'M_FORBIDDEN')));
    expect(after).toEqual(['settle next', 'send make_join r40']);
    after = summary(conduwuit.answer(reply(403, 'M_FORBIDDEN')));
    expect(after).toEqual(['settle next', 'finish failed 500 M_UNKNOWN']);
    const synapse = new JoinDriver(joinerOf('synapse'));
    synapse.startRemote(candidates);
    for (let i = 0; i < 41; i++) after = summary(synapse.answer(reply(500, null)));
    expect(after).toEqual(['settle next', 'backoff failure r40', 'send make_join r41']);
  });

  it('skips a destination in backoff without contacting it, as a failure (§3.5, §5.1 row 5)', () => {
    const join = new JoinDriver(joinerOf('synapse'));
    join.lookups.backoff.set('hs1', 61_000);
    expect(summary(join.startRemote(['hs1', 'hs3']))).toEqual(['skipped make_join hs1', 'send make_join hs3']);
    const skip = join.effects.find((e) => e.type === 'add attempt');
    expect(skip).toMatchObject({ attempt: { status: 0, decision: 'next', skipped: true, reason: 'not contacted: hs2 is backing off from hs1 for another 61 s' } });
    // Dendrite keeps no backoff for joins: the same lookups do not stop it.
    const dendrite = new JoinDriver(joinerOf('dendrite'));
    dendrite.lookups.backoff.set('hs1', 61_000);
    expect(summary(dendrite.startRemote(['hs1', 'hs3']))).toEqual(['send make_join hs1']);
  });

  it('holds the room\'s events during send_join only when not resident, and stops holding them when the join ends', () => {
    const join = new JoinDriver(joinerOf('synapse'));
    join.startRemote(['hs1']);
    expect(summary(join.answer(template()))).toEqual(['settle success', 'backoff clear hs1', 'hold events', 'send send_join hs1']);
    const state = { ...reply(200, null), state: {} as never };
    expect(summary(join.answer(state))).toEqual(['settle success', 'backoff clear hs1', 'take state', 'clear invite', 'release events', 'finish joined 200 -']);
    expect(join.effects.find((e) => e.type === 'finish')).toMatchObject({ resident: 'hs1', authorisedBy: null, local: false });
    const resident = new JoinDriver(joinerOf('synapse'));
    resident.lookups.resident = true;
    resident.startRemote(['hs1']);
    expect(summary(resident.answer(template()))).toEqual(['settle success', 'backoff clear hs1', 'send send_join hs1']);
  });

  it('a local plan joins locally and finishes at once, with the authoriser', () => {
    const join = new JoinDriver(joinerOf('synapse'));
    join.feed({ type: 'started' });
    const after = join.feed({ type: 'planned', plan: { type: 'local', authorisingUser: '@mod:hs2', reason: 'local' } });
    expect(summary(after)).toEqual(['join locally via @mod:hs2', 'clear invite', 'finish joined 200 -']);
    expect(after.find((e) => e.type === 'finish')).toMatchObject({ local: true, resident: 'hs2', authorisedBy: '@mod:hs2' });
  });

  it('a joining server that is down never plans, and one that goes down abandons the join at the next answer', () => {
    const down = new JoinDriver(joinerOf('synapse'));
    down.lookups.joinerDown = true;
    expect(summary(down.feed({ type: 'started' }))).toEqual(['finish failed 0 -']);
    const join = new JoinDriver(joinerOf('synapse'));
    join.startRemote(['hs1', 'hs3']);
    join.lookups.joinerDown = true;
    expect(summary(join.answer(grant))).toEqual(['settle abort', 'finish failed 0 -']);
  });

  it('a timeout is an answer of nobody: status 0 with the cause, then the next candidate', () => {
    const join = new JoinDriver(joinerOf('synapse'));
    join.startRemote(['hs1', 'hs3']);
    const after = join.feed({ type: 'timed out', request: 1, step: 'make_join', server: 'hs1', timeoutMs: 20_000, cause: 'hs1 is down' });
    expect(after[0]).toMatchObject({ type: 'settle attempt', status: 0, decision: 'next', reason: 'no answer within 20 s: hs1 is down' });
  });

  it('the run stopping ends a join under way, and one not started never starts', () => {
    const join = new JoinDriver(joinerOf('synapse'));
    join.startRemote(['hs1']);
    expect(summary(join.feed({ type: 'stopped', at: 5000 }))).toEqual(['mark unanswered', 'finish failed 0 -']);
    const never = new JoinDriver(joinerOf('synapse'));
    const after = never.feed({ type: 'stopped', at: 5000 });
    expect(after.find((e) => e.type === 'finish')).toMatchObject({ local: true, finishedAt: 0, message: 'never started: the run stopped at 5000 ms (until), before 0 ms' });
  });

  it('a finished join ignores what comes later, and no step changes the state it is given', () => {
    const join = new JoinDriver(joinerOf('synapse'));
    join.startRemote(['hs1']);
    const frozen = Object.freeze({ ...join.state });
    join.state = frozen;
    join.answer(reply(403, 'M_FORBIDDEN'));
    expect(join.state.phase).toBe('done');
    expect(frozen.phase).toBe('make_join');
    expect(join.feed({ type: 'answer arrived', request: 9, step: 'make_join', server: 'hs1', answer: grant })).toEqual([]);
    expect(join.feed({ type: 'backoff over' })).toEqual([]);
  });
});

describe('joiner machine: a soft-failed send_join (§1.4 Synapse send_join step 9, §5.2 S4)', () => {
  it('sends the template\'s state back with send_join, and a soft-failed 200 is a join, marked softFailedAt', () => {
    const join = new JoinDriver(joinerOf('synapse'));
    join.startRemote(['hs1']);
    const templateState = { joinRules: { join_rule: 'restricted' as const }, powerLevels: {}, userMembership: 'none' as const, authoriserMembership: 'join' as const };
    join.answer({ ...reply(200, null), roomVersion: '10', authorisingUser: '@mod:hs1', templateState });
    expect(join.state.templateState).toBe(templateState);
    const ownJoin = { stamp: 9 } as never;
    const after = join.answer({ ...reply(200, null), check: 'soft-fail', softFailed: true, ownJoin, state: {} as never });
    expect(summary(after)).toEqual(['settle success', 'backoff clear hs1', 'take state', 'clear invite', 'release events', 'finish joined 200 -']);
    expect(after.find((e) => e.type === 'take state')).toMatchObject({ ownJoin });
    expect(after.find((e) => e.type === 'finish')).toMatchObject({ outcome: 'joined', resident: 'hs1', softFailedAt: ['hs1'] });
  });
});

describe('joiner: tuwunel (§1.6 "conduwuit / tuwunel", §3.8)', () => {
  it('tries the whole join up to 3 times per client request, then the client gets the last error; conduwuit once', () => {
    const tuwunel = new JoinDriver(joinerOf('tuwunel'));
    tuwunel.startRemote(['hs1', 'hs3']);
    const forbidden = reply(403, 'M_FORBIDDEN');
    const steps: string[][] = [];
    for (let i = 0; i < 6; i++) steps.push(summary(tuwunel.answer(forbidden)));
    expect(steps).toEqual([
      ['settle next', 'send make_join hs3'],
      ['settle next', 'send make_join hs1'],
      ['settle next', 'send make_join hs3'],
      ['settle next', 'send make_join hs1'],
      ['settle next', 'send make_join hs3'],
      ['settle next', 'finish failed 403 M_FORBIDDEN'],
    ]);
    const conduwuit = new JoinDriver(joinerOf('conduwuit'));
    conduwuit.startRemote(['hs1']);
    expect(summary(conduwuit.answer(forbidden))).toEqual(['settle next', 'finish failed 403 M_FORBIDDEN']);
  });

  it('a failed send_join starts the whole join again at the first candidate', () => {
    const join = new JoinDriver(joinerOf('tuwunel'));
    join.startRemote(['hs1', 'hs3']);
    join.answer({ ...reply(200, null), roomVersion: '10' });
    expect(summary(join.answer(reply(403, 'M_FORBIDDEN')))).toEqual(['settle abort', 'send make_join hs1']);
    expect(join.state.joinAttempt).toBe(2);
  });

  it('gives up with 500 after the 48th failed make_join of one try (max_make_join_attempts_per_join_attempt)', () => {
    const t = joinerOf('tuwunel');
    const last = { status: 403, errcode: 'M_FORBIDDEN', message: 'last' };
    expect(t.stopMakeJoin({ attempts: 48, incompatible: 0 }, last)).toBeNull();
    expect(t.stopMakeJoin({ attempts: 49, incompatible: 0 }, last)).toMatchObject({ status: 500 });
  });

  it('shuffles the via list, adds the inviter, and asks deprioritised servers last', () => {
    const server = buildServer({ implementation: 'tuwunel', users: ['u'], settings: { deprioritizedServers: ['hs3'] }, invites: { [TARGET]: { '@u:hs2': '@admin:hs7' } } });
    for (const seed of ['1', '2', '3', '4']) {
      const streams = new RandomStreams(seed);
      const plan = server.profile.joiner.planJoin({ server, user: '@u:hs2', roomId: TARGET, via: ['hs3', 'hs5', 'hs4', 'hs2'], random: () => streams.stream('joiner:t') });
      if (plan.type !== 'remote') throw new Error(plan.type);
      expect([...plan.candidates].sort()).toEqual(['hs3', 'hs4', 'hs5', 'hs7']);
      expect(plan.candidates[plan.candidates.length - 1]).toBe('hs3');
      expect(plan.candidates[plan.candidates.length - 2]).toBe('hs7');
    }
  });
});
