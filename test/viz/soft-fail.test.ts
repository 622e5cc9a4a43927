/**
 * Soft-failed joins in the visualiser's model: the ladder keeps the deciding
 * check (so the send_join row says "soft-failed", not plain "accepted"), and the
 * join list's badge and the why panel's sentence name the residents.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ladderOf } from '../../viz/model/ladder';
import { loadInput } from '../../viz/model/load-input';
import { isSoftFailed, softFailBadge, softFailSentence } from '../../viz/model/soft-fail';
import { joinIndex, seedFailover } from './fixtures';

describe('soft-failed joins in the visualiser', () => {
  const text = readFileSync(new URL('../../scenarios/protocol/send-join-authoriser-demoted.yaml', import.meta.url), 'utf8');
  const loaded = loadInput(text, 'send-join-authoriser-demoted.yaml', 'protocol/send-join-authoriser-demoted');
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  const dataset = loaded.dataset;
  const join = dataset.report.joins[joinIndex(dataset, 'joiner')]!;

  it('marks the send_join arrow the resident soft-failed, and only that one', () => {
    const arrows = ladderOf(dataset, join, dataset.report.endedAt).arrows;
    expect(arrows.filter((a) => isSoftFailed(a)).map((a) => [a.server, a.step, a.status])).toEqual([['hs1', 'send_join', 200]]);
  });

  it('gives the join list a badge and the why panel a sentence naming the resident', () => {
    expect(softFailBadge(join)).toBe('◌ soft-failed at hs1');
    expect(softFailSentence(join)).toContain('hs1 soft-failed the join');
    expect(softFailSentence(join)).toContain('passed on to no other server');
  });

  it('says nothing for a join nobody soft-failed', () => {
    const plain = seedFailover();
    const joiner = plain.report.joins[joinIndex(plain, 'joiner')]!;
    expect(softFailBadge(joiner)).toBeNull();
    expect(softFailSentence(joiner)).toBeNull();
    expect(ladderOf(plain, joiner, plain.report.endedAt).arrows.some((a) => isSoftFailed(a))).toBe(false);
  });
});
