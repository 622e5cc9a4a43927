/**
 * Per-destination backoff (reference §3.5) as a table of failures: 10 minutes,
 * then ×2×U(0.8, 1.4) each time, capped at 7 days; what counts as a failure; and
 * the per-room join rate limiter's bucket (off unless turned on).
 */
import { describe, expect, it } from 'vitest';
import { backoffRemaining, clearBackoff, isBackoffFailure, recordBackoffFailure } from '../../engine/federation/backoff';
import { isJoinRateLimited, consumeJoinRate } from '../../engine/federation/join-rate-limit';
import { RandomStreams } from '../../engine/kernel/random-streams';
import { buildServer } from './fixtures';

describe('destination backoff', () => {
  it('starts at 10 minutes, grows ×2×U(0.8, 1.4) per failure, and stops at 7 days', () => {
    const server = buildServer({ implementation: 'synapse' });
    const settings = server.profile.settings;
    const random = new RandomStreams('b').stream('backoff:hs2');
    let previous = recordBackoffFailure(server, 'hs9', 0, settings, random);
    expect(previous).toBe(600_000);
    for (let i = 0; i < 30; i++) {
      const next = recordBackoffFailure(server, 'hs9', 0, settings, random);
      if (next < settings.backoffMaxMs) {
        expect(next).toBeGreaterThanOrEqual(Math.floor(previous * 2 * 0.8));
        expect(next).toBeLessThanOrEqual(Math.ceil(previous * 2 * 1.4));
      }
      expect(next).toBeLessThanOrEqual(7 * 24 * 3_600_000);
      previous = next;
    }
    expect(previous).toBe(7 * 24 * 3_600_000);
    expect(backoffRemaining(server, 'hs9', 1000)).toBe(previous - 1000);
    clearBackoff(server, 'hs9');
    expect(backoffRemaining(server, 'hs9', 1000)).toBe(0);
  });

  const rows: Array<[string, { status: number; errcode: string | null } | null, boolean]> = [
    ['no answer', null, true],
    ['500', { status: 500, errcode: null }, true],
    ['429', { status: 429, errcode: 'M_LIMIT_EXCEEDED' }, true],
    ['401', { status: 401, errcode: 'M_UNAUTHORIZED' }, true],
    ['404 (no backoff_on_404 for joins)', { status: 404, errcode: 'M_NOT_FOUND' }, false],
    ['403', { status: 403, errcode: 'M_FORBIDDEN' }, false],
    ['400 AUTHORISE', { status: 400, errcode: 'M_UNABLE_TO_AUTHORISE_JOIN' }, false],
  ];
  for (const [name, answer, failure] of rows) {
    it(`${name} ${failure ? 'counts' : 'does not count'} as a failure`, () => {
      expect(isBackoffFailure(answer ? { ...answer, reason: '', check: '' } : null)).toBe(failure);
    });
  }
});

describe('per-room join rate limiter', () => {
  it('is off by default', () => {
    const server = buildServer({ implementation: 'synapse' });
    for (let i = 0; i < 100; i++) consumeJoinRate(server, '!r:hs1', 0, server.profile.settings);
    expect(isJoinRateLimited(server, '!r:hs1', 0, server.profile.settings)).toBe(false);
  });

  it('with 1/s and burst 10: ten joins at once, then one per second', () => {
    const server = buildServer({ implementation: 'synapse', settings: { joinRatePerSecond: 1, joinRateBurst: 10 } });
    const settings = server.profile.settings;
    for (let i = 0; i < 10; i++) {
      expect(isJoinRateLimited(server, '!r:hs1', 0, settings)).toBe(false);
      consumeJoinRate(server, '!r:hs1', 0, settings);
    }
    expect(isJoinRateLimited(server, '!r:hs1', 0, settings)).toBe(true);
    expect(isJoinRateLimited(server, '!r:hs1', 999, settings)).toBe(true);
    expect(isJoinRateLimited(server, '!r:hs1', 1000, settings)).toBe(false);
    // Another room has its own bucket.
    expect(isJoinRateLimited(server, '!other:hs1', 0, settings)).toBe(false);
  });
});

describe('profile settings', () => {
  it('rejects unknown settings and wrong types with path: message lines', async () => {
    const { checkProfileSettings } = await import('../../engine/federation/settings');
    expect(checkProfileSettings({ synapse: { timeoutMs: 100, backoff: 'yes' }, matrix: {} })).toEqual([
      expect.stringMatching(/^profileSettings\.synapse\.timeoutMs: unknown setting/),
      'profileSettings.synapse.backoff: expected true or false, got "yes"',
      expect.stringMatching(/^profileSettings\.matrix: unknown implementation/),
    ]);
    expect(checkProfileSettings({ dendrite: { makeJoinTimeoutMs: 1000 } })).toEqual([]);
  });
});
