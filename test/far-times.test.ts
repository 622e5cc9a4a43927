/**
 * The scenario format allows any time up to 2^53 - 1 ms. Past 2^50 ms the event
 * queue's key (time * 8 + priority) is no longer exact, but a run there must
 * still go as it goes at small times, not fail.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario } from '../engine/index';

const EXAMPLE = 'scenarios/examples/seed-failover.yaml';

function reportOf(text: string) {
  const loaded = loadScenario(text, EXAMPLE);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return runScenario(loaded.scenario).report;
}

describe('far times', () => {
  it('runs joins at 2^52 ms as it runs them at 1 and 2 s', () => {
    const text = readFileSync(EXAMPLE, 'utf8');
    const near = reportOf(text);
    const far = reportOf(text.replace('at: 1000,', `at: ${2 ** 52},`).replace('at: 2000,', `at: ${2 ** 52 + 1000},`));
    expect(far.joins.map((j) => [j.id, j.outcome, j.errcode, j.attempts.length])).toEqual(near.joins.map((j) => [j.id, j.outcome, j.errcode, j.attempts.length]));
  });
});
