import { describe, expect, it } from 'vitest';
import { runScenarioTests } from '../../cli/commands/test';
import { SCENARIOS_DIR } from './fixtures';

describe('every shipped scenario', () => {
  it('runs through `fedsim test` with every expectation met and no bad file', { timeout: 300_000 }, () => {
    const suite = runScenarioTests([SCENARIOS_DIR]);
    const trouble = suite.results.filter((r) => r.status !== 'pass').map((r) => [r.file, ...r.failures, ...r.problems].join('\n  '));
    expect(trouble).toEqual([]);
    expect(suite.results.length).toBeGreaterThan(0);
  });
});
